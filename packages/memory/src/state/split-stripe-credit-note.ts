import type { CreditNoteRecord, InvoiceRecord } from '../memory-records.js';
import { amountCreditable, amountDue, appliedTotal } from './invoice-amounts.js';

export interface StripeCreditNoteSplit {
  total: number;
  /** What lowers the amount still due (Stripe's `pre_payment_amount`). */
  prePayment: number;
  creditAmount: number;
  refundAmount: number;
  outOfBandAmount: number;
  kind: CreditNoteRecord['kind'];
}

/**
 * How Stripe splits a credit note on an invoice (POST /v1/credit_notes, stripe-node 23
 * `CreditNoteResource.create`): it "will first reduce the invoice's amount_remaining … but not below
 * zero" (`pre_payment_amount`); the excess (`post_payment_amount`) is settled by refund, customer
 * balance credit and out-of-band amounts, whose sum "must equal the post_payment_amount". Without
 * any of them, the memory provider credits a paid invoice's note to the customer balance; without
 * `amount`, the note is for what is left to credit. Returns a
 * refusal message where Stripe refuses.
 */
export function splitStripeCreditNote(
  invoice: InvoiceRecord,
  request: { amount?: number; creditAmount?: number; refundAmount?: number; outOfBandAmount?: number },
): StripeCreditNoteSplit | string {
  const due = amountDue(invoice);
  let creditAmount = request.creditAmount ?? 0;
  const refundAmount = request.refundAmount ?? 0;
  const outOfBandAmount = request.outOfBandAmount ?? 0;
  if (creditAmount < 0 || refundAmount < 0 || outOfBandAmount < 0) {
    return 'credit_amount, refund_amount and out_of_band_amount must not be negative';
  }
  const parts = creditAmount + refundAmount + outOfBandAmount;
  // DESIGN §4: without `amount`, what is left to credit (what the Stripe adapter sends), parts or not.
  const total = request.amount ?? amountCreditable(invoice, stripeLike);
  if (total <= 0) return `credit note of ${total}: nothing is left to credit on ${invoice.id}`;
  const prePayment = Math.min(total, due);
  const postPayment = total - prePayment;
  if (parts === 0) {
    // Nothing said about the post-payment part: on a paid invoice it goes to the customer balance;
    // on one still due, more than is due needs to say how the rest is settled.
    if (postPayment > 0 && invoice.status !== 'paid') {
      return `credit note of ${total} exceeds the ${due} due; say how the other ${postPayment} is settled (credit, refund or out of band)`;
    }
    creditAmount = postPayment;
  } else if (parts !== postPayment) {
    return `credit_amount, refund_amount and out_of_band_amount must add up to the post-payment amount ${postPayment} (the first ${prePayment} of ${total} lowers what is due)`;
  }
  // What was paid (customer balance included) and not yet credited after payment.
  const postRoom = appliedTotal(invoice) + invoice.amountPaid - invoice.credited;
  if (postPayment > postRoom) {
    return `credit note of ${total} exceeds the ${prePayment + Math.max(0, postRoom)} left to credit`;
  }
  if (refundAmount > invoice.amountPaid - invoice.refunded) {
    return `refund of ${refundAmount} exceeds the ${invoice.amountPaid - invoice.refunded} paid`;
  }
  const used = [creditAmount, refundAmount, outOfBandAmount].filter((part) => part > 0).length;
  let kind: CreditNoteRecord['kind'] = 'adjustment';
  if (prePayment > 0 && postPayment > 0) kind = 'mixed';
  else if (used > 1) kind = 'mixed';
  else if (creditAmount > 0) kind = 'credit';
  else if (refundAmount > 0) kind = 'refund';
  return { total, prePayment, creditAmount, refundAmount, outOfBandAmount, kind };
}

/** Stripe books customer balance applied to an invoice as paid, so all of it is creditable. */
const stripeLike = { capabilities: { creditNotes: { appliedBalanceCreditable: true } } } as Parameters<
  typeof amountCreditable
>[1];
