/**
 * The memory provider's credit note as Stripe sends it at `apiVersion`: today's shape
 * (`pre_payment_amount`, `post_payment_amount`, `refunds[]`, `type` pre_payment | post_payment |
 * mixed) or 2019-11-05's (`refund` by id, `type` pre_payment | post_payment). Pure.
 */
import { stripeUsesBasilShapes } from '@billbridge/core';
import type { CreditNoteRecord } from '../memory-records.js';
import { unixSeconds } from './render-time.js';

export function renderStripeCreditNote(note: CreditNoteRecord, apiVersion: string): Record<string, unknown> {
  const basil = stripeUsesBasilShapes(apiVersion);
  const postPayment = note.creditAmount + note.refundAmount + note.outOfBandAmount;
  const prePayment = note.total - postPayment;
  const suffix = note.id.replace(/^cn_/, '');
  // One literal, then the version's fields stored on it (see render-stripe-invoice.ts: no large spreads).
  const rendered: Record<string, unknown> = {
    id: note.id,
    object: 'credit_note',
    amount: note.total,
    created: unixSeconds(note.createdAt),
    currency: note.currency,
    customer: note.customerId,
    customer_balance_transaction: note.creditAmount > 0 ? `cbtxn_${suffix}` : null,
    invoice: note.invoiceId,
    livemode: false,
    memo: note.memo,
    metadata: note.reasonCode === null ? {} : { billbridge_reason_code: note.reasonCode },
    number: `MEM-${suffix.slice(-8).toUpperCase()}-CN`,
    pdf: `https://memory.billbridge.invalid/credit_notes/${note.id}/pdf`,
    reason: note.reason,
    status: note.status,
    voided_at: unixSeconds(note.voidedAt),
  };
  if (!basil) {
    // 2019: a note is all pre-payment or all post-payment; the refund is named by id.
    rendered.refund = note.refundAmount > 0 ? `re_${suffix}` : null;
    rendered.type = postPayment > 0 ? 'post_payment' : 'pre_payment';
    return rendered;
  }
  rendered.amount_shipping = 0;
  rendered.customer_account = null;
  rendered.discount_amount = 0;
  rendered.discount_amounts = [];
  rendered.effective_at = unixSeconds(note.createdAt);
  rendered.lines = { object: 'list', data: [], has_more: false, url: `/v1/credit_notes/${note.id}/lines` };
  rendered.out_of_band_amount = note.outOfBandAmount > 0 ? note.outOfBandAmount : null;
  rendered.post_payment_amount = postPayment;
  rendered.pre_payment_amount = prePayment;
  rendered.pretax_credit_amounts = [];
  rendered.refunds =
    note.refundAmount > 0
      ? [
          {
            amount_refunded: note.refundAmount,
            payment_record_refund: null,
            refund: `re_${suffix}`,
            type: 'refund',
          },
        ]
      : [];
  rendered.shipping_cost = null;
  rendered.subtotal = note.total;
  rendered.subtotal_excluding_tax = note.total;
  rendered.total = note.total;
  rendered.total_excluding_tax = note.total;
  rendered.total_taxes = [];
  rendered.type = postPayment === 0 ? 'pre_payment' : prePayment === 0 ? 'post_payment' : 'mixed';
  return rendered;
}
