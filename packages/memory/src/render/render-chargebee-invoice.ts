// The memory provider's invoice as Chargebee (API v2) sends it. Promotional credits applied are a
// discount (`discounts[]` and each line's `line_item_discounts[]`, entity type
// `promotional_credits`), so `total` is the sub-total less them; refundable credits applied count
// in `credits_applied`, excess payments applied are linked payments (`linked_payments[]`,
// `amount_paid`). The invoice's credit notes, when given, are its `adjustment_credit_notes[]`
// (adjustments) and `issued_credit_notes[]` (the others), and the refundable credits it spent its
// `applied_credits[]`, as Chargebee lists them. Pure.
import type { CreditNoteRecord, InvoiceCredits, InvoiceRecord } from '../memory-records.js';
import { amountDue } from '../state/invoice-amounts.js';
import { chargebeeCreditNoteStatus, chargebeeInvoiceStatusWords } from './render-chargebee-status.js';
import { unixSeconds } from './render-time.js';

/**
 * A memory invoice as Chargebee (API v2) sends it, with its credit notes listed when given (see the
 * file's comment).
 */
export function renderChargebeeInvoice(
  invoice: InvoiceRecord,
  related: Partial<InvoiceCredits> = {},
): Record<string, unknown> {
  const notes = related.creditNotes ?? [];
  const noteFields = (note: CreditNoteRecord) => ({
    cn_id: note.id,
    ...(note.reason ? { cn_reason_code: note.reason } : {}),
    ...(note.reasonCode ? { cn_create_reason_code: note.reasonCode } : {}),
    cn_date: unixSeconds(note.createdAt),
  });
  const noteEntry = (note: CreditNoteRecord) => ({
    ...noteFields(note),
    cn_total: note.total,
    cn_status: chargebeeCreditNoteStatus(note),
  });
  const promotional = invoice.applied.promotional ?? 0;
  const excess = invoice.applied.excess ?? 0;
  const finalized = invoice.finalizedAt ?? invoice.createdAt;
  const total = invoice.total - promotional;
  const date = unixSeconds(invoice.createdAt);
  const updated = unixSeconds(invoice.voidedAt ?? invoice.paidAt ?? invoice.finalizedAt ?? invoice.createdAt);
  const currencyCode = invoice.currency.toUpperCase();
  const lineIds = invoice.lines.map((_, index) => `li_${invoice.id}_${index + 1}`);
  // Each line's share of the promotional credits (exact integers), the rest from the last line
  // back, never past a line's amount.
  const shares = invoice.lines.map((line) =>
    invoice.total > 0 ? Math.floor((promotional * line.amount) / invoice.total) : 0,
  );
  let left = promotional - shares.reduce((sum, share) => sum + share, 0);
  for (let index = shares.length - 1; left > 0 && index >= 0; index--) {
    const more = Math.min(left, invoice.lines[index]!.amount - shares[index]!);
    shares[index]! += more;
    left -= more;
  }
  return {
    id: invoice.id,
    customer_id: invoice.customerId,
    ...(invoice.subscriptionId ? { subscription_id: invoice.subscriptionId } : {}),
    recurring: invoice.subscriptionId !== null,
    status: chargebeeInvoiceStatusWords[invoice.status],
    price_type: 'tax_exclusive',
    date,
    due_date: date,
    net_term_days: 0,
    exchange_rate: 1,
    total,
    amount_paid: invoice.amountPaid + excess,
    amount_adjusted: invoice.adjusted,
    write_off_amount: 0,
    credits_applied: invoice.applied.refundable ?? 0,
    // What is still owed, as the memory provider reports it (a pending invoice owes its total).
    amount_due: amountDue(invoice),
    ...(invoice.paidAt ? { paid_at: unixSeconds(invoice.paidAt) } : {}),
    ...(invoice.voidedAt ? { voided_at: unixSeconds(invoice.voidedAt) } : {}),
    resource_version: updated * 1000,
    updated_at: updated,
    sub_total: invoice.total,
    tax: 0,
    first_invoice: false,
    has_advance_charges: false,
    term_finalized: true,
    is_gifted: false,
    generated_at: unixSeconds(finalized),
    deleted: false,
    currency_code: currencyCode,
    object: 'invoice',
    ...(invoice.voidReasonCode ? { void_reason_code: invoice.voidReasonCode } : {}),
    line_items: invoice.lines.map((line, index) => ({
      id: lineIds[index],
      date_from: date,
      date_to: date,
      unit_amount: line.amount,
      quantity: 1,
      amount: line.amount,
      pricing_model: 'flat_fee',
      is_taxed: false,
      tax_amount: 0,
      discount_amount: shares[index],
      item_level_discount_amount: 0,
      description: line.description ?? 'One-off charge',
      // A one-off charge (`charges[]`), as Chargebee tags the lines of such invoices.
      entity_type: 'adhoc',
      customer_id: invoice.customerId,
      ...(invoice.subscriptionId ? { subscription_id: invoice.subscriptionId } : {}),
      object: 'line_item',
    })),
    discounts:
      promotional > 0
        ? [
            {
              amount: promotional,
              description: 'Promotional Credits',
              entity_type: 'promotional_credits',
              object: 'discount',
            },
          ]
        : [],
    line_item_discounts: shares.flatMap((share, index) =>
      share > 0
        ? [
            {
              line_item_id: lineIds[index],
              discount_type: 'promotional_credits',
              discount_amount: share,
              object: 'line_item_discount',
            },
          ]
        : [],
    ),
    // Excess payments applied at finalize, then each payment recorded, as its own transaction.
    linked_payments: [
      ...(excess > 0 ? [linkedPayment(`txn_${invoice.id}_excess`, excess, finalized)] : []),
      ...invoice.payments.map((payment, index) =>
        linkedPayment(
          `txn_${invoice.id}${index > 0 ? `_${index + 1}` : ''}`,
          payment.amount,
          payment.at,
          payment.received,
        ),
      ),
    ],
    applied_credits: (related.creditsApplied ?? []).map(({ note, amount, at }) => ({
      ...noteFields(note),
      applied_amount: amount,
      applied_at: unixSeconds(at),
      cn_status: chargebeeCreditNoteStatus(note),
    })),
    adjustment_credit_notes: notes.filter((note) => note.kind === 'adjustment').map(noteEntry),
    issued_credit_notes: notes.filter((note) => note.kind !== 'adjustment').map(noteEntry),
    linked_orders: [],
    dunning_attempts: [],
  };
}

/** One `linked_payments[]` entry: a successful transaction of `received` (default `amount`), `amount` of it applied at `at`. */
function linkedPayment(txnId: string, amount: number, at: string, received = amount) {
  const seconds = unixSeconds(at);
  return {
    txn_id: txnId,
    applied_amount: amount,
    applied_at: seconds,
    txn_status: 'success',
    txn_date: seconds,
    txn_amount: received,
  };
}
