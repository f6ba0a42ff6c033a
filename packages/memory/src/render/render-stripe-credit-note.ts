/**
 * The memory provider's credit note as Stripe sends it at `apiVersion`: today's shape
 * (`pre_payment_amount`, `post_payment_amount`, `refunds[]`, `lines`, `type` pre_payment |
 * post_payment | mixed) or 2019-11-05's (`refund` by id, `type` pre_payment | post_payment). Its
 * lines are those it was made with (`presentation.lines`, as the emulator keeps them), else one
 * custom line of its total. Pure.
 */
import { stripeHasMixedCreditNotes, stripeUsesBasilShapes } from '@billbridge/core';
import type { CreditNoteRecord } from '../memory-records.js';
import { renderStripeList } from './render-stripe-list.js';
import { unixSeconds } from './render-time.js';

/** One line of a Stripe credit note as the emulator keeps it (by amount or by invoice line). */
export interface StripeCreditNoteLine {
  type: 'invoice_line_item' | 'custom_line_item';
  amount: number;
  unitAmount: number;
  quantity: number;
  description: string | null;
  invoiceLineItem: string | null;
}

/** What a Stripe credit note shows that the memory record does not hold (lines, metadata, memo), kept per account by the emulator. */
export interface StripeCreditNotePresentation {
  /** The account in the PDF's URL. */
  accountId?: string;
  /** Default: the reason code as `billbridge_reason_code`, if any. */
  metadata?: Record<string, string>;
  lines?: readonly StripeCreditNoteLine[];
  /** The customer balance transaction its credit made (default one named after the note). */
  balanceTransactionId?: string | null;
}

const NO_PRESENTATION: StripeCreditNotePresentation = Object.freeze({});

function renderLine(suffix: string, line: StripeCreditNoteLine, index: number): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    id: `cnli_${suffix}${String(index + 1).padStart(4, '0')}`,
    object: 'credit_note_line_item',
    amount: line.amount,
    description: line.description,
    discount_amount: 0,
    discount_amounts: [],
    livemode: false,
    metadata: {},
    pretax_credit_amounts: [],
    quantity: line.quantity,
    tax_rates: [],
    taxes: [],
    type: line.type,
    unit_amount: line.unitAmount,
    unit_amount_decimal: String(line.unitAmount),
  };
  if (line.invoiceLineItem) rendered.invoice_line_item = line.invoiceLineItem;
  return rendered;
}

/**
 * A memory credit note as Stripe sends it at `apiVersion` (pre- and post-payment parts, `refunds[]`
 * today, `refund` in 2019).
 */
export function renderStripeCreditNote(
  note: CreditNoteRecord,
  apiVersion: string,
  presentation: StripeCreditNotePresentation = NO_PRESENTATION,
): Record<string, unknown> {
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
    customer_balance_transaction:
      presentation.balanceTransactionId !== undefined
        ? presentation.balanceTransactionId
        : note.creditAmount > 0
          ? `cbtxn_${suffix}`
          : null,
    invoice: note.invoiceId,
    livemode: false,
    memo: note.memo,
    metadata:
      presentation.metadata !== undefined
        ? { ...presentation.metadata }
        : note.reasonCode === null
          ? {}
          : { billbridge_reason_code: note.reasonCode },
    number: `MEM-${suffix.slice(-8).toUpperCase()}-CN`,
    pdf: `https://pay.stripe.com/credit_notes/${presentation.accountId ?? 'acct_memory'}/test_${note.id}/pdf`,
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
  const given = presentation.lines;
  const lines =
    given !== undefined && given.length > 0
      ? given.map((line, index) => renderLine(suffix, line, index))
      : [
          renderLine(
            suffix,
            {
              type: 'custom_line_item',
              amount: note.total,
              unitAmount: note.total,
              quantity: 1,
              description: note.memo ?? 'Credit',
              invoiceLineItem: null,
            },
            0,
          ),
        ];
  rendered.lines = renderStripeList(`/v1/credit_notes/${note.id}/lines`, lines, false);
  rendered.out_of_band_amount = note.outOfBandAmount > 0 ? note.outOfBandAmount : null;
  // From 2025-05-28 (mixed credit notes); basil before it has neither field.
  const mixedNotes = stripeHasMixedCreditNotes(apiVersion);
  if (mixedNotes) {
    rendered.post_payment_amount = postPayment;
    rendered.pre_payment_amount = prePayment;
  }
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
  rendered.type =
    postPayment === 0 ? 'pre_payment' : prePayment === 0 || !mixedNotes ? 'post_payment' : 'mixed';
  return rendered;
}
