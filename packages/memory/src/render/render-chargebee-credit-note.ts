/**
 * The memory provider's credit note as Chargebee (API v2) sends it: `adjustment` (status
 * `adjusted`) or `refundable` (`refund_due` while its amount stays with the customer, `refunded`
 * once refunded); `voided` after a void. Pure.
 */
import type { CreditNoteRecord } from '../memory-records.js';
import { unixSeconds } from './render-time.js';

function statusOf(note: CreditNoteRecord): string {
  if (note.status === 'void') return 'voided';
  if (note.kind === 'adjustment') return 'adjusted';
  return note.refundAmount > 0 && note.creditAmount === 0 ? 'refunded' : 'refund_due';
}

export function renderChargebeeCreditNote(note: CreditNoteRecord): Record<string, unknown> {
  const voided = note.status === 'void';
  const adjustment = note.kind === 'adjustment';
  const allocated = adjustment && !voided ? note.total : 0;
  const date = unixSeconds(note.createdAt);
  const updated = unixSeconds(note.voidedAt ?? note.createdAt);
  const rendered: Record<string, unknown> = {
    id: note.id,
    customer_id: note.customerId,
    reference_invoice_id: note.invoiceId,
    type: adjustment ? 'adjustment' : 'refundable',
    status: statusOf(note),
    date,
    price_type: 'tax_exclusive',
    total: note.total,
    amount_allocated: allocated,
    amount_refunded: note.refundAmount,
    amount_available: adjustment || voided ? 0 : note.creditAmount,
    generated_at: date,
    resource_version: updated * 1000,
    updated_at: updated,
    sub_total: note.total,
    round_off_amount: 0,
    fractional_correction: 0,
    deleted: false,
    currency_code: note.currency.toUpperCase(),
    object: 'credit_note',
    line_items: [
      {
        id: `li_${note.id}`,
        date_from: date,
        date_to: date,
        unit_amount: note.total,
        quantity: 1,
        amount: note.total,
        pricing_model: 'flat_fee',
        is_taxed: false,
        tax_amount: 0,
        discount_amount: 0,
        item_level_discount_amount: 0,
        description: note.memo ?? 'Credit',
        entity_type: 'adhoc',
        customer_id: note.customerId,
        object: 'line_item',
      },
    ],
    discounts: [],
    taxes: [],
    line_item_taxes: [],
    line_item_discounts: [],
    linked_refunds: [],
    allocations:
      allocated > 0
        ? [
            {
              invoice_id: note.invoiceId,
              allocated_amount: allocated,
              allocated_at: date,
              invoice_date: date,
              invoice_status: 'payment_due',
            },
          ]
        : [],
  };
  if (note.reason) rendered.reason_code = note.reason;
  if (note.reasonCode) rendered.create_reason_code = note.reasonCode;
  if (note.voidedAt) rendered.voided_at = unixSeconds(note.voidedAt);
  return rendered;
}
