import { amountDue, type InvoiceRecord, type MemoryState } from '@billbridge/memory';
import { unixSeconds } from '../chargebee-site.js';

/**
 * A memory invoice as Chargebee API v2 shows it (the fields of the chargebee package's `Invoice`,
 * checked by the generated schemas). Chargebee books promotional credits as a discount: they are a
 * `discounts[]` entry of `entity_type: promotional_credits` and its `total` is after them;
 * refundable credits and excess payments are `credits_applied`, like a payment. Payments show as
 * one `linked_payments[]` entry for what was paid (the state keeps the sum, not each payment).
 */
export function renderChargebeeInvoice(state: MemoryState, record: Readonly<InvoiceRecord>) {
  const promotional = record.applied.promotional ?? 0;
  const creditsApplied = (record.applied.refundable ?? 0) + (record.applied.excess ?? 0);
  const issuedAt = unixSeconds(record.finalizedAt ?? record.createdAt);
  const times = [record.createdAt, record.finalizedAt, record.paidAt, record.voidedAt]
    .filter((time): time is string => time !== null)
    .map(unixSeconds);
  const updatedAt = Math.max(...times);
  const notes = state.creditNotes.listForInvoice(record.id);
  const noteEntry = (note: (typeof notes)[number]) => ({
    cn_id: note.id,
    ...(note.reason !== null ? { cn_reason_code: note.reason } : {}),
    ...(note.reasonCode !== null ? { cn_create_reason_code: note.reasonCode } : {}),
    cn_date: unixSeconds(note.createdAt),
    cn_total: note.total,
    cn_status: creditNoteStatus(note),
  });
  let discountLeft = promotional;
  return {
    id: record.id,
    customer_id: record.customerId,
    ...(record.subscriptionId !== null ? { subscription_id: record.subscriptionId } : {}),
    recurring: record.subscriptionId !== null,
    status: state.flavor.statusWords[record.status],
    price_type: 'tax_exclusive',
    date: issuedAt,
    ...(record.status !== 'draft' ? { due_date: issuedAt } : {}),
    net_term_days: 0,
    exchange_rate: 1,
    total: record.total - promotional,
    amount_paid: record.amountPaid,
    amount_adjusted: record.adjusted,
    write_off_amount: 0,
    credits_applied: creditsApplied,
    amount_due: amountDue(record),
    ...(record.paidAt !== null ? { paid_at: unixSeconds(record.paidAt) } : {}),
    ...(record.voidedAt !== null ? { voided_at: unixSeconds(record.voidedAt) } : {}),
    resource_version: updatedAt * 1000,
    updated_at: updatedAt,
    sub_total: record.total,
    tax: 0,
    has_advance_charges: false,
    term_finalized: true,
    is_gifted: false,
    generated_at: issuedAt,
    deleted: false,
    currency_code: record.currency.toUpperCase(),
    ...(record.voidReasonCode !== null ? { void_reason_code: record.voidReasonCode } : {}),
    object: 'invoice',
    line_items: record.lines.map((line, index) => {
      const discount = Math.min(discountLeft, line.amount);
      discountLeft -= discount;
      return {
        id: `li_${record.id}_${index + 1}`,
        date_from: issuedAt,
        date_to: issuedAt,
        unit_amount: line.amount,
        quantity: 1,
        amount: line.amount,
        pricing_model: 'flat_fee',
        is_taxed: false,
        tax_amount: 0,
        discount_amount: discount,
        item_level_discount_amount: 0,
        description: line.description ?? 'One-time charge',
        entity_type: 'adhoc',
        customer_id: record.customerId,
        object: 'line_item',
      };
    }),
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
    linked_payments:
      record.amountPaid > 0
        ? [
            {
              txn_id: `txn_${record.id}`,
              applied_amount: record.amountPaid,
              applied_at: unixSeconds(record.paidAt ?? record.finalizedAt ?? record.createdAt),
              txn_status: 'success',
              txn_date: unixSeconds(record.paidAt ?? record.finalizedAt ?? record.createdAt),
              txn_amount: record.amountPaid,
            },
          ]
        : [],
    applied_credits: [],
    adjustment_credit_notes: notes.filter((note) => note.kind === 'adjustment').map(noteEntry),
    issued_credit_notes: notes.filter((note) => note.kind !== 'adjustment').map(noteEntry),
    linked_orders: [],
    dunning_attempts: [],
  };
}

/** Chargebee's credit note status: `adjusted` (adjustment), `refund_due` (refundable), `voided`. */
export function creditNoteStatus(note: {
  status: 'issued' | 'void';
  kind: string;
  refundAmount: number;
  total: number;
}) {
  if (note.status === 'void') return 'voided';
  if (note.kind === 'adjustment') return 'adjusted';
  return note.refundAmount >= note.total ? 'refunded' : 'refund_due';
}
