import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { openStripeInvoice, postStripeForm } from '../support/schema-checked-emulator.js';
import { useSchemaCheckedEmulator } from '../support/use-schema-checked-emulator.js';

/**
 * An application's own stripe-node calls against the emulator over real HTTP (no billbridge
 * involved): the balance-on-void scenario of issue 14 on today's version and on 2019-11-05, a
 * credit note on a paid invoice, the void parameter per version. Every answer is schema-checked.
 */
const emulator = useSchemaCheckedEmulator({}, { requireAnswers: true });
const KEY = 'sk_test_emulatorRawScenarios';
const stripeFor = (apiVersion?: string) =>
  new Stripe(KEY, {
    ...emulator.stripe,
    maxNetworkRetries: 0,
    ...(apiVersion ? { apiVersion: apiVersion as Stripe.StripeConfig['apiVersion'] } : {}),
  });

const rawPost = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  postStripeForm(`${emulator.url}${path}`, KEY, form, headers);

describe('stripe-node against the emulator', () => {
  it('today: balance -500, item 2 000, finalize → amount_due 1 500, void → balance back to -500', async () => {
    const stripe = stripeFor();
    const customer = await stripe.customers.create({ balance: -500, email: 'jenny@example.com' });
    expect(customer.balance).toBe(-500);
    const invoice = await stripe.invoices.create({
      customer: customer.id,
      collection_method: 'send_invoice',
      days_until_due: 30,
    });
    await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 2000,
      currency: 'usd',
      invoice: invoice.id,
    });
    const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(finalized).toMatchObject({
      status: 'open',
      total: 2000,
      amount_due: 1500,
      starting_balance: -500,
      ending_balance: 0,
    });
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ balance: 0 });
    const voided = await stripe.invoices.voidInvoice(invoice.id);
    expect(voided.status).toBe('void');
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-500);
    const transactions = await stripe.customers.listBalanceTransactions(customer.id);
    expect(transactions.data.map((entry) => [entry.type, entry.amount, entry.ending_balance])).toEqual([
      ['unapplied_from_invoice', -500, -500],
      ['applied_to_invoice', 500, 0],
      ['initial', -500, -500],
    ]);
  });

  it('2019-11-05: void with consume_applied_balance=true (raw request) → the balance stays 0', async () => {
    const stripe = stripeFor('2019-11-05');
    const customer = await stripe.customers.create({ balance: -500 });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: 'usd' });
    const invoice = await stripe.invoices.create({ customer: customer.id });
    const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(finalized.amount_due).toBe(1500);
    const voided = await rawPost(
      `/v1/invoices/${invoice.id}/void`,
      { consume_applied_balance: 'true' },
      { 'stripe-version': '2019-11-05' },
    );
    expect(voided.status).toBe(200);
    expect(voided.body.status).toBe('void');
    expect(voided.body.paid).toBe(false);
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(0);
  });

  it('consume_applied_balance: today → 400 parameter_unknown; 2019-11-05 → accepted (false returns the balance)', async () => {
    const stripe = stripeFor('2019-11-05');
    const customer = await stripe.customers.create({ balance: -500 });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: 'usd' });
    const invoice = await stripe.invoices.finalizeInvoice(
      (await stripe.invoices.create({ customer: customer.id })).id,
    );
    const today = await rawPost(`/v1/invoices/${invoice.id}/void`, { consume_applied_balance: 'false' });
    expect(today.status).toBe(400);
    expect(today.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'consume_applied_balance',
    });
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open');
    const old = await rawPost(
      `/v1/invoices/${invoice.id}/void`,
      { consume_applied_balance: 'false' },
      { 'stripe-version': '2019-11-05' },
    );
    expect(old.status).toBe(200);
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-500);
  });

  it('a credit note on a paid invoice credits the customer balance', async () => {
    const stripe = stripeFor();
    const customer = await stripe.customers.create({ name: 'Jenny Rosen' });
    const invoice = await openStripeInvoice(stripe, customer.id, 2000);
    const paid = await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000, amount_remaining: 0 });
    const note = await stripe.creditNotes.create({
      invoice: invoice.id,
      amount: 300,
      credit_amount: 300,
      reason: 'order_change',
    });
    expect(note).toMatchObject({
      type: 'post_payment',
      amount: 300,
      status: 'issued',
      post_payment_amount: 300,
    });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-300);
    expect((await stripe.invoices.retrieve(invoice.id)).post_payment_credit_notes_amount).toBe(300);
    const voidedNote = await stripe.creditNotes.voidCreditNote(note.id);
    expect(voidedNote.status).toBe('void');
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(0);
  });

  it('invoice_credit_balance is there when expanded (positive = credit), and only on today’s version', async () => {
    const customer = await stripeFor().customers.create({ balance: -300 });
    const plain = await stripeFor().customers.retrieve(customer.id);
    expect('invoice_credit_balance' in plain).toBe(false);
    const expanded = (await stripeFor().customers.retrieve(customer.id, {
      expand: ['invoice_credit_balance'],
    })) as Stripe.Customer;
    expect(expanded.invoice_credit_balance).toEqual({ usd: 300 });
    const legacy = await stripeFor('2019-11-05')
      .customers.retrieve(customer.id, { expand: ['invoice_credit_balance'] })
      .catch((error: unknown) => error);
    expect(legacy).toMatchObject({ statusCode: 400 });
  });

  it('refund_amount on an invoice paid out of band is refused: there is no charge to refund', async () => {
    const stripe = stripeFor();
    const customer = await stripe.customers.create({});
    const invoice = await openStripeInvoice(stripe, customer.id, 2000);
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    const refused = await stripe.creditNotes
      .create({ invoice: invoice.id, amount: 1000, refund_amount: 1000 })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      param: 'refund_amount',
    });
    expect((await stripe.creditNotes.list({ invoice: invoice.id })).data).toEqual([]);
    // Settled outside Stripe, as the payment was: accepted.
    const note = await stripe.creditNotes.create({
      invoice: invoice.id,
      amount: 1000,
      out_of_band_amount: 1000,
    });
    expect(note).toMatchObject({ amount: 1000, out_of_band_amount: 1000, refunds: [] });
  });
});
