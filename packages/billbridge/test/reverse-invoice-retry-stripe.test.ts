import { createBillingClient } from '@billbridge/core';
import { type RunningEmulator, startEmulator } from '@billbridge/emulator';
import { createStripeProvider } from '@billbridge/stripe';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A keyed `reverseInvoice` retried after it credited a paid invoice, through the Stripe adapter and
 * real HTTP to the emulator. Stripe lists credit notes newest first and `created` is in whole
 * seconds, so an earlier note made in the same second as the reversal's ties with it: the retry
 * must still find the reversal's request (a conflict on the other note is not the answer).
 */
describe('reverseInvoice retried with its key, Stripe adapter over HTTP', () => {
  const apiKey = 'sk_test_reverseRetry';
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('replays the reversal’s credit note, not an earlier one of the same second', async () => {
    const stripe = new Stripe(apiKey, { ...emulator.stripe, maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: 'usd' });
    const draft = await stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
    });
    await stripe.invoices.finalizeInvoice(draft.id!);
    await stripe.invoices.pay(draft.id!, { paid_out_of_band: true });
    const client = createBillingClient({
      provider: createStripeProvider({ apiKey, apiBase: emulator.url }),
      retry: { maxAttempts: 1 },
    });
    const earlier = await client.createCreditNote({ invoiceId: draft.id!, amount: 300, creditAmount: 300 });
    const first = await client.reverseInvoice(draft.id!, { paid: 'credit_balance', idempotencyKey: 'rev-1' });
    const again = await client.reverseInvoice(draft.id!, { paid: 'credit_balance', idempotencyKey: 'rev-1' });
    if (first.action !== 'credited' || again.action !== 'credited') throw new Error('expected two credits');
    expect(first.creditNote.total.amount).toBe(1700);
    expect(again.creditNote.id).toBe(first.creditNote.id);
    expect(again.creditNote.id).not.toBe(earlier.id);
    expect((await client.listCreditNotes({ invoiceId: draft.id! })).length).toBe(2);
    expect((await client.getCustomerBalance(customer.id)).credit).toBe(2000);
  });
});
