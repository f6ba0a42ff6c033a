/** Strict validation refuses deliberately bad copies of good cassettes (each starts from one that passes). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cassette } from '@billbridge/testing';
import { describe, expect, it } from 'vitest';
import { cassetteRoot } from './list-cassettes.js';
import { validateCassette, validateProviderObject } from './validate-provider-picture.js';

const load = (name: string): Cassette =>
  JSON.parse(readFileSync(join(cassetteRoot, name), 'utf8')) as Cassette;
const body = (cassette: Cassette, index = 0) =>
  cassette.interactions[index]!.response.body as Record<string, unknown>;

describe('strict validation refuses bad copies', () => {
  it('an invoice with paid: true under 2026-10-28.endive (removed by 2025-03-31.basil)', () => {
    const good = load('stripe/void-applied-credit-default.json');
    expect(good.meta.apiVersion).toBe('2026-10-28.endive');
    expect(validateCassette(good)).toEqual([]);
    body(good).paid = true;
    expect(validateCassette(good)).toEqual([
      {
        path: 'interaction 0: POST /v1/invoices/{id}/void response paid',
        message: 'is not a known parameter/property',
      },
    ]);
  });

  // stripe-node types every amount as `number`; the generator takes which are integers from Stripe's
  // published spec (scripts/provider-schemas/stripe-integer-fields.mjs). Until 2026-12-03 this passed.
  it('an invoice with a fractional amount under 2026-10-28.endive', () => {
    const good = load('stripe/void-applied-credit-default.json');
    body(good).amount_due = 1199.5;
    expect(validateCassette(good)).toEqual([
      {
        path: 'interaction 0: POST /v1/invoices/{id}/void response amount_due',
        message: 'expected integer, got number',
      },
    ]);
  });

  // stripe-node types a live object's `deleted` as `deleted?: void`: the key is never there. The
  // generator made that `{}`, which took any value, until 2026-12-03.
  it('a live invoice with deleted (only a deleted object has it) under 2026-10-28.endive', () => {
    const good = load('stripe/void-applied-credit-default.json');
    for (const value of [true, 'yes']) {
      body(good).deleted = value;
      expect(validateCassette(good)).toEqual([
        {
          path: 'interaction 0: POST /v1/invoices/{id}/void response deleted',
          message: 'is not a known parameter/property',
        },
      ]);
    }
  });

  it('the same invoice under 2019-11-05 must have paid (and judged by the 2019 spec)', () => {
    const old = load('stripe/void-applied-credit-2019-11-05-return.json');
    expect(validateCassette(old)).toEqual([]);
    delete body(old).paid;
    expect(validateCassette(old)).toEqual([
      { path: 'interaction 0: POST /v1/invoices/{invoice}/void response paid', message: 'is required' },
    ]);
  });

  it('a credit note without refunds, or with the removed refund', () => {
    const good = load('stripe/credit-note-create-mixed.json');
    expect(validateCassette(good)).toEqual([]);
    const note = body(good);
    delete note.refunds;
    note.refund = 're_1';
    expect(validateCassette(good).map((issue) => `${issue.path.split(' ').pop()} ${issue.message}`)).toEqual([
      'refunds is required',
      'refund is not a known parameter/property',
    ]);
  });

  it('a credit note whose type is not one of the exact enum values', () => {
    const good = load('stripe/credit-note-create-open.json');
    body(good).type = 'adjustment';
    expect(validateCassette(good)[0]?.message).toMatch(
      /must be one of \["mixed","post_payment","pre_payment"\]/,
    );
  });

  it('a Chargebee invoice whose line_items[0] has an unknown field', () => {
    const good = load('chargebee/void-with-reason-and-comment.json');
    expect(validateCassette(good)).toEqual([]);
    const invoice = body(good).invoice as { line_items: Record<string, unknown>[] };
    invoice.line_items[0]!.colour = 'red';
    expect(validateCassette(good)).toEqual([
      {
        path: 'interaction 0: POST /api/v2/invoices/{id}/void response invoice.line_items[0].colour',
        message: 'is not a known parameter/property',
      },
    ]);
  });

  // chargebee-node's types say `number`; the generator takes which amounts are integers from
  // Chargebee's v1 spec (scripts/provider-schemas/chargebee-integer-fields.mjs). Until 2026-12-03
  // these passed.
  it('a Chargebee invoice with a fractional amount_due or line amount', () => {
    const good = load('chargebee/void-with-reason-and-comment.json');
    const invoice = body(good).invoice as { amount_due: number; line_items: Record<string, unknown>[] };
    invoice.amount_due = 99.5;
    invoice.line_items[0]!.amount = 0.25;
    expect(validateCassette(good)).toEqual([
      {
        path: 'interaction 0: POST /api/v2/invoices/{id}/void response invoice.amount_due',
        message: 'expected integer, got number',
      },
      {
        path: 'interaction 0: POST /api/v2/invoices/{id}/void response invoice.line_items[0].amount',
        message: 'expected integer, got number',
      },
    ]);
  });

  it('a Chargebee invoice missing a required attribute, with a wrong status or a wrong type', () => {
    const good = load('chargebee/void-with-reason-and-comment.json');
    const invoice = body(good).invoice as Record<string, unknown>;
    delete invoice.currency_code;
    invoice.status = 'open';
    invoice.total = '1500';
    const issues = validateCassette(good).map((issue) => issue.path.split(' ').pop());
    expect(issues).toEqual(['invoice.currency_code', 'invoice.status', 'invoice.total']);
  });

  it('an unknown request parameter, an unknown query parameter and an unknown endpoint', () => {
    const bad = load('stripe/void-applied-credit-default.json');
    bad.interactions[0]!.request.body = { surprise: 'yes' };
    expect(validateCassette(bad)).toEqual([
      {
        path: 'interaction 0: POST /v1/invoices/{id}/void body surprise',
        message: 'is not a known parameter/property',
      },
    ]);
    const list = load('stripe/credit-note-list.json');
    list.interactions[0]!.request.path += '&colour=red';
    expect(validateCassette(list).map((issue) => issue.message)).toEqual([
      'is not a known parameter/property',
    ]);
    list.interactions[0]!.request.path = '/v1/credit_notes/cn_1/lines/x';
    expect(validateCassette(list)[0]?.message).toBe('no such operation in the spec');
    const chargebee = load('chargebee/credit-note-void.json');
    chargebee.interactions[0]!.request.body = { comment: 'x', colour: 'red' };
    expect(validateCassette(chargebee).map((issue) => issue.path.split(' ').pop())).toEqual(['colour']);
  });

  it('a customer missing a required field or with a wrong type', () => {
    const bad = load('stripe/customer-balance.json');
    delete body(bad).created;
    body(bad).balance = '-500';
    expect(validateCassette(bad).map((issue) => issue.path)).toEqual([
      'interaction 0: GET /v1/customers/{id} response (root)',
    ]);
  });

  it('a Stripe error body with an unknown field; a Chargebee error whose http_status_code is not its status', () => {
    const stripe = load('stripe/void-not-found.json');
    (body(stripe).error as Record<string, unknown>).statusCode = 404;
    expect(validateCassette(stripe).map((issue) => issue.path.split(' ').pop())).toEqual([
      'error.statusCode',
    ]);
    const chargebee = load('chargebee/void-unknown-invoice.json');
    body(chargebee).http_status_code = 400;
    expect(validateCassette(chargebee)[0]?.message).toMatch(/must be one of \[404\]/);
  });

  it('single objects: a Stripe invoice with subscription under today, and 2019 without paid', () => {
    const today = structuredClone(body(load('stripe/invoice-subscription.json')));
    expect(
      validateProviderObject({ provider: 'stripe', apiVersion: '2026-10-28.endive' }, 'invoice', today),
    ).toEqual([]);
    today.subscription = 'sub_1';
    expect(
      validateProviderObject({ provider: 'stripe', apiVersion: '2026-10-28.endive' }, 'invoice', today),
    ).toEqual([{ path: 'invoice.subscription', message: 'is not a known parameter/property' }]);
  });
});
