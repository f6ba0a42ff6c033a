import {
  type CreditNoteRecord,
  type CustomerRecord,
  type InvoiceRecord,
  renderStripeCreditNote,
  renderStripeCustomer,
  renderStripeInvoice,
  renderStripeSubscription,
  type SubscriptionRecord,
} from '@billbridge/memory';
import { stripeBalanceTransactionId } from './render-stripe-balance-transaction.js';
import { invoiceExtrasOf, isLegacyStripeVersion, type StripeAccount } from './stripe-account.js';

/**
 * An account's objects through the shared renderers of packages/memory/src/render, with what the
 * account keeps beside the state model (docs/emulator.md): one renderer per object.
 */

/** The customer's currency once anything was booked in it, else `null` (as Stripe shows it). */
function shownCurrency(account: StripeAccount, customer: Readonly<CustomerRecord>): string | null {
  if (customer.ledger.length > 0) return customer.currency;
  const invoices = account.state.invoices.list({ customerId: customer.id, limit: 1 }).data;
  return invoices.length > 0 ? customer.currency : null;
}

export function stripeCustomerOf(
  account: StripeAccount,
  customer: Readonly<CustomerRecord>,
  apiVersion: string,
) {
  return renderStripeCustomer(customer, apiVersion, {
    currency: shownCurrency(account, customer),
    nextInvoiceSequence: account.finalizedCount + 1,
  });
}

/** An invoice; `expand=['customer']` puts the customer object in place of its id. */
export function stripeInvoiceOf(
  account: StripeAccount,
  invoice: Readonly<InvoiceRecord>,
  apiVersion: string,
  expand: readonly string[] = [],
) {
  const extras = invoiceExtrasOf(account, invoice.id);
  const customer = account.state.customers.get(invoice.customerId);
  const rendered = renderStripeInvoice(invoice, apiVersion, {
    accountId: account.id,
    accountName: 'billbridge emulator',
    ...extras,
    // A draft's `starting_balance` "will be the current customer balance" (stripe-node 23,
    // Invoice.starting_balance); from finalize on, the one kept then (until 2026-12-07 a draft said 0).
    ...(invoice.finalizedAt === null
      ? { startingBalance: invoice.currency === customer.currency ? -customer.balances.promotional : 0 }
      : {}),
    customer,
  });
  return expand.includes('customer')
    ? { ...rendered, customer: stripeCustomerOf(account, customer, apiVersion) }
    : rendered;
}

export function stripeCreditNoteOf(
  account: StripeAccount,
  note: Readonly<CreditNoteRecord>,
  apiVersion: string,
) {
  const extras = account.creditNotes.get(note.id);
  const entry =
    note.creditAmount > 0
      ? account.state.customers.ledger(note.customerId).find((each) => each.creditNoteId === note.id)
      : undefined;
  return renderStripeCreditNote(note, apiVersion, {
    accountId: account.id,
    metadata: extras?.metadata ?? {},
    lines: extras?.lines ?? [],
    balanceTransactionId: entry ? stripeBalanceTransactionId(entry) : null,
  });
}

export function stripeSubscriptionOf(
  account: StripeAccount,
  subscription: Readonly<SubscriptionRecord>,
  apiVersion: string,
) {
  return renderStripeSubscription(subscription, apiVersion, {
    // Unset: the request's version's default (consume before 2019-12-03), not the account's.
    consumeAppliedBalanceOnVoid:
      subscription.consumeAppliedBalanceOnVoid ?? isLegacyStripeVersion(apiVersion),
    customerCurrency: account.state.customers.get(subscription.customerId).currency,
  });
}
