/**
 * `createCreditNote({ invoiceId })` without an amount credits what is left to credit (DESIGN §4),
 * through the real adapters and SDKs over HTTP to the emulator, and the memory provider agrees:
 * - Stripe, an open invoice that took 300 of customer balance: what is left is its `amount_due`
 *   (700), not total minus credited (1 000), which Stripe refuses for a pre-payment note.
 * - Chargebee, a paid invoice: the note is `refundable` (its amount stays with the customer), not an
 *   `adjustment`, which Chargebee allows on an unpaid invoice only.
 * Both were wrong in the adapters until 2026-12-03 (each test fails on the old adapter).
 */

import { createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { createStripeProvider } from '@billbridge/stripe';
import Chargebee from 'chargebee';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { openStripeInvoice } from '../../packages/emulator/test/support/schema-checked-emulator.js';
import { useSchemaCheckedEmulator } from '../../packages/emulator/test/support/use-schema-checked-emulator.js';

const emulator = useSchemaCheckedEmulator();

describe('a credit note without an amount credits what is left', () => {
  it('Stripe: an open invoice with 300 of balance applied gets a note of its amount_due (700)', async () => {
    const stripe = new Stripe('sk_test_billbridgeCreditNoteDefaults', {
      ...emulator.stripe,
      stripeAccount: 'acct_creditNoteDefaults',
      maxNetworkRetries: 0,
    });
    const customer = await stripe.customers.create({ balance: -300 });
    const open = await openStripeInvoice(stripe, customer.id, 1000);
    expect([open.total, open.amount_due]).toEqual([1000, 700]);
    const client = createBillingClient({
      provider: createStripeProvider({ client: stripe }),
      retry: { maxAttempts: 1 },
    });
    const note = await client.createCreditNote({ invoiceId: open.id });
    expect(note).toMatchObject({ kind: 'adjustment', total: { amount: 700, currency: 'usd' } });
    expect((await stripe.invoices.retrieve(open.id)).amount_remaining).toBe(0);

    const memory = createMemoryProvider({ flavor: 'stripe' });
    memory.createCustomer({ id: 'cus_defaults', currency: 'usd', credit: 300 });
    const invoice = memory.createInvoice({ customerId: 'cus_defaults', lines: [{ amount: 1000 }] });
    memory.finalizeInvoice(invoice.id);
    const memoryNote = await createBillingClient({ provider: memory }).createCreditNote({
      invoiceId: invoice.id,
    });
    expect(memoryNote).toMatchObject({ kind: note.kind, total: note.total });
  });

  it('Chargebee: a paid invoice gets a refundable note of its total', async () => {
    const chargebee = new Chargebee({ apiKey: 'test_billbridgeCreditNoteDefaults', ...emulator.chargebee });
    const { customer } = await chargebee.customer.create({
      first_name: 'Ada',
      preferred_currency_code: 'USD',
    });
    const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
      customer_id: customer.id,
      charges: [{ amount: 1000, description: 'Seats' }],
    });
    await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: invoice.amount_due, payment_method: 'cash' },
    });
    const client = createBillingClient({
      provider: createChargebeeProvider({ client: chargebee }),
      retry: { maxAttempts: 1 },
    });
    const note = await client.createCreditNote({ invoiceId: invoice.id });
    expect(note).toMatchObject({
      kind: 'credit',
      providerStatus: 'refund_due',
      total: { amount: 1000, currency: 'usd' },
    });

    // Paid after an adjustment of 300: what is left is the 700 paid, not the total. (Another
    // customer: the first now holds the note's 1 000 of refundable credits, which would pay it.)
    const { customer: other } = await chargebee.customer.create({
      first_name: 'Grace',
      preferred_currency_code: 'USD',
    });
    const { invoice: adjusted } = await chargebee.invoice.createForChargeItemsAndCharges({
      customer_id: other.id,
      charges: [{ amount: 1000, description: 'Seats' }],
    });
    await chargebee.creditNote.create({ reference_invoice_id: adjusted.id, type: 'adjustment', total: 300 });
    await chargebee.invoice.recordPayment(adjusted.id, {
      transaction: { amount: 700, payment_method: 'cash' },
    });
    expect(await client.createCreditNote({ invoiceId: adjusted.id })).toMatchObject({
      kind: 'credit',
      total: { amount: 700, currency: 'usd' },
    });

    const memory = createMemoryProvider({ flavor: 'chargebee' });
    memory.createCustomer({ id: 'cb_defaults', currency: 'usd' });
    const draft = memory.createInvoice({ customerId: 'cb_defaults', lines: [{ amount: 1000 }] });
    memory.finalizeInvoice(draft.id);
    memory.payInvoice(draft.id);
    const memoryNote = await createBillingClient({ provider: memory }).createCreditNote({
      invoiceId: draft.id,
    });
    expect(memoryNote).toMatchObject({ kind: note.kind, total: note.total });
  });
});
