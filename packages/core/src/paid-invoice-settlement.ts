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

/** A note a reversal could have made, with the remaining amount and refundable part it was made from. */
export interface ReversalCandidate {
  note: CreditNote;
  remaining: number;
  refundable: number;
}

/**
 * Of a fully credited invoice's notes, those an earlier `reverseInvoice` with settlement `paid`
 * could have made, newest first (a reversal credits what was left, so it is the last note made).
 * A retry with the caller's idempotency key sends the same request again, so the provider replays
 * that note (or refuses the key) instead of billbridge refusing an invoice it just credited. Only
 * the notes of the newest one's second are returned, and the caller tries each in turn: they tie
 * (Stripe's `created` is in seconds, and a test clock may stand still), in no order the providers
 * agree on (Stripe lists newest first, the memory provider oldest first).
 */
export function reversalCandidates(
  notes: readonly CreditNote[],
  paid: 'credit_balance' | 'refund' | 'out_of_band',
  amountPaid: number,
): ReversalCandidate[] {
  // As `refundedBefore` counted them: void notes too (a refund stays refunded).
  const refunded = notes.reduce((sum, note) => sum + note.refundAmount, 0);
  const found: ReversalCandidate[] = [];
  for (const note of notes) {
    if (note.status !== 'issued') continue;
    const remaining = note.total.amount;
    const refundable = amountPaid - (refunded - note.refundAmount);
    const parts = settlePaid(paid, remaining, refundable);
    if (
      (parts.creditAmount ?? 0) === note.creditAmount &&
      (parts.refundAmount ?? 0) === note.refundAmount &&
      (parts.outOfBandAmount ?? 0) === note.outOfBandAmount
    )
      found.push({ note, remaining, refundable });
  }
  const second = (candidate: ReversalCandidate) => Math.floor(Date.parse(candidate.note.createdAt) / 1000);
  const newest = Math.max(...found.map(second));
  return found.filter((candidate) => second(candidate) === newest);
}
