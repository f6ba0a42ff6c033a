import type { CreditNote } from './credit-note.js';

/** The parts of a credit note that settle it, in minor units (absent where not used). */
export interface SettlementParts {
  creditAmount?: number;
  refundAmount?: number;
  outOfBandAmount?: number;
}

/**
 * How `reverseInvoice` splits a full credit note of `remaining` on a paid invoice (see
 * `PaidInvoiceSettlement`); `refundable` is what was paid and no earlier note refunded.
 */
export function settlePaid(
  paid: 'credit_balance' | 'refund' | 'out_of_band',
  remaining: number,
  refundable: number,
): SettlementParts {
  if (paid === 'credit_balance') return { creditAmount: remaining };
  if (paid === 'out_of_band') return { outOfBandAmount: remaining };
  // Refund what was paid and not yet refunded; the rest (the customer balance that had been
  // applied, or what earlier notes credited) goes back to the balance.
  const refundAmount = Math.max(0, Math.min(refundable, remaining));
  const creditAmount = remaining - refundAmount;
  return {
    ...(refundAmount > 0 ? { refundAmount } : {}),
    ...(creditAmount > 0 ? { creditAmount } : {}),
  };
}

/**
 * Of a fully credited invoice's notes, the one an earlier `reverseInvoice` with settlement `paid`
 * could have made, with the remaining amount and refundable part it was made from; `undefined` when
 * none fits. A retry with the caller's idempotency key sends the same request again, so the provider
 * replays that note (or refuses the key) instead of billbridge refusing an invoice it just credited.
 */
export function reversalNoteOf(
  notes: readonly CreditNote[],
  paid: 'credit_balance' | 'refund' | 'out_of_band',
  amountPaid: number,
): { note: CreditNote; remaining: number; refundable: number } | undefined {
  // As `refundedBefore` counted them: void notes too (a refund stays refunded).
  const refunded = notes.reduce((sum, note) => sum + note.refundAmount, 0);
  let found: { note: CreditNote; remaining: number; refundable: number } | undefined;
  for (const note of notes) {
    if (note.status !== 'issued') continue;
    const remaining = note.total.amount;
    const refundable = amountPaid - (refunded - note.refundAmount);
    const parts = settlePaid(paid, remaining, refundable);
    const fits =
      (parts.creditAmount ?? 0) === note.creditAmount &&
      (parts.refundAmount ?? 0) === note.refundAmount &&
      (parts.outOfBandAmount ?? 0) === note.outOfBandAmount;
    // The newest that fits: a reversal credits what was left, so it is the last note made.
    if (fits && (found === undefined || note.createdAt >= found.note.createdAt)) {
      found = { note, remaining, refundable };
    }
  }
  return found;
}
