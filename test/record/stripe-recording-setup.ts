import { CONTRACT_AMOUNTS } from '@billbridge/testing';
import type Stripe from 'stripe';

/**
 * Provider state for Stripe recordings, created through the raw SDK (never recorded). Amounts are
 * billbridge's standard ones (docs/conformance.md): 500 of customer credit, an invoice of 2000
 * (1500 due once the credit is applied), credit notes of 300, all in USD.
 */
const { currency, credit, total, creditNote } = CONTRACT_AMOUNTS;

/** The states an invoice can be left in. */
export type StripeInvoiceState = 'draft' | 'open' | 'paid' | 'void';

/**
 * A customer, with `credit` of customer balance. A balance transaction with a negative amount is a
 * credit, and it sets the customer's currency when none is set (stripe@23.1.0
 * `CustomerCreateBalanceTransactionParams.currency`; docs.stripe.com/api/customer_balance_transactions/create).
 */
export async function createStripeCustomer(
  stripe: Stripe,
  options: { runId: string; credit?: number },
): Promise<string> {
  const customer = await stripe.customers.create({
    name: 'billbridge recording',
    metadata: { billbridge_recording: options.runId },
  });
  const amount = options.credit ?? credit;
  if (amount > 0) {
    await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -amount,
      currency,
      description: 'billbridge recording: customer credit',
    });
  }
  return customer.id;
}

/**
 * An invoice of 2000 for `customerId`, left in `state`. The draft is created first and the item
 * attached to it (`invoice` on the invoice item), so it does not depend on
 * `pending_invoice_items_behavior`, whose default changed in API 2022-08-01. `send_invoice` with
 * `auto_advance: false` keeps Stripe from charging or advancing it. Finalizing applies the
 * customer's balance ("The invoice balance automatically applies toward the next invoice finalized
 * to a customer", docs.stripe.com/billing/customer/balance): 1500 due. `paid_out_of_band` marks it
 * paid without a payment method (stripe@23.1.0 `InvoicePayParams`).
 */
export async function createStripeInvoice(
  stripe: Stripe,
  options: { customerId: string; state: StripeInvoiceState },
): Promise<string> {
  const draft = await stripe.invoices.create({
    customer: options.customerId,
    currency,
    collection_method: 'send_invoice',
    days_until_due: 30,
    auto_advance: false,
  });
  await stripe.invoiceItems.create({
    customer: options.customerId,
    invoice: draft.id,
    amount: total,
    currency,
    description: 'Pro plan (monthly)',
  });
  if (options.state === 'draft') return draft.id;
  await stripe.invoices.finalizeInvoice(draft.id, { auto_advance: false });
  if (options.state === 'paid') await stripe.invoices.pay(draft.id, { paid_out_of_band: true });
  if (options.state === 'void') await stripe.invoices.voidInvoice(draft.id);
  return draft.id;
}

/** A pre-payment credit note of 300 (reason `order_change`) on an open invoice. */
export async function createStripeCreditNote(stripe: Stripe, invoiceId: string): Promise<string> {
  const note = await stripe.creditNotes.create({
    invoice: invoiceId,
    amount: creditNote,
    reason: 'order_change',
  });
  return note.id;
}

/**
 * An active subscription of 2000 a month, invoiced (`send_invoice`, 30 days) rather than charged, so
 * the customer needs no payment method.
 */
export async function createStripeSubscription(
  stripe: Stripe,
  options: { customerId: string; runId: string },
): Promise<string> {
  const product = await stripe.products.create({ name: `billbridge recording ${options.runId}` });
  const subscription = await stripe.subscriptions.create({
    customer: options.customerId,
    collection_method: 'send_invoice',
    days_until_due: 30,
    items: [
      {
        price_data: { currency, product: product.id, unit_amount: total, recurring: { interval: 'month' } },
      },
    ],
  });
  return subscription.id;
}
