/**
 * A Stripe customer balance transaction from a memory ledger entry: Stripe's sign (negative =
 * credit to the customer) and the balance after it (`ending_balance`, the sum of the ledger up to
 * it). Pure. Here, not with the memory provider's renderers, because only the emulator's
 * `/v1/customers/:id/balance_transactions` routes answer with one (the memory provider's `raw`
 * never is one).
 */
import { stripeUsesBasilShapes } from '@billbridge/core';
import type { CustomerRecord, LedgerEntry } from '@billbridge/memory';

const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Stripe's `type` for each reason the state moves a customer's credit. */
const typeOf: Record<LedgerEntry['reason'], string> = {
  seeded: 'initial',
  adjusted: 'adjustment',
  applied_to_invoice: 'applied_to_invoice',
  returned_on_void: 'unapplied_from_invoice',
  credit_note: 'credit_note',
  credit_note_voided: 'credit_note',
};

/** The id Stripe prints for a ledger entry (`cbtx_…`), and back. */
export function stripeBalanceTransactionId(entry: Pick<LedgerEntry, 'id'>): string {
  return `cbtx_${entry.id}`;
}
/** The memory ledger entry id behind a balance transaction id made by `stripeBalanceTransactionId`, or `undefined` when it is not one. */
export function ledgerEntryIdOfStripe(transactionId: string): string | undefined {
  return transactionId.startsWith('cbtx_') ? transactionId.slice(5) : undefined;
}

/** A memory ledger entry as Stripe's `customer_balance_transaction` (Stripe's sign: negative = credit). */
export function renderStripeBalanceTransaction(
  customer: Readonly<CustomerRecord>,
  entry: LedgerEntry,
  apiVersion: string,
): Record<string, unknown> {
  let credit = 0;
  for (const each of customer.ledger) {
    if (each.bucket === 'promotional') credit += each.amount;
    if (each.id === entry.id) break;
  }
  const common = {
    id: stripeBalanceTransactionId(entry),
    object: 'customer_balance_transaction',
    amount: -entry.amount,
    created: unixSeconds(entry.at),
    credit_note: entry.creditNoteId ?? null,
    currency: customer.currency,
    customer: customer.id,
    description: entry.description ?? null,
    ending_balance: -credit,
    invoice: entry.invoiceId ?? null,
    livemode: false,
    metadata: { ...entry.metadata },
    type: typeOf[entry.reason],
  };
  return stripeUsesBasilShapes(apiVersion)
    ? { ...common, checkout_session: null, customer_account: null }
    : common;
}
