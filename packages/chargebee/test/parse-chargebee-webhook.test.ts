import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { inspect } from 'node:util';
import { basicAuthHeader, billingEventSchema, createBillingClient, ValidationError } from '@billbridge/core';
import { expectWebhookRefusal } from '@billbridge/testing';
import Chargebee from 'chargebee';
import { describe, expect, it, vi } from 'vitest';
import { CHARGEBEE_WEBHOOK_EVENTS, chargebeeEventType, createChargebeeProvider } from '../src/index.js';
import { creditNote, invoice, SITE, T_VOID } from './support/chargebee-fixtures.js';

const AUTH = { username: 'billbridge-hooks', password: 'cb-webhook-password-DoNotLeak-42' };
const KEY = 'test_billbridgeWebhookKey000000000000';

function chargebeeEvent(
  eventType: string,
  content: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    id: 'ev_16BPgETyVrQbiGhA',
    occurred_at: T_VOID,
    source: 'api',
    object: 'event',
    api_version: 'v2',
    content,
    event_type: eventType,
    webhook_status: 'scheduled',
    webhooks: [{ id: 'whv2_Azz5aITsMVdKtVWV', webhook_status: 'scheduled', object: 'webhook' }],
    ...extra,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a made-up event with only the fields chargebeeEventType reads
const asEvent = (value: unknown) => value as any;

const voided = invoice({
  id: 'INV-1001',
  customerId: 'cust_jenny',
  status: 'voided',
  voidReasonCode: 'duplicate',
});

function billing(settings: { webhookAuth?: typeof AUTH } = { webhookAuth: AUTH }) {
  return createBillingClient({
    provider: createChargebeeProvider({ client: new Chargebee({ site: SITE, apiKey: KEY }), ...settings }),
  });
}

/** A delivery as Chargebee sends it; `authorization: null` sends none. */
function delivery(event: unknown, authorization: string | null = basicAuthHeader(AUTH)) {
  return {
    body: JSON.stringify(event),
    headers: {
      'content-type': 'application/json',
      ...(authorization !== null ? { Authorization: authorization } : {}),
    },
  };
}

describe('Chargebee webhooks', () => {
  it('invoice_updated with a voided invoice → invoice.voided, with the invoice mapped', async () => {
    const event = await billing().parseWebhook(
      delivery(chargebeeEvent('invoice_updated', { invoice: voided })),
    );
    expect(billingEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      id: 'ev_16BPgETyVrQbiGhA',
      provider: 'chargebee',
      type: 'invoice.voided',
      providerType: 'invoice_updated',
      occurredAt: new Date(T_VOID * 1000).toISOString(),
      apiVersion: 'v2',
      accountId: SITE,
      livemode: false,
      customerId: 'cust_jenny',
    });
    expect(event.invoice).toMatchObject({
      id: 'INV-1001',
      provider: 'chargebee',
      status: 'void',
      voidReasonCode: 'duplicate',
      appliedBalance: { amount: 500, currency: 'usd' },
    });
  });

  it('maps the event table', async () => {
    const note = (status: 'adjusted' | 'voided') =>
      creditNote({
        id: 'CN-1',
        invoiceId: 'INV-1001',
        customerId: 'cust_jenny',
        type: 'adjustment',
        status,
        total: 300,
      });
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'invoice_generated',
        { invoice: invoice({ id: 'INV-1', customerId: 'cust_jenny', status: 'payment_due' }) },
        'invoice.finalized',
      ],
      [
        'invoice_updated',
        { invoice: invoice({ id: 'INV-1', customerId: 'cust_jenny', status: 'paid' }) },
        'invoice.paid',
      ],
      [
        'invoice_updated',
        { invoice: invoice({ id: 'INV-1', customerId: 'cust_jenny', status: 'not_paid' }) },
        'invoice.marked_uncollectible',
      ],
      [
        'invoice_updated',
        { invoice: invoice({ id: 'INV-1', customerId: 'cust_jenny', status: 'payment_due' }) },
        'other',
      ],
      ['credit_note_created', { credit_note: note('adjusted') }, 'credit_note.created'],
      ['credit_note_updated', { credit_note: note('voided') }, 'credit_note.voided'],
      ['credit_note_updated', { credit_note: note('adjusted') }, 'other'],
      [
        'promotional_credits_added',
        {
          customer: { id: 'cust_jenny' },
          promotional_credit: { id: 'pc_1', customer_id: 'cust_jenny', type: 'increment', amount: 500 },
        },
        'customer_balance.changed',
      ],
      [
        'promotional_credits_deducted',
        {
          customer: { id: 'cust_jenny' },
          promotional_credit: { id: 'pc_2', customer_id: 'cust_jenny', type: 'decrement', amount: 500 },
        },
        'customer_balance.changed',
      ],
      ['subscription_created', { customer: { id: 'cust_jenny' } }, 'other'],
    ];
    for (const [eventType, content, type] of cases) {
      const event = await billing().parseWebhook(delivery(chargebeeEvent(eventType, content)));
      expect([eventType, event.type]).toEqual([eventType, type]);
      expect(event.providerType).toBe(eventType);
      expect(event.customerId).toBe('cust_jenny');
      if (content.credit_note) expect(event.creditNote?.id).toBe('CN-1');
    }
    expect(billing().capabilities.webhooks?.events).toEqual(CHARGEBEE_WEBHOOK_EVENTS);
  });

  // Until 2026-12-07 every later invoice_updated of a voided invoice was invoice.voided again.
  it('a later invoice_updated of an invoice voided earlier is other, not a second invoice.voided', async () => {
    const updatedLater = { ...voided, updated_at: T_VOID + 3_600, resource_version: (T_VOID + 3_600) * 1000 };
    const later = await billing().parseWebhook(
      delivery(
        chargebeeEvent(
          'invoice_updated',
          { invoice: updatedLater },
          { id: 'ev_later', occurred_at: T_VOID + 3_600 },
        ),
      ),
    );
    expect([later.type, later.invoice?.status]).toEqual(['other', 'void']);
    // The void's own event (updated when voided, or within a minute) stays invoice.voided.
    const own = { ...voided, updated_at: T_VOID + 5 };
    expect(chargebeeEventType(asEvent(chargebeeEvent('invoice_updated', { invoice: own })))).toBe(
      'invoice.voided',
    );
  });

  // The tables are plain objects: an event type or invoice status named like an Object.prototype
  // member must not find the member (a function) and pass it on as the event's type.
  it('an event type or invoice status named like an Object.prototype member is other', async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const event = await billing().parseWebhook(
        delivery(chargebeeEvent(name, { customer: { id: 'cust_jenny' } })),
      );
      expect([name, event.type]).toEqual([name, 'other']);
      expect(event.providerType).toBe(name);
      expect(event.customerId).toBe('cust_jenny');
      const updated = { event_type: 'invoice_updated', content: { invoice: { status: name } } };
      expect([name, chargebeeEventType(asEvent(updated))]).toEqual([name, 'other']);
    }
  });

  it('refuses wrong or missing Basic auth, saying what to fix', async () => {
    const body = chargebeeEvent('invoice_updated', { invoice: voided });
    const wrong = await expectWebhookRefusal(
      billing().parseWebhook(delivery(body, basicAuthHeader({ ...AUTH, password: 'guess' }))),
    );
    expect(wrong.message).toContain('wrong Basic auth');
    const missing = await expectWebhookRefusal(billing().parseWebhook(delivery(body, null)));
    expect(missing.message).toContain('the Authorization header is missing');
    expect(missing.message).toContain('Protect webhook URL with basic authentication');
    await expect(billing().parseWebhook(delivery(body, 'Bearer abc'))).rejects.toThrow('wrong Basic auth');
    await expect(
      billing().parseWebhook(delivery(body, basicAuthHeader({ ...AUTH, username: 'someone' }))),
    ).rejects.toThrow('wrong Basic auth');
    // Without webhookAuth configured, deliveries are taken on trust (Chargebee does not sign).
    await expect(billing({}).parseWebhook(delivery(body, null))).resolves.toMatchObject({
      type: 'invoice.voided',
    });
  });

  it('compares the credentials with crypto.timingSafeEqual over equal-length digests, whatever was sent', async () => {
    // A pass-through spy on node:crypto's `timingSafeEqual`, seen by every ES module that imports
    // it once `syncBuiltinESMExports` copies the CommonJS exports into the builtin's ESM bindings
    // (https://nodejs.org/api/module.html#modulesyncbuiltinesmexports). Not `vi.mock`: a module
    // mock would put this file in a project of its own, with a Vite server and worker of its own
    // (vitest.config.ts). Restored, and the bindings synced back, when the test ends.
    const spy = vi.spyOn(nodeCrypto, 'timingSafeEqual');
    syncBuiltinESMExports();
    try {
      const body = chargebeeEvent('invoice_updated', { invoice: voided });
      const attempts = [
        basicAuthHeader(AUTH),
        basicAuthHeader({ ...AUTH, password: 'x' }),
        basicAuthHeader({ ...AUTH, password: `${AUTH.password}-and-much-longer-than-the-real-one` }),
        'Bearer not-basic-at-all',
      ];
      for (const authorization of attempts) {
        spy.mockClear();
        await billing()
          .parseWebhook(delivery(body, authorization))
          .catch(() => undefined);
        // One comparison per delivery, of two 32-byte SHA-256 digests: no early exit on length or prefix.
        expect(spy).toHaveBeenCalledTimes(1);
        const [given, expected] = spy.mock.calls[0] as [Buffer, Buffer];
        expect(given.length).toBe(32);
        expect(expected.length).toBe(32);
      }
    } finally {
      spy.mockRestore();
      syncBuiltinESMExports();
    }
  });

  it('refuses an api_version other than v2, a body that is not JSON and a parsed body', async () => {
    const v1 = await expectWebhookRefusal(
      billing().parseWebhook(
        delivery(chargebeeEvent('invoice_updated', { invoice: voided }, { api_version: 'v1' })),
      ),
    );
    expect(v1.message).toContain('api_version is "v1"; billbridge reads v2 events');
    const noVersion = chargebeeEvent('invoice_updated', { invoice: voided });
    delete (noVersion as { api_version?: string }).api_version;
    await expect(billing().parseWebhook(delivery(noVersion))).rejects.toThrow('api_version is null');
    const notJson = await expectWebhookRefusal(
      billing().parseWebhook({
        body: 'id=ev_1&event_type=invoice_updated',
        headers: { authorization: basicAuthHeader(AUTH) },
      }),
    );
    expect(notJson.message).toContain('not JSON');
    const parsed = await expectWebhookRefusal(
      billing().parseWebhook({
        body: chargebeeEvent('invoice_updated', { invoice: voided }) as unknown as string,
        headers: { authorization: basicAuthHeader(AUTH) },
      }),
    );
    expect(parsed.message).toContain('not the raw request body');
    await expect(billing().parseWebhook(delivery({ id: 'ev_1', api_version: 'v2' }))).rejects.toThrow(
      'not a Chargebee event',
    );
  });

  it('never shows the password: message, stack, JSON, inspect, settings errors', async () => {
    const body = chargebeeEvent('invoice_updated', { invoice: voided });
    const errors = [
      await expectWebhookRefusal(
        billing().parseWebhook(delivery(body, basicAuthHeader({ ...AUTH, password: 'guess' }))),
      ),
      await expectWebhookRefusal(billing().parseWebhook(delivery(body, null))),
    ];
    for (const error of errors) {
      for (const view of [
        error.message,
        error.stack ?? '',
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
      ]) {
        expect(view).not.toContain(AUTH.password);
      }
    }
    let settingsError: unknown;
    try {
      createChargebeeProvider({
        site: SITE,
        apiKey: KEY,
        webhookAuth: { username: 'a:b', password: AUTH.password },
      });
    } catch (error) {
      settingsError = error;
    }
    expect(ValidationError.isInstance(settingsError)).toBe(true);
    expect(inspect(settingsError, { depth: 10 })).not.toContain(AUTH.password);
  });
});
