import type { CreditNote, CreditNoteKind } from '@billbridge/core';
import { stripeUsesBasilShapes, unixSecondsToIso } from '@billbridge/core';
import Stripe from 'stripe';
import { expandableId, type StripeCreditNoteObject } from './stripe-objects.js';
import { STRIPE_CREDIT_NOTE_REASON_CODE_KEY } from './stripe-void-metadata.js';

/** What billbridge asked for when it created the credit note: exact where the object is not. */
export interface StripeCreditNoteSettlement {
  creditAmount?: number;
  refundAmount?: number;
  outOfBandAmount?: number;
}

/** How a note's post-payment part was settled, in minor units. */
interface PostPaymentParts {
  creditAmount: number;
  refundAmount: number;
  outOfBandAmount: number;
}

/**
 * Today's credit notes (API 2025-03-31.basil and later) say it exactly: `post_payment_amount` is
 * settled by the `refunds[]`, the out-of-band amount and the customer balance credit (Stripe: "The
 * sum of refunds, customer balance credits, and outside of Stripe credits must equal the
 * post_payment_amount"); `pre_payment_amount` only lowered what was due.
 */
function basilParts(note: StripeCreditNoteObject): PostPaymentParts {
  const refundAmount = (note.refunds ?? []).reduce((sum, refund) => sum + (refund.amount_refunded ?? 0), 0);
  const outOfBandAmount = note.out_of_band_amount ?? 0;
  const postPayment = note.post_payment_amount ?? (note.type === 'pre_payment' ? 0 : (note.amount ?? 0));
  return {
    refundAmount,
    outOfBandAmount,
    creditAmount: Math.max(0, postPayment - refundAmount - outOfBandAmount),
  };
}

/**
 * Older versions name the refund by id only (`refund`), and a note is all pre-payment or all
 * post-payment: with a refund and no balance transaction, what out-of-band left went to the refund;
 * with a balance transaction, to the customer balance. What billbridge asked for (`settlement`)
 * is exact where the object is not.
 */
function legacyParts(note: StripeCreditNoteObject, settlement: StripeCreditNoteSettlement): PostPaymentParts {
  if (note.type === 'pre_payment') return { creditAmount: 0, refundAmount: 0, outOfBandAmount: 0 };
  const total = note.amount ?? note.total ?? 0;
  const outOfBandAmount = settlement.outOfBandAmount ?? note.out_of_band_amount ?? 0;
  let refunded = 0;
  if (note.refund && typeof note.refund === 'object' && typeof note.refund.amount === 'number') {
    refunded = note.refund.amount;
  } else if (note.refund && !note.customer_balance_transaction) refunded = total - outOfBandAmount;
  const refundAmount = settlement.refundAmount ?? refunded;
  const creditAmount =
    settlement.creditAmount ??
    (note.customer_balance_transaction ? Math.max(0, total - refundAmount - outOfBandAmount) : 0);
  return { creditAmount, refundAmount, outOfBandAmount };
}

function kindOf(note: StripeCreditNoteObject, parts: PostPaymentParts): CreditNoteKind {
  if (note.type === 'pre_payment') return 'adjustment';
  // A `mixed` note lowered what was due and settled the rest: more than one thing happened.
  if (note.type === 'mixed') return 'mixed';
  const used = [parts.creditAmount, parts.refundAmount, parts.outOfBandAmount].filter(
    (part) => part > 0,
  ).length;
  if (used > 1) return 'mixed';
  if (parts.refundAmount > 0) return 'refund';
  if (parts.creditAmount > 0) return 'credit';
  // Out-of-band only: no money moved at Stripe.
  return 'adjustment';
}

/**
 * Maps a Stripe credit note of `apiVersion` (default: the installed SDK's) to billbridge's
 * `CreditNote`. `pre_payment` notes (open invoices) are `adjustment`s; `post_payment` ones are
 * `refund`, `credit` (customer balance) or `mixed`; today's `mixed` notes (partly pre-, partly
 * post-payment) are `mixed`, and their credit, refund and out-of-band amounts cover the post-payment
 * part only (the rest of `total` lowered what was due). Out-of-band-only notes are `adjustment`s.
 */
export function mapStripeCreditNote(
  note: StripeCreditNoteObject,
  settlement: StripeCreditNoteSettlement = {},
  apiVersion: string = Stripe.API_VERSION,
): CreditNote {
  const currency = note.currency;
  const total = note.amount ?? note.total ?? 0;
  const parts = stripeUsesBasilShapes(apiVersion) ? basilParts(note) : legacyParts(note, settlement);
  const kind = kindOf(note, parts);
  const { creditAmount, refundAmount, outOfBandAmount } = parts;
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
