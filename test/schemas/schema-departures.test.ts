/** Every allowed departure holds inside its scope and is refused outside it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cassette } from '@billbridge/testing';
import { describe, expect, it } from 'vitest';
import { type OpenApiDocument, validateOpenApiSchema } from '../../packages/testing/src/openapi/index.js';
import { cassetteRoot } from './list-cassettes.js';
import { CHARGEBEE_SCHEMA_FILE, providerSchemaFor, specDataDir } from './provider-schemas.js';
import { SCHEMA_DEPARTURES } from './schema-departures.js';
import { validateCassette, validateProviderObject } from './validate-provider-picture.js';

const load = (name: string): Cassette =>
  JSON.parse(readFileSync(join(cassetteRoot, name), 'utf8')) as Cassette;
const chargebee = { provider: 'chargebee', apiVersion: 'v2' };
const voidedInvoice = () =>
  structuredClone(
    (
      load('chargebee/void-with-reason-and-comment.json').interactions[0]!.response.body as {
        invoice: Record<string, unknown>;
      }
    ).invoice,
  );
const tested = new Set<string>();

describe('allowed departures, each refused outside its scope', () => {
  it('stripe-consume-applied-balance: only before 2019-12-03', () => {
    tested.add('stripe-consume-applied-balance');
    const old = load('stripe/void-applied-credit-2019-11-05-return.json');
    expect(old.interactions[0]!.request.body).toEqual({ consume_applied_balance: 'false' });
    expect(validateCassette(old)).toEqual([]);
    const boundary = { ...old, meta: { ...old.meta, apiVersion: '2019-12-03' } };
    expect(validateCassette(boundary).map((issue) => issue.path)).toEqual([
      'interaction 0: POST /v1/invoices/{invoice}/void body consume_applied_balance',
    ]);
    const current = load('stripe/void-applied-credit-default.json');
    current.interactions[0]!.request.body = { consume_applied_balance: 'false' };
    expect(validateCassette(current)).toHaveLength(1);
  });

  it('chargebee-object-tags: only on the listed objects, each with its own value', () => {
    tested.add('chargebee-object-tags');
    const invoice = voidedInvoice();
    expect(validateProviderObject(chargebee, 'invoice', invoice)).toEqual([]);
    // Without the departure the SDK's own schema refuses the tag Chargebee sends.
    const generated = JSON.parse(
      readFileSync(join(specDataDir, CHARGEBEE_SCHEMA_FILE), 'utf8'),
    ) as OpenApiDocument;
    expect(
      validateOpenApiSchema(
        generated,
        { $ref: '#/components/schemas/Invoice.LineItem' },
        (invoice.line_items as unknown[])[0],
      ),
    ).toEqual([{ path: 'object', message: 'is not a known parameter/property' }]);
    const wrongTag = voidedInvoice();
    (wrongTag.line_items as Record<string, unknown>[])[0]!.object = 'discount';
    expect(validateProviderObject(chargebee, 'invoice', wrongTag)[0]?.path).toBe(
      'invoice.line_items[0].object',
    );
    const unlisted = voidedInvoice();
    unlisted.linked_payments = [
      {
        txn_id: 'txn_1',
        applied_amount: 100,
        applied_at: 1,
        txn_status: 'success',
        object: 'linked_payment',
      },
    ];
    expect(validateProviderObject(chargebee, 'invoice', unlisted)).toEqual([
      { path: 'invoice.linked_payments[0].object', message: 'is not a known parameter/property' },
    ]);
  });

  it('chargebee-linked-taxes-withheld: on invoices, by its documented attributes only', () => {
    tested.add('chargebee-linked-taxes-withheld');
    const invoice = voidedInvoice();
    invoice.linked_taxes_withheld = [
      { id: 'tw_1', amount: 150, description: 'TDS', date: 1, reference_number: 'R' },
    ];
    expect(validateProviderObject(chargebee, 'invoice', invoice)).toEqual([]);
    invoice.linked_taxes_withheld = [{ id: 'tw_1', amount: '150', colour: 'red' }];
    expect(validateProviderObject(chargebee, 'invoice', invoice).map((issue) => issue.path)).toEqual([
      'invoice.linked_taxes_withheld[0].amount',
      'invoice.linked_taxes_withheld[0].colour',
    ]);
    const note = structuredClone(
      (
        load('chargebee/credit-note-void.json').interactions[0]!.response.body as {
          credit_note: Record<string, unknown>;
        }
      ).credit_note,
    );
    expect(validateProviderObject(chargebee, 'credit_note', note)).toEqual([]);
    note.linked_taxes_withheld = [];
    expect(validateProviderObject(chargebee, 'credit_note', note)).toEqual([
      { path: 'credit_note.linked_taxes_withheld', message: 'is not a known parameter/property' },
    ]);
  });

  it('chargebee-event-object-tag: "object": "event" on events only', () => {
    tested.add('chargebee-event-object-tag');
    const event = {
      id: 'ev_1',
      occurred_at: 1,
      source: 'api',
      object: 'event',
      api_version: 'v2',
      event_type: 'invoice_updated',
      webhook_status: 'scheduled',
      content: { invoice: voidedInvoice() },
    };
    expect(validateProviderObject(chargebee, 'event', event)).toEqual([]);
    expect(validateProviderObject(chargebee, 'event', { ...event, object: 'invoice' })[0]?.path).toBe(
      'event.object',
    );
    const generated = JSON.parse(
      readFileSync(join(specDataDir, CHARGEBEE_SCHEMA_FILE), 'utf8'),
    ) as OpenApiDocument;
    expect(
      validateOpenApiSchema(generated, { $ref: '#/components/schemas/Event.invoice_updated' }, event).map(
        (issue) => issue.path,
      ),
    ).toContain('object');
    // Not on the event's webhook records.
    const webhooks = [{ id: 'wh_1', webhook_status: 'succeeded', object: 'event' }];
    expect(validateProviderObject(chargebee, 'event', { ...event, webhooks })).toEqual([
      { path: 'event.webhooks[0].object', message: 'is not a known parameter/property' },
    ]);
  });

  it('chargebee-event-related-resources: only the listed contents, their own resources still required', () => {
    tested.add('chargebee-event-related-resources');
    const customer = structuredClone(
      (load('chargebee/customer-balance.json').interactions[0]!.response.body as { customer: unknown })
        .customer,
    );
    const event = (event_type: string, content: Record<string, unknown>) => ({
      id: 'ev_1',
      occurred_at: 1,
      source: 'api',
      object: 'event',
      api_version: 'v2',
      event_type,
      webhook_status: 'scheduled',
      content,
    });
    expect(validateProviderObject(chargebee, 'event', event('customer_changed', { customer }))).toEqual([]);
    expect(validateProviderObject(chargebee, 'event', event('customer_changed', {}))).toEqual([
      { path: 'event.content.customer', message: 'is required' },
    ]);
    // An unlisted content keeps the SDK's required resources.
    expect(
      validateProviderObject(chargebee, 'event', event('customer_deleted', { customer })).map(
        (issue) => issue.path,
      ),
    ).toContain('event.content.card');
  });

  it('chargebee-legacy-error-fields: on error bodies only', () => {
    tested.add('chargebee-legacy-error-fields');
    const refused = load('chargebee/void-unknown-invoice.json');
    expect(refused.interactions[0]!.response.body).toHaveProperty('error_msg');
    expect(validateCassette(refused)).toEqual([]);
    const invoice = voidedInvoice();
    invoice.error_msg = 'not on an invoice';
    expect(validateProviderObject(chargebee, 'invoice', invoice)).toEqual([
      { path: 'invoice.error_msg', message: 'is not a known parameter/property' },
    ]);
  });

  it('stripe-nested-list-total-count: lines and items before basil only, judged closed', () => {
    tested.add('stripe-nested-list-total-count');
    const legacy = { provider: 'stripe', apiVersion: '2019-11-05' };
    const closed = (target: typeof legacy, kind: 'invoice' | 'credit_note', value: unknown) => {
      const { document } = providerSchemaFor(target.provider, target.apiVersion);
      const ref = `#/components/schemas/${kind}`;
      return validateOpenApiSchema(document, { $ref: ref }, value, { closedObjects: true, path: kind });
    };
    const invoice = load('stripe/contract/2019-11-05/reverse-open.json').interactions[0]!.response.body as {
      lines: Record<string, unknown>;
    };
    expect(invoice.lines.total_count).toBe(0);
    expect(closed(legacy, 'invoice', invoice)).toEqual([]);
    // The subscription's items, the departure's other list.
    const subscription = load('stripe/contract/2019-11-05/subscription-balance-settings.json')
      .interactions[0]!.response.body as { items: Record<string, unknown> };
    expect(subscription.items.total_count).toBe(0);
    const legacyDocument = providerSchemaFor('stripe', '2019-11-05').document;
    const judgeSubscription = (value: unknown) =>
      validateOpenApiSchema(legacyDocument, { $ref: '#/components/schemas/subscription' }, value, {
        closedObjects: true,
      });
    expect(judgeSubscription(subscription)).toEqual([]);
    expect(judgeSubscription({ ...subscription, items: { ...subscription.items, count: 0 } })).toEqual([
      { path: 'items.count', message: 'is not a known parameter/property' },
    ]);
    // Another list of the same version: a customer's sources.
    const { document } = providerSchemaFor('stripe', '2019-11-05');
    const sources = document.components.schemas.customer?.properties?.sources;
    expect(sources?.properties?.data).toBeDefined();
    expect(
      validateOpenApiSchema(
        document,
        sources!,
        { object: 'list', data: [], has_more: false, url: '/v1/customers/cus_1/sources', total_count: 0 },
        { closedObjects: true },
      ),
    ).toEqual([{ path: 'total_count', message: 'is not a known parameter/property' }]);
    // Another field on the same list.
    expect(closed(legacy, 'invoice', { ...invoice, lines: { ...invoice.lines, count: 0 } })).toEqual([
      { path: 'invoice.lines.count', message: 'is not a known parameter/property' },
    ]);
    // Today's version: not allowed.
    const today = { provider: 'stripe', apiVersion: '2026-10-28.endive' };
    const current = load('stripe/void-applied-credit-default.json').interactions[0]!.response.body as {
      lines: Record<string, unknown>;
    };
    expect(validateProviderObject(today, 'invoice', current)).toEqual([]);
    expect(
      validateProviderObject(today, 'invoice', { ...current, lines: { ...current.lines, total_count: 1 } }),
    ).toEqual([{ path: 'invoice.lines.total_count', message: 'is not a known parameter/property' }]);
  });

  it('every departure has its scope test above, a reason and a source', () => {
    for (const departure of SCHEMA_DEPARTURES) {
      expect(tested, departure.id).toContain(departure.id);
      expect(departure.reason.length).toBeGreaterThan(20);
      expect(departure.source.length).toBeGreaterThan(10);
    }
    // Departures apply to the versions they name only.
    expect(providerSchemaFor('stripe', '2019-11-05').departures.map((d) => d.id)).toEqual([
      'stripe-consume-applied-balance',
      'stripe-nested-list-total-count',
    ]);
    expect(providerSchemaFor('stripe', '2026-10-28.endive').departures).toEqual([]);
  });
});
