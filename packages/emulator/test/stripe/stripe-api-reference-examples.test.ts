import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { openStripeInvoice } from '../support/schema-checked-emulator.js';
import { useSchemaCheckedEmulator } from '../support/use-schema-checked-emulator.js';

/**
 * The calls of Stripe's own API-reference examples for the endpoints the emulator covers (DESIGN
 * §14), made through stripe-node 23 with the real ids the earlier calls returned where the
 * reference shows placeholders (`cus_xxxxxxxxxxxxx`, `in_xxxxxxxxxxxxx`, `il_xxxxxxxxxxxxx`…).
 * Every answer is judged by the schema of the version asked for (useSchemaCheckedEmulator).
 *
 * Where the examples come from:
 * - [gen] stripe/stripe-node `test/resources/generated_examples_test.spec.js` ("File generated from
 *   our OpenAPI spec": the API reference's Node examples): test_customers_post / _post_2 / _get /
 *   _get_3, test_customers_balance_transactions_post / _post_2 / _get / _get_2, test_invoiceitems_*,
 *   test_invoices_post / _post_2 / _get / _get_2 / _get_3 (`expand: ['customer']`) /
 *   _finalize_post / _pay_post / _void_post / _mark_uncollectible_post / _delete,
 *   test_credit_notes_post (by `lines`) / _get / _void_post, test_subscriptions_post / _post_2 /
 *   _get / _get_2.
 * - [ref] docs.stripe.com/api/customers/create (name "Jenny Rosen", email jennyrosen@example.com)
 *   and /api/customer_balance_transactions/create (amount -500, currency usd).
 * - [spec] stripe/stripe-node `test/resources/CreditNotes.spec.js`: a credit note by `amount`
 *   (`{ amount: 100, invoice, reason: 'duplicate' }`).
 * - [readme] stripe/stripe-node README: an invoice item `{ customer, amount: 2500, currency: 'usd',
 *   description: 'One-time setup fee' }` (the generated invoice-item example drops its price).
 *
 * Departures the emulator documents (docs/emulator.md): no payment methods, so `pay` as the
 * reference calls it gets Stripe's own 400 for a customer without one and `paid_out_of_band`
 * settles it; prices exist only as the inline `price_data` of subscription items, so the
 * subscription example's `price` names a price an earlier `price_data` made.
 */
const KEY = 'sk_test_emulatorApiReferenceExamples';
const emulator = useSchemaCheckedEmulator({}, { requireAnswers: true });
const stripeClient = () => new Stripe(KEY, { ...emulator.stripe, maxNetworkRetries: 0 });

describe("Stripe's API-reference example calls, with real ids", () => {
  it('customers: create, retrieve, update, list', async () => {
    const stripe = stripeClient();
    // [gen] test_customers_post
    const first = await stripe.customers.create({
      description: 'My First Test Customer (created for API docs at https://www.stripe.com/docs/api)',
    });
    expect(first).toMatchObject({
      object: 'customer',
      description: 'My First Test Customer (created for API docs at https://www.stripe.com/docs/api)',
      balance: 0,
    });
    // [ref] customers/create
    const jenny = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jennyrosen@example.com' });
    expect(jenny).toMatchObject({ name: 'Jenny Rosen', email: 'jennyrosen@example.com', metadata: {} });
    // [gen] test_customers_get_3
    expect(await stripe.customers.retrieve(jenny.id)).toMatchObject({ id: jenny.id, name: 'Jenny Rosen' });
    // [gen] test_customers_post_2
    const updated = await stripe.customers.update(jenny.id, { metadata: { order_id: '6735' } });
    expect(updated.metadata).toEqual({ order_id: '6735' });
    expect(updated.email).toBe('jennyrosen@example.com');
    // [gen] test_customers_get
    await stripe.customers.create({ email: 'third@example.com' });
    await stripe.customers.create({ email: 'fourth@example.com' });
    const page = await stripe.customers.list({ limit: 3 });
    expect(page.data).toHaveLength(3);
    expect(page.has_more).toBe(true);
    expect(page.data[2]!.id).toBe(jenny.id);
  });

  it('customer balance transactions: create, retrieve, update, list', async () => {
    const stripe = stripeClient();
    const customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jennyrosen@example.com' });
    // [ref] customer_balance_transactions/create, [gen] test_customers_balance_transactions_post
    const transaction = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -500,
      currency: 'usd',
    });
    expect(transaction).toMatchObject({
      object: 'customer_balance_transaction',
      amount: -500,
      currency: 'usd',
      customer: customer.id,
      ending_balance: -500,
      type: 'adjustment',
    });
    // [gen] test_customers_balance_transactions_get_2
    expect(await stripe.customers.retrieveBalanceTransaction(customer.id, transaction.id)).toMatchObject({
      id: transaction.id,
      amount: -500,
    });
    // [gen] test_customers_balance_transactions_post_2
    const updated = await stripe.customers.updateBalanceTransaction(customer.id, transaction.id, {
      metadata: { order_id: '6735' },
    });
    expect(updated.metadata).toEqual({ order_id: '6735' });
    // [gen] test_customers_balance_transactions_get
    const list = await stripe.customers.listBalanceTransactions(customer.id, { limit: 3 });
    expect(list.data.map((entry) => entry.id)).toEqual([transaction.id]);
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-500);
  });

  it('invoice items: create, retrieve, update, list, delete', async () => {
    const stripe = stripeClient();
    const customer = await stripe.customers.create({ email: 'customer@example.com' });
    // [readme]
    const item = await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 2500,
      currency: 'usd',
      description: 'One-time setup fee',
    });
    expect(item).toMatchObject({ object: 'invoiceitem', amount: 2500, currency: 'usd', invoice: null });
    // [gen] test_invoiceitems_get_2, test_invoiceitems_post_2, test_invoiceitems_get
    expect((await stripe.invoiceItems.retrieve(item.id)).description).toBe('One-time setup fee');
    const updated = await stripe.invoiceItems.update(item.id, { metadata: { order_id: '6735' } });
    expect(updated.metadata).toEqual({ order_id: '6735' });
    const list = await stripe.invoiceItems.list({ limit: 3 });
    expect(list.data.map((entry) => entry.id)).toContain(item.id);
    // [gen] test_invoiceitems_delete
    expect(await stripe.invoiceItems.del(item.id)).toMatchObject({ id: item.id, deleted: true });
  });

  it('invoices: create, retrieve (expand customer, lines), update, finalize, pay, void, mark uncollectible, list, delete', async () => {
    const stripe = stripeClient();
    const customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jennyrosen@example.com' });
    // [gen] test_invoices_post, then an item on it ([readme])
    const draft = await stripe.invoices.create({ customer: customer.id });
    expect(draft).toMatchObject({ object: 'invoice', status: 'draft', customer: customer.id });
    await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 2500,
      currency: 'usd',
      invoice: draft.id,
    });
    // [gen] test_invoices_get_2, test_invoices_get_3
    expect((await stripe.invoices.retrieve(draft.id)).total).toBe(2500);
    const expanded = await stripe.invoices.retrieve(draft.id, { expand: ['customer'] });
    expect(expanded.customer).toMatchObject({ id: customer.id, object: 'customer', name: 'Jenny Rosen' });
    // `lines` is in every invoice already; asking to expand it changes nothing.
    const withLines = await stripe.invoices.retrieve(draft.id, { expand: ['lines'] });
    expect(withLines.lines.data.map((line) => line.amount)).toEqual([2500]);
    // [gen] test_invoices_post_2
    expect((await stripe.invoices.update(draft.id, { metadata: { order_id: '6735' } })).metadata).toEqual({
      order_id: '6735',
    });
    // [gen] test_invoices_finalize_post
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(open).toMatchObject({ status: 'open', amount_due: 2500 });
    // [gen] test_invoices_pay_post: no payment method can exist here, so Stripe's own 400 for that.
    await expect(stripe.invoices.pay(open.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
    });
    expect((await stripe.invoices.pay(open.id, { paid_out_of_band: true })).status).toBe('paid');
    // [gen] test_invoices_void_post on another open invoice
    const second = await openStripeInvoice(stripe, customer.id, 700);
    expect((await stripe.invoices.voidInvoice(second.id)).status).toBe('void');
    // [gen] test_invoices_mark_uncollectible_post
    const third = await openStripeInvoice(stripe, customer.id, 300);
    expect((await stripe.invoices.markUncollectible(third.id)).status).toBe('uncollectible');
    // [gen] test_invoices_get
    const list = await stripe.invoices.list({ limit: 3 });
    expect(list.data.map((invoice) => invoice.id)).toEqual([third.id, second.id, open.id]);
    // [gen] test_invoices_delete (a draft)
    const doomed = await stripe.invoices.create({ customer: customer.id });
    expect(await stripe.invoices.del(doomed.id)).toMatchObject({ id: doomed.id, deleted: true });
  });

  it('credit notes: by lines and by amount, list, void', async () => {
    const stripe = stripeClient();
    const customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jennyrosen@example.com' });
    const invoice = await openStripeInvoice(stripe, customer.id, 1000);
    const line = invoice.lines.data[0]!;
    // [gen] test_credit_notes_post
    const byLines = await stripe.creditNotes.create({
      invoice: invoice.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: line.id, quantity: 1 }],
    });
    expect(byLines).toMatchObject({ object: 'credit_note', invoice: invoice.id, amount: 1000 });
    expect(byLines.lines.data[0]).toMatchObject({ type: 'invoice_line_item', invoice_line_item: line.id });
    // [spec] by amount, on a second invoice
    const otherOpen = await openStripeInvoice(stripe, customer.id, 500);
    const byAmount = await stripe.creditNotes.create({
      amount: 100,
      invoice: otherOpen.id,
      reason: 'duplicate',
    });
    expect(byAmount).toMatchObject({ amount: 100, reason: 'duplicate', status: 'issued' });
    expect((await stripe.invoices.retrieve(otherOpen.id)).amount_remaining).toBe(400);
    // [gen] test_credit_notes_get, test_credit_notes_void_post
    const list = await stripe.creditNotes.list({ limit: 3 });
    expect(list.data.map((note) => note.id)).toEqual([byAmount.id, byLines.id]);
    expect((await stripe.creditNotes.voidCreditNote(byAmount.id)).status).toBe('void');
  });

  it('subscriptions: create, retrieve, update, list', async () => {
    const stripe = stripeClient();
    const customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jennyrosen@example.com' });
    // The price the reference example names: one an earlier `price_data` made (the only prices here).
    const seed = await stripe.subscriptions.create({
      customer: customer.id,
      items: [
        {
          price_data: {
            currency: 'usd',
            product: 'prod_gold',
            unit_amount: 1000,
            recurring: { interval: 'month' },
          },
        },
      ],
    });
    const priceId = seed.items.data[0]!.price.id;
    // [gen] test_subscriptions_post
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: priceId }],
    });
    expect(subscription.items.data[0]!.price).toMatchObject({
      id: priceId,
      unit_amount: 1000,
      currency: 'usd',
    });
    // [gen] test_subscriptions_get_2, test_subscriptions_post_2, test_subscriptions_get
    expect((await stripe.subscriptions.retrieve(subscription.id)).id).toBe(subscription.id);
    const updated = await stripe.subscriptions.update(subscription.id, { metadata: { order_id: '6735' } });
    expect(updated.metadata).toEqual({ order_id: '6735' });
    const list = await stripe.subscriptions.list({ limit: 3 });
    expect(list.data.map((entry) => entry.id)).toEqual([subscription.id, seed.id]);
    // A price no item made is Stripe's own 400 naming the parameter.
    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_nowhere' }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'items[0][price]' });
  });
});
