import { createChargebeeProvider } from '@billbridge/chargebee';
import { type BillingEvent, createBillingClient } from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';
import Chargebee from 'chargebee';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { StartEmulatorOptions } from '../../src/start-emulator.js';
import { startSchemaCheckedEmulator } from '../support/schema-checked-emulator.js';
import { type ReceivedDelivery, startWebhookReceiver } from '../support/webhook-receiver.js';

/**
 * `startEmulator({ webhooks })` end to end: a real node:http receiver verifies each delivery through
 * the real adapters' `parseWebhook` (stripe-node's own signature check; Chargebee's Basic auth).
 */
const SECRET = 'whsec_emulatorWebhookTest0000';
const AUTH = { username: 'hooks', password: 'p@ss:word' };
type Verify = (delivery: ReceivedDelivery) => Promise<BillingEvent>;
const startReceiver = startWebhookReceiver;

const cleanups: (() => Promise<void> | void)[] = [];
const checks: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const check of checks.splice(0)) check();
});

const fastRetry = { webhookRetry: { baseDelayMs: 10, maxDelayMs: 40, attempts: 4, timeoutMs: 2_000 } };

/**
 * Each test starts emulators of its own (other webhook options, other retry timing), so the
 * per-file `useSchemaCheckedEmulator` does not fit; the check is the same: every answer judged by
 * the provider's schema, none off it by the end of the test.
 */
async function startEmulatorWith(
  options: StartEmulatorOptions,
  hooks: Parameters<typeof startSchemaCheckedEmulator>[1],
) {
  const emulator = await startSchemaCheckedEmulator(options, hooks);
  checks.push(() => expect(emulator.issues.splice(0)).toEqual([]));
  return emulator;
}

/**
 * A receiver answering `answers` first (then 200), an emulator delivering Stripe events to it, and
 * stripe-node on the emulator; each delivery is verified by the Stripe adapter's `parseWebhook`.
 */
async function startStripeDelivery(answers: Parameters<typeof startReceiver>[0]) {
  let verify: Verify | undefined;
  const receiver = await startReceiver(answers, () => verify);
  cleanups.push(() => receiver.close());
  const emulator = await startEmulatorWith({ webhooks: { url: receiver.url, secret: SECRET } }, fastRetry);
  cleanups.push(() => emulator.close());
  const stripe = new Stripe('sk_test_webhooks', { ...emulator.stripe, maxNetworkRetries: 0 });
  const billing = createBillingClient({
    provider: createStripeProvider({ client: stripe, webhookSecret: SECRET }),
  });
  verify = (delivery) => billing.parseWebhook(delivery);
  return { receiver, emulator, stripe };
}

describe('webhook delivery', () => {
  it('Stripe: every change signed with the secret, verified by stripe-node, retried past a 500 and a reset, in order', async () => {
    const { receiver, emulator, stripe } = await startStripeDelivery([500, 'reset']);

    const customer = await stripe.customers.create({ balance: -500 });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: 'usd' });
    const draft = await stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
    });
    await stripe.invoices.finalizeInvoice(draft.id);
    await stripe.invoices.voidInvoice(draft.id);
    await emulator.webhooksIdle();

    expect(receiver.refused).toEqual([]);
    // The first delivery failed twice (500, then a dropped connection) and was sent a third time.
    expect(receiver.hits.slice(0, 3).map((hit) => hit.answered)).toEqual([500, 'reset', 200]);
    // The same event (same id, same body) each time; only the signature's timestamp may differ.
    expect(receiver.hits[0]!.body).toBe(receiver.hits[2]!.body);
    const types = receiver.events.map((event) => event.providerType);
    expect(types[0]).toBe('customer.created');
    // Created with its balance: one customer.created showing it, no customer.updated (as Stripe).
    const created = receiver.events[0]!.raw as { data: { object: { balance: number } } };
    expect(created.data.object.balance).toBe(-500);
    expect(types[1]).toBe('invoiceitem.created');
    expect(types.at(-1)).toBe('invoice.voided');
    expect(types.indexOf('invoice.finalized')).toBeLessThan(types.indexOf('invoice.voided'));
    const voided = receiver.events.at(-1)!;
    expect(voided).toMatchObject({
      type: 'invoice.voided',
      customerId: customer.id,
      invoice: { id: draft.id, status: 'void' },
    });
    expect(new Set(receiver.events.map((event) => event.id)).size).toBe(receiver.events.length);
  });

  it('two accounts’ events never share an id (a receiver dedupes by event id)', async () => {
    const { receiver, emulator, stripe } = await startStripeDelivery([]);
    await stripe.customers.create({}, { stripeAccount: 'acct_webhookA' });
    await stripe.customers.create({}, { stripeAccount: 'acct_webhookB' });
    await emulator.webhooksIdle();
    const ids = receiver.events.map((event) => event.id);
    expect(ids).toHaveLength(2);
    // Until 2026-12-03 every account's first event was the same id, so the second was a "duplicate".
    expect(new Set(ids).size).toBe(2);
  });

  it('an account’s events after a reset have ids its events before it did not (a receiver keeps its dedupe store)', async () => {
    const { receiver, emulator, stripe } = await startStripeDelivery([]);
    await stripe.customers.create({}, { stripeAccount: 'acct_webhookReset' });
    await emulator.webhooksIdle();
    const reset = await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    await stripe.customers.create({}, { stripeAccount: 'acct_webhookReset' });
    await stripe.customers.create({}, { stripeAccount: 'acct_webhookReset' });
    await emulator.webhooksIdle();
    const ids = receiver.events.map((event) => event.id);
    expect(receiver.events.map((event) => event.providerType)).toEqual([
      'customer.created',
      'customer.created',
      'customer.created',
    ]);
    // Until 2026-12-07 the reset restarted the account's sequence: the first event after it had
    // the id of the first before it.
    expect(new Set(ids).size).toBe(3);
  });

  it('Chargebee: each change with the URL’s Basic auth, verified by the Chargebee adapter', async () => {
    let verify: Verify | undefined;
    const receiver = await startReceiver([503], () => verify);
    cleanups.push(() => receiver.close());
    const url = receiver.url.replace(
      'http://',
      `http://${AUTH.username}:${encodeURIComponent(AUTH.password)}@`,
    );
    const emulator = await startEmulatorWith({ webhooks: { url } }, fastRetry);
    cleanups.push(() => emulator.close());
    const chargebee = new Chargebee({
      ...emulator.chargebee,
      apiKey: 'test_webhooks',
      retryConfig: { enabled: false },
    });
    const billing = createBillingClient({
      provider: createChargebeeProvider({ client: chargebee, webhookAuth: AUTH }),
    });
    verify = (delivery) => billing.parseWebhook(delivery);

    const { customer } = await chargebee.customer.create({
      first_name: 'Ada',
      preferred_currency_code: 'USD',
    });
    await chargebee.promotionalCredit.add({ customer_id: customer.id, amount: 500, description: 'hello' });
    const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
      customer_id: customer.id,
      charges: [{ amount: 2000, description: 'Workshop' }],
    });
    await chargebee.invoice.voidInvoice(invoice.id, { void_reason_code: 'other', comment: 'test' });
    await emulator.webhooksIdle();

    expect(receiver.refused).toEqual([]);
    expect(receiver.hits[0]!.answered).toBe(503);
    expect(receiver.hits[1]!.body).toBe(receiver.hits[0]!.body);
    const voided = receiver.events.find((event) => event.type === 'invoice.voided');
    expect(voided).toMatchObject({ customerId: customer.id, invoice: { id: invoice.id, status: 'void' } });
    expect(receiver.events[0]!.providerType).toBe('customer_created');
  });

  // Until 2026-12-07 fetch followed it: a GET of the login page, answered 200, counted as delivered.
  it('a 302 is a failed delivery, retried, never followed (Stripe: 3xx is not received)', async () => {
    const { receiver, stripe, emulator } = await startStripeDelivery([302]);
    await stripe.customers.create();
    await emulator.webhooksIdle();
    expect(receiver.hits.map((hit) => `${hit.method} ${hit.answered}`)).toEqual(['POST 302', 'POST 200']);
    expect(receiver.events).toHaveLength(1);
  });

  it('gives up after the bounded attempts, and close() stops retrying', async () => {
    const receiver = await startReceiver(Array(100).fill(500), () => undefined);
    cleanups.push(() => receiver.close());
    const bounded = await startEmulatorWith({ webhooks: { url: receiver.url, secret: SECRET } }, fastRetry);
    const stripe = new Stripe('sk_test_bounded', { ...bounded.stripe, maxNetworkRetries: 0 });
    await stripe.customers.create();
    await bounded.webhooksIdle();
    expect(receiver.hits).toHaveLength(4);
    await bounded.close();

    const slow = await startEmulatorWith(
      { webhooks: { url: receiver.url, secret: SECRET } },
      { webhookRetry: { baseDelayMs: 200, attempts: 10 } },
    );
    const other = new Stripe('sk_test_closing', { ...slow.stripe, maxNetworkRetries: 0 });
    await other.customers.create();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const seen = receiver.hits.length;
    expect(seen).toBe(5);
    await slow.close();
    await slow.webhooksIdle();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.hits).toHaveLength(seen);
  });

  it('sends no Stripe events without a secret (Stripe always signs)', async () => {
    const receiver = await startReceiver([], () => undefined);
    cleanups.push(() => receiver.close());
    const emulator = await startEmulatorWith({ webhooks: { url: receiver.url } }, fastRetry);
    cleanups.push(() => emulator.close());
    const stripe = new Stripe('sk_test_unsigned', { ...emulator.stripe, maxNetworkRetries: 0 });
    await stripe.customers.create();
    await emulator.webhooksIdle();
    expect(receiver.hits).toEqual([]);
  });
});
