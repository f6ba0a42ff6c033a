import Chargebee from 'chargebee';
import Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { createChargebeeProvider } from '../../packages/chargebee/src/index.js';
import { type BillingClient, type CreditNote, createBillingClient } from '../../packages/core/src/index.js';
import { useSchemaCheckedEmulator } from '../../packages/emulator/test/support/use-schema-checked-emulator.js';
import { createStripeProvider } from '../../packages/stripe/src/index.js';

/**
 * A credit note without `amount` is for what is left to credit, which the adapter reads. When the
 * first attempt's answer is lost after the note was made, a retry that read it again sent another
 * body under the same key: Stripe refused it as an idempotency conflict, Chargebee took it as a new
 * request, and the client said `failed` while the note existed, so a caller could credit twice
 * (review of 2026-12-07). A retry sends what the first attempt sent, and is answered from the key.
 */
const emulator = useSchemaCheckedEmulator();
const noWait = { sleep: async () => {}, random: () => 0, now: () => 0 };

async function addFault(rule: Record<string, unknown>) {
  const response = await fetch(`${emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  expect(response.status).toBeLessThan(300);
}

const loseAnswersAfterEffect = (path: string, times: number) =>
  addFault({ method: 'POST', path, reset: 'after', times });

async function clearFaults() {
  expect((await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })).status).toBeLessThan(300);
}

/** A finalized Stripe invoice of 2 000 (`credit` of customer balance applied) and a client on it. */
async function stripeInvoice(key: string, credit = 0) {
  const stripe = new Stripe(key, { ...emulator.stripe, maxNetworkRetries: 0 });
  const customer = await stripe.customers.create(credit > 0 ? { balance: -credit } : {});
  await stripe.invoiceItems.create({ customer: customer.id, amount: 2_000, currency: 'usd' });
  const draft = await stripe.invoices.create({
    customer: customer.id,
    pending_invoice_items_behavior: 'include',
  });
  const invoice = await stripe.invoices.finalizeInvoice(draft.id);
  const client = createBillingClient({
    provider: createStripeProvider({ apiKey: key, apiBase: emulator.url }),
    retryRuntime: noWait,
  });
  return { stripe, invoice, client };
}

/** An unpaid Chargebee invoice of 1 500 for customer `customerId` and a client on it. */
async function chargebeeInvoice(apiKey: string, customerId: string) {
  const chargebee = new Chargebee({ apiKey, ...emulator.chargebee });
  await chargebee.customer.create({ id: customerId, first_name: 'Ada', auto_collection: 'off' });
  const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
    customer_id: customerId,
    currency_code: 'USD',
    auto_collection: 'off',
    charges: [{ amount: 1_500, description: 'Pro' }],
  });
  const client = createBillingClient({
    provider: createChargebeeProvider({ client: chargebee }),
    retryRuntime: noWait,
  });
  return { chargebee, invoice, client };
}

/** The invoice's credit notes are `[note]`, for `amount`. */
async function onlyNote(client: BillingClient, invoiceId: string, note: CreditNote, amount: number) {
  expect(note.total.amount).toBe(amount);
  const notes = await client.listCreditNotes({ invoiceId });
  expect(notes.map((listed) => [listed.id, listed.total.amount])).toEqual([[note.id, amount]]);
}

describe('createCreditNote without an amount, its first answer lost after the note was made', () => {
  it('Stripe: the retry sends the same amount and is answered with the note; one note exists', async () => {
    const { stripe, invoice: open, client } = await stripeInvoice('sk_test_creditNoteRetryAmount', 500);
    const invoice = await stripe.invoices.pay(open.id, { paid_out_of_band: true });
    // stripe-node retries a reset once on its own (its default); twice lost makes the client retry.
    await loseAnswersAfterEffect('/v1/credit_notes', 2);
    const note = await client.createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-retry-1' });
    await onlyNote(client, invoice.id, note, 2_000);
  });

  it('Chargebee: the retry sends the same note and is answered with it; the invoice is credited once', async () => {
    const { invoice, client } = await chargebeeInvoice('test_creditNoteRetryAmount', 'retry-ada');
    await loseAnswersAfterEffect('/api/v2/credit_notes', 1);
    const note = await client.createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-retry-2' });
    await onlyNote(client, invoice.id, note, 1_500);
  });
});

// Until 2026-12-07 the first request's amount was kept for the call's own retries only: a caller
// retrying an `unknown` outcome with the same key read the invoice again (0 left), and was told
// `failed` (Stripe's idempotency conflict) while the note existed, so it might credit again.
describe('createCreditNote without an amount, called again with the same key after an unknown outcome', () => {
  it('Stripe: the second call sends the first one’s amount and gets the note; one note exists', async () => {
    const { invoice, client } = await stripeInvoice('sk_test_creditNoteCallerRetry', 500);
    await loseAnswersAfterEffect('/v1/credit_notes', 100);
    const first = await client
      .createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-caller-1' })
      .catch((error) => error);
    expect(first).toMatchObject({ code: 'connection_failed', outcome: 'unknown' });
    await clearFaults();
    const note = await client.createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-caller-1' });
    await onlyNote(client, invoice.id, note, 1_500);
  });

  it('Chargebee: the second call sends the first one’s note and gets it; the invoice is credited once', async () => {
    const { invoice, client } = await chargebeeInvoice('test_creditNoteCallerRetry', 'caller-ada');
    await loseAnswersAfterEffect('/api/v2/credit_notes', 100);
    const first = await client
      .createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-caller-2' })
      .catch((error) => error);
    expect(first).toMatchObject({ outcome: 'unknown' });
    await clearFaults();
    const note = await client.createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-caller-2' });
    await onlyNote(client, invoice.id, note, 1_500);
  });
});

// The review of the fix above: the kept amount went to any later call under the key, even when the
// first request never took effect (a new call then sent a stale body); and it was kept 30 minutes,
// Chargebee's retention, so a Stripe caller's retry after that was told `failed` again.
describe('createCreditNote called again with the same key: the kept amount only when something was credited since', () => {
  it('Chargebee: a first request that did not take effect, then a payment: the second call credits as the invoice is now', async () => {
    const { chargebee, invoice, client } = await chargebeeInvoice('test_creditNoteStaleMemo', 'stale-ada');
    await addFault({ method: 'POST', path: '/api/v2/credit_notes', status: 503, times: 100 });
    await expect(
      client.createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-stale-1' }),
    ).rejects.toMatchObject({ outcome: 'unknown' });
    await clearFaults();
    await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 1_500, payment_method: 'cash' },
    });
    const note = await client.createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-stale-1' });
    await onlyNote(client, invoice.id, note, 1_500);
    expect((note.raw as { type: string }).type).toBe('refundable');
  });

  it('Stripe: the caller’s retry 31 minutes later still gets the note (Stripe keeps a key 24 hours)', async () => {
    const { invoice, client } = await stripeInvoice('sk_test_creditNoteLateRetry');
    await loseAnswersAfterEffect('/v1/credit_notes', 100);
    await expect(
      client.createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-late-1' }),
    ).rejects.toMatchObject({ outcome: 'unknown' });
    await clearFaults();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31 * 60_000 });
    let note: CreditNote;
    try {
      note = await client.createCreditNote({ invoiceId: invoice.id, idempotencyKey: 'cn-late-1' });
    } finally {
      vi.useRealTimers();
    }
    await onlyNote(client, invoice.id, note, 2_000);
  });
});
