import type { CustomerRecord, LedgerEntry } from '../memory-records.js';
import { unixSeconds } from './render-time.js';

const descriptions: Record<LedgerEntry['reason'], string> = {
  seeded: 'Promotional credits',
  adjusted: 'Promotional credits',
  applied_to_invoice: 'Applied to invoice',
  returned_on_void: 'Added back: invoice voided',
  credit_note: 'Credit note',
  credit_note_voided: 'Credit note voided',
};

/**
 * A movement of the customer's promotional credits as a Chargebee `promotional_credit`: `increment`
 * or `decrement`, the amount, and the balance after it (`closing_balance`).
 */
export function renderChargebeePromotionalCredit(
  customer: Readonly<CustomerRecord>,
  entry: LedgerEntry,
): Record<string, unknown> {
  // Applying credits to an invoice and adding them back on a void are listed too, with descriptions
  // saying so.
  let closing = 0;
  for (const each of customer.ledger) {
    if (each.bucket === 'promotional') closing += each.amount;
    if (each === entry) break;
  }
  return {
    id: `pc_${entry.id.replace(/^le_/, '')}`,
    customer_id: customer.id,
    type: entry.amount > 0 ? 'increment' : 'decrement',
    amount: Math.abs(entry.amount),
    currency_code: customer.currency.toUpperCase(),
    description:
      entry.description ?? `${descriptions[entry.reason]}${entry.invoiceId ? ` ${entry.invoiceId}` : ''}`,
    credit_type: 'general',
    closing_balance: closing,
    created_at: unixSeconds(entry.at),
    object: 'promotional_credit',
  };
}
