import type { CreditNoteRecord, MemoryState } from '@billbridge/memory';
import { unixSeconds } from '../chargebee-site.js';
import { creditNoteStatus } from './render-chargebee-invoice.js';

/**
 * A memory credit note as Chargebee API v2 shows it: `adjustment` for one that lowered what an
 * unpaid invoice owed (allocated to it), `refundable` for one on a paid invoice whose amount went
 * to the customer's refundable credits (`amount_available`). The state's `reason` is Chargebee's
 * `reason_code`, its `reasonCode` the site-configured `create_reason_code`.
 */
export function renderChargebeeCreditNote(state: MemoryState, note: Readonly<CreditNoteRecord>) {
  const invoice = state.invoices.get(note.invoiceId);
  const voided = note.status === 'void';
  const date = unixSeconds(note.createdAt);
  const updatedAt = note.voidedAt !== null ? unixSeconds(note.voidedAt) : date;
  const adjustment = note.kind === 'adjustment';
  const allocated = adjustment && !voided ? note.total : 0;
  return {
    id: note.id,
    customer_id: note.customerId,
    ...(invoice.subscriptionId !== null ? { subscription_id: invoice.subscriptionId } : {}),
    reference_invoice_id: note.invoiceId,
    type: adjustment ? 'adjustment' : 'refundable',
    ...(note.reason !== null ? { reason_code: note.reason } : {}),
    ...(note.reasonCode !== null ? { create_reason_code: note.reasonCode } : {}),
    status: creditNoteStatus(note),
    date,
    price_type: 'tax_exclusive',
    total: note.total,
    amount_allocated: allocated,
    amount_refunded: note.refundAmount,
    amount_available: adjustment || voided ? 0 : note.total - note.refundAmount,
    ...(note.voidedAt !== null ? { voided_at: unixSeconds(note.voidedAt) } : {}),
    generated_at: date,
    resource_version: updatedAt * 1000,
    updated_at: updatedAt,
    sub_total: note.total,
    round_off_amount: 0,
    fractional_correction: 0,
    deleted: false,
    currency_code: note.currency.toUpperCase(),
    object: 'credit_note',
    line_items: [
      {
        id: `li_${note.id}_1`,
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
        description: note.createdByVoid ? 'Invoice Void' : 'Credit',
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
              invoice_date: unixSeconds(invoice.finalizedAt ?? invoice.createdAt),
              invoice_status: state.flavor.statusWords[invoice.status],
            },
          ]
        : [],
  };
}
