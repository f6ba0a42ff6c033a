import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import {
  type BillingClient,
  billingEventSchema,
  createBillingClient,
  ValidationError,
  WebhookVerificationError,
} from '@billbridge/core';
import { expectWebhookRefusal } from '@billbridge/testing';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createStripeProvider, STRIPE_WEBHOOK_EVENTS, type StripeProviderSettings } from '../src/index.js';
import { CUSTOMER, cassette, IN_OPEN, userStripe } from './stripe-test-kit.js';

/** Made-up signing secrets: they must never show up in an error. */
const SECRET = 'whsec_billbridgeTestSecretDoNotLeak000000';
const NEXT_SECRET = 'whsec_billbridgeRotatedSecretDoNotLeak11';
const NOW = new Date('2026-05-01T12:00:00.000Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

/** The response body of a documented cassette's first interaction: a Stripe object of that API version. */
function cassetteObject(name: string, index = 0): Record<string, unknown> {
  const recorded = JSON.parse(readFileSync(cassette(`${name}.json`), 'utf8'));
  return recorded.interactions[index].response.body;
}

const voidedInvoice = cassetteObject('void-applied-credit-default');
const voidedCreditNote = cassetteObject('credit-note-void');

function stripeEvent(type: string, object: unknown, extra: Record<string, unknown> = {}) {
  return {
    id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: nowSeconds - 5,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: 'req_bb0000000001', idempotency_key: 'void-key-1' },
    type,
    ...extra,
  };
}

/** A delivery as Stripe sends it, signed by stripe-node's own test helper. */
function delivery(payload: string, options: { secret?: string; timestamp?: number } = {}) {
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? SECRET,
    timestamp: options.timestamp ?? nowSeconds,
  });
  return { body: payload, headers: { 'Stripe-Signature': header, 'Content-Type': 'application/json' } };
}

function billing(settings: Partial<StripeProviderSettings> = {}): BillingClient {
  return createBillingClient({
    provider: createStripeProvider({
      client: userStripe(),
      webhookSecret: SECRET,
      now: () => NOW,
      ...settings,
    }),
  });
}

describe('Stripe webhooks: verification through stripe-node', () => {
  const payload = JSON.stringify(stripeEvent('invoice.voided', voidedInvoice));

  it('parses a signed invoice.voided with the invoice mapped', async () => {
    const event = await billing().parseWebhook(delivery(payload));
    expect(billingEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
      provider: 'stripe',
      type: 'invoice.voided',
      providerType: 'invoice.voided',
      occurredAt: new Date((nowSeconds - 5) * 1000).toISOString(),
      livemode: false,
      apiVersion: Stripe.API_VERSION,
      accountId: null,
      customerId: CUSTOMER,
    });
    expect(event.invoice).toMatchObject({
      id: IN_OPEN,
      provider: 'stripe',
      status: 'void',
      appliedBalance: { amount: 500, currency: 'usd' },
    });
    expect(event.raw).toEqual(JSON.parse(payload));
  });

  it('accepts the raw bytes (a Buffer, as express.raw() gives them)', async () => {
    const signed = delivery(payload);
    const event = await billing().parseWebhook({ ...signed, body: Buffer.from(payload, 'utf8') });
    expect(event.type).toBe('invoice.voided');
  });

  it('refuses the same body with one byte changed', async () => {
    const signed = delivery(payload);
    const tampered = signed.body.replace('"amount_due":1500', '"amount_due":1501');
    expect(tampered).not.toBe(signed.body);
    const error = await expectWebhookRefusal(billing().parseWebhook({ ...signed, body: tampered }));
    expect(error.message).toContain('the signature does not match the body');
    expect(error.message).toContain('not the exact bytes Stripe sent');
    expect(error.message).toContain('express.raw(');
  });

  it('refuses a delivery signed with another secret', async () => {
    const error = await expectWebhookRefusal(
      billing().parseWebhook(delivery(payload, { secret: 'whsec_someoneElsesSecret0000' })),
    );
    expect(error.message).toContain('does not match the body with the configured webhook secret');
    expect(error.message).toContain("webhookSecret is not this endpoint's signing secret");
  });

  it('refuses a timestamp 301 s old and accepts one 300 s old (tolerance 300 s)', async () => {
    const old = await expectWebhookRefusal(
      billing().parseWebhook(delivery(payload, { timestamp: nowSeconds - 301 })),
    );
    expect(old.message).toContain('timestamp is 301 s old, outside the 300 s tolerance');
    const edge = await billing().parseWebhook(delivery(payload, { timestamp: nowSeconds - 300 }));
    expect(edge.type).toBe('invoice.voided');
    // The clock is injected: the same delivery is fine at the time it was signed.
    const later = billing({ now: () => new Date(NOW.getTime() + 301_000) });
    await expect(later.parseWebhook(delivery(payload))).rejects.toThrow('outside the 300 s tolerance');
    const lenient = billing({ webhookToleranceSeconds: 600 });
    await expect(
      lenient.parseWebhook(delivery(payload, { timestamp: nowSeconds - 301 })),
    ).resolves.toMatchObject({ type: 'invoice.voided' });
  });

  it('refuses a JSON.parse-d body, saying to pass the raw body', async () => {
    const signed = delivery(payload);
    const error = await expectWebhookRefusal(
      billing().parseWebhook({ ...signed, body: JSON.parse(signed.body) as unknown as string }),
    );
    expect(error.message).toContain('an already parsed object, not the raw request body');
    expect(error.message).toContain('express.raw(');
    expect(error.message).toContain('await request.text()');
  });

  it('refuses a missing or malformed Stripe-Signature header', async () => {
    const missing = await expectWebhookRefusal(billing().parseWebhook({ body: payload, headers: {} }));
    expect(missing.message).toContain('the Stripe-Signature header is missing');
    const malformed = await expectWebhookRefusal(
      billing().parseWebhook({ body: payload, headers: { 'stripe-signature': 'v1=abc' } }),
    );
    expect(malformed.message).toContain('the Stripe-Signature header is malformed');
  });

  it('says so when no webhookSecret is configured', async () => {
    const error = await expectWebhookRefusal(
      billing({ webhookSecret: undefined }).parseWebhook(delivery(payload)),
    );
    expect(error.message).toContain('no webhookSecret is configured');
  });

  it('takes several secrets while one is rotated: a delivery signed by the second is accepted', async () => {
    const rotating = billing({ webhookSecret: [SECRET, NEXT_SECRET] });
    const bySecond = await rotating.parseWebhook(delivery(payload, { secret: NEXT_SECRET }));
    expect(bySecond.type).toBe('invoice.voided');
    const byFirst = await rotating.parseWebhook(delivery(payload, { secret: SECRET }));
    expect(byFirst.type).toBe('invoice.voided');
    // With only the old secret configured, the new one's signature is refused.
    await expect(billing().parseWebhook(delivery(payload, { secret: NEXT_SECRET }))).rejects.toThrow(
      WebhookVerificationError,
    );
    const stale = await expectWebhookRefusal(
      rotating.parseWebhook(delivery(payload, { secret: 'whsec_retiredSecret000000000' })),
    );
    expect(stale.message).toContain('any of the 2 configured webhook secrets');
  });

  it('never shows a secret: message, stack, JSON, inspect, settings errors', async () => {
    const rotating = billing({ webhookSecret: [SECRET, NEXT_SECRET] });
    const signed = delivery(payload, { secret: 'whsec_wrong000000000000000' });
    const errors = [
      await expectWebhookRefusal(rotating.parseWebhook(signed)),
      await expectWebhookRefusal(rotating.parseWebhook(delivery(payload, { timestamp: nowSeconds - 999 }))),
      await expectWebhookRefusal(rotating.parseWebhook({ body: payload, headers: {} })),
    ];
    for (const error of errors) {
      const views = [error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 10 })];
      for (const view of views) {
        expect(view).not.toContain(SECRET);
        expect(view).not.toContain(NEXT_SECRET);
      }
    }
    const settingsError = (() => {
      try {
        createStripeProvider({ client: userStripe(), webhookSecret: `${SECRET}\n` });
      } catch (error) {
        return error;
      }
    })();
    expect(ValidationError.isInstance(settingsError)).toBe(true);
    expect((settingsError as Error).message).toContain('must not contain whitespace');
    expect(inspect(settingsError, { depth: 10 })).not.toContain(SECRET);
  });
});

describe('Stripe webhooks: the event table', () => {
  const cases: [string, unknown, string][] = [
    ['invoice.finalized', { ...voidedInvoice, status: 'open' }, 'invoice.finalized'],
    ['invoice.paid', { ...voidedInvoice, status: 'paid' }, 'invoice.paid'],
    ['invoice.voided', voidedInvoice, 'invoice.voided'],
    [
      'invoice.marked_uncollectible',
      { ...voidedInvoice, status: 'uncollectible' },
      'invoice.marked_uncollectible',
    ],
    ['credit_note.created', { ...voidedCreditNote, status: 'issued' }, 'credit_note.created'],
    ['credit_note.voided', voidedCreditNote, 'credit_note.voided'],
    ['invoice.payment_failed', voidedInvoice, 'other'],
    ['charge.refunded', { id: 'ch_1', object: 'charge', customer: CUSTOMER }, 'other'],
  ];

  it.each(cases)('%s → %s', async (providerType, object, type) => {
    const event = await billing().parseWebhook(delivery(JSON.stringify(stripeEvent(providerType, object))));
    expect(event.type).toBe(type);
    expect(event.providerType).toBe(providerType);
    expect(event.customerId).toBe(CUSTOMER);
    const kind = (object as { object: string }).object;
    if (kind === 'invoice') expect(event.invoice?.id).toBe(IN_OPEN);
    else expect(event.invoice).toBeUndefined();
    if (kind === 'credit_note') {
      expect(event.creditNote).toMatchObject({
        id: voidedCreditNote.id,
        status: type === 'credit_note.voided' ? 'void' : 'issued',
      });
    } else expect(event.creditNote).toBeUndefined();
  });

  it('customer.balance_transaction.created → customer_balance.changed, with the customer', async () => {
    const transaction = {
      id: 'cbtxn_1MrxTfLkdIwHu7ixtL0MF1Bw',
      object: 'customer_balance_transaction',
      amount: -500,
      created: nowSeconds,
      currency: 'usd',
      customer: CUSTOMER,
      invoice: IN_OPEN,
      type: 'applied_to_invoice',
    };
    const event = await billing().parseWebhook(
      delivery(JSON.stringify(stripeEvent('customer.balance_transaction.created', transaction))),
    );
    expect(event).toMatchObject({ type: 'customer_balance.changed', customerId: CUSTOMER });
  });

  it('customer.updated with the old balance in previous_attributes → customer_balance.changed; another change → other', async () => {
    const customer = { id: CUSTOMER, object: 'customer', balance: -500, email: 'ada@example.com' };
    const changed = (previous: Record<string, unknown>) =>
      billing().parseWebhook(
        delivery(
          JSON.stringify({
            ...stripeEvent('customer.updated', customer),
            data: { object: customer, previous_attributes: previous },
          }),
        ),
      );
    await expect(changed({ balance: 0 })).resolves.toMatchObject({
      type: 'customer_balance.changed',
      providerType: 'customer.updated',
      customerId: CUSTOMER,
    });
    await expect(changed({ email: null })).resolves.toMatchObject({ type: 'other', customerId: CUSTOMER });
  });

  it('maps data.object in the shape of the event API version (2019-11-05: invoice.subscription)', async () => {
    const old = cassetteObject('void-applied-credit-2019-11-05-return');
    const event = await billing().parseWebhook(
      delivery(
        JSON.stringify(
          stripeEvent(
            'invoice.voided',
            { ...old, subscription: 'sub_1MowQVLkdIwHu7ixeRlqHVzs' },
            {
              api_version: '2019-11-05',
              account: 'acct_1M2JTkLkdIwHu7ix',
              livemode: true,
            },
          ),
        ),
      ),
    );
    expect(event).toMatchObject({
      apiVersion: '2019-11-05',
      accountId: 'acct_1M2JTkLkdIwHu7ix',
      livemode: true,
    });
    expect(event.invoice).toMatchObject({ status: 'void', subscriptionId: 'sub_1MowQVLkdIwHu7ixeRlqHVzs' });
  });

  // The table is a plain object: a type named like an Object.prototype member must not find the
  // member (a function) and pass it on as the event's type.
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'a signed event of type %s is other, not an inherited member of the table',
    async (providerType) => {
      const customer = { id: CUSTOMER, object: 'customer' };
      const event = await billing().parseWebhook(
        delivery(JSON.stringify(stripeEvent(providerType, customer))),
      );
      expect(event.type).toBe('other');
      expect(event.providerType).toBe(providerType);
      expect(event.customerId).toBe(CUSTOMER);
    },
  );

  it('declares the types it delivers as capabilities', () => {
    expect(createStripeProvider({ client: userStripe() }).capabilities.webhooks?.events).toEqual(
      STRIPE_WEBHOOK_EVENTS,
    );
    expect([...STRIPE_WEBHOOK_EVENTS].sort()).toEqual(
      [
        'credit_note.created',
        'credit_note.voided',
        'customer_balance.changed',
        'invoice.finalized',
        'invoice.marked_uncollectible',
        'invoice.paid',
        'invoice.voided',
        'other',
      ].sort(),
    );
  });
});
