import { UnsupportedOptionError } from '@billbridge/core';
import type { MemoryFlavor } from '../memory-flavor.js';
import type { CreditNoteRecord, InvoiceRecord } from '../memory-records.js';
import { refused } from '../refused.js';
import { amountDue, reportedPaid } from './invoice-amounts.js';

type Parts = Pick<CreditNoteRecord, 'creditAmount' | 'refundAmount' | 'outOfBandAmount'>;

/**
 * A Chargebee credit note (POST /credit_notes): an `adjustment` of what is due on an unpaid
 * invoice, or a `refundable` note (settlement parts given, or a paid invoice) of up to what was paid
 * and not yet credited, a partly paid invoice too; never part of each. `amount` alone on a paid
 * invoice is refused: the Chargebee adapter sends it as an adjustment, which Chargebee refuses there.
 */
// Refundable notes on partly paid invoices: https://support.chargebee.com/support/solutions/articles/250567
export function chargebeeCreditNote(
  invoice: InvoiceRecord,
  request: { amount?: number },
  requested: Parts,
  flavor: MemoryFlavor,
): { total: number; kind: CreditNoteRecord['kind']; parts: Parts } {
  const parts = { ...requested };
  const partsTotal = parts.creditAmount + parts.refundAmount + parts.outOfBandAmount;
  // A refundable note may refund part and keep the rest as credit, but never be part adjustment.
  if (partsTotal > 0 && request.amount !== undefined && partsTotal !== request.amount) {
    const option = parts.creditAmount > 0 ? 'creditAmount' : 'refundAmount';
    throw new UnsupportedOptionError({
      option,
      value: parts[option],
      provider: 'memory',
      message:
        'memory (chargebee): creditAmount and refundAmount must add up to amount (a note is never part adjustment); nothing was done',
    });
  }
  const paid = invoice.status === 'paid';
  if (!paid && partsTotal === 0) {
    const due = amountDue(invoice);
    const total = request.amount ?? due;
    if (total <= 0 || total > due) throw refused(`credit note of ${total} exceeds the ${due} due`);
    return { total, kind: 'adjustment', parts };
  }
  if (partsTotal === 0 && request.amount !== undefined)
    throw refused(
      `${invoice.id} is paid: an adjustment credit note needs an unpaid invoice (give creditAmount)`,
    );
  // What was paid (payments, excess payments and refundable credits applied) and not yet credited.
  const creditable = reportedPaid(invoice, flavor) + (invoice.applied.refundable ?? 0) - invoice.credited;
  if (partsTotal === 0) parts.creditAmount = creditable;
  const total = parts.creditAmount + parts.refundAmount + parts.outOfBandAmount;
  // A paid invoice the customer's credits covered whole has nothing to credit: no note of 0.
  if (total <= 0) throw refused(`credit note of ${total}: nothing is left to credit on ${invoice.id}`);
  if (total > creditable) throw refused(`credit note of ${total} exceeds the ${creditable} left to credit`);
  // What was paid counts the excess payments applied at finalize (linked payments in Chargebee).
  const refundable = reportedPaid(invoice, flavor) - invoice.refunded;
  if (parts.refundAmount > refundable)
    throw refused(`refund of ${parts.refundAmount} exceeds the ${refundable} paid`);
  const used = [parts.creditAmount, parts.refundAmount, parts.outOfBandAmount].filter((part) => part > 0);
  return { total, kind: used.length > 1 ? 'mixed' : parts.creditAmount > 0 ? 'credit' : 'refund', parts };
}
