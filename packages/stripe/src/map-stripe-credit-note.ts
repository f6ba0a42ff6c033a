import type { CreditNote, CreditNoteKind } from '@billbridge/core';
import { unixSecondsToIso } from '@billbridge/core';
import { expandableId, type StripeCreditNoteObject } from './stripe-objects.js';
import { STRIPE_CREDIT_NOTE_REASON_CODE_KEY } from './stripe-void-metadata.js';

/** What billbridge asked for when it created the credit note: exact where the object is not. */
export interface StripeCreditNoteSettlement {
  creditAmount?: number;
  refundAmount?: number;
  outOfBandAmount?: number;
}

function refundedAmount(note: StripeCreditNoteObject, total: number, outOfBand: number): number {
  if (Array.isArray(note.refunds)) {
    return note.refunds.reduce((sum, refund) => sum + (refund.amount_refunded ?? 0), 0);
  }
  if (note.refund && typeof note.refund === 'object' && typeof note.refund.amount === 'number') {
    return note.refund.amount;
  }
  // API versions before `refunds` name only the refund's id: with no balance transaction, the
  // rest of the total after out-of-band went to the refund.
  if (note.refund && !note.customer_balance_transaction) return total - outOfBand;
  return 0;
}

/**
 * Maps a Stripe credit note to billbridge's `CreditNote`. `pre_payment` notes (open invoices) are
 * `adjustment`s; `post_payment` ones are `refund`, `credit` (customer balance) or `mixed`.
 * Out-of-band-only notes are recorded as `adjustment` (no money moved at Stripe).
 */
export function mapStripeCreditNote(
  note: StripeCreditNoteObject,
  settlement: StripeCreditNoteSettlement = {},
): CreditNote {
  const currency = note.currency;
  const total = note.amount ?? note.total ?? 0;
  let creditAmount = 0;
  let refundAmount = 0;
  let outOfBandAmount = 0;
  let kind: CreditNoteKind = 'adjustment';
  if (note.type !== 'pre_payment') {
    outOfBandAmount = settlement.outOfBandAmount ?? note.out_of_band_amount ?? 0;
    refundAmount = settlement.refundAmount ?? refundedAmount(note, total, outOfBandAmount);
    creditAmount =
      settlement.creditAmount ??
      (note.customer_balance_transaction ? Math.max(0, total - refundAmount - outOfBandAmount) : 0);
    const parts = [creditAmount, refundAmount, outOfBandAmount].filter((part) => part > 0).length;
    if (parts > 1) kind = 'mixed';
    else if (refundAmount > 0) kind = 'refund';
    else if (creditAmount > 0) kind = 'credit';
  }
  return {
    id: note.id,
    provider: 'stripe',
    invoiceId: expandableId(note.invoice) ?? '',
    customerId: expandableId(note.customer) ?? '',
    kind,
    status: note.status === 'void' ? 'void' : 'issued',
    providerStatus: note.status ?? 'issued',
    total: { amount: total, currency },
    creditAmount,
    refundAmount,
    outOfBandAmount,
    reason: note.reason ?? null,
    reasonCode: note.metadata?.[STRIPE_CREDIT_NOTE_REASON_CODE_KEY] ?? null,
    memo: note.memo ?? null,
    createdAt: unixSecondsToIso(note.created) ?? new Date(0).toISOString(),
    raw: note,
  };
}
