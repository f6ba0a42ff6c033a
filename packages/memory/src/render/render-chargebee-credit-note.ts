// The memory provider's credit note as Chargebee (API v2) sends it: `adjustment` (status
// `adjusted`) or `refundable` (`refund_due` while its amount stays with the customer, `refunded`
// once refunded); `voided` after a void. With its invoice given, the subscription and the
// allocation's invoice date and status are the invoice's. Pure.
import type { CreditNoteRecord, InvoiceRecord } from '../memory-records.js';
import { chargebeeCreditNoteStatus, chargebeeInvoiceStatusWords } from './render-chargebee-status.js';
import { unixSeconds } from './render-time.js';

export function renderChargebeeCreditNote(
  note: CreditNoteRecord,
  related: { invoice?: InvoiceRecord } = {},
): Record<string, unknown> {
  const { invoice } = related;
  const voided = note.status === 'void';
  const adjustment = note.kind === 'adjustment';
  const allocated = adjustment
    ? voided
      ? 0
      : note.total
    : note.allocations.reduce((sum, { amount }) => sum + amount, 0);
  const date = unixSeconds(note.createdAt);
  const updated = unixSeconds(note.voidedAt ?? note.createdAt);
  return {
    id: note.id,
    customer_id: note.customerId,
    ...(invoice?.subscriptionId ? { subscription_id: invoice.subscriptionId } : {}),
    reference_invoice_id: note.invoiceId,
    type: adjustment ? 'adjustment' : 'refundable',
    ...(note.reason ? { reason_code: note.reason } : {}),
    ...(note.reasonCode ? { create_reason_code: note.reasonCode } : {}),
    status: chargebeeCreditNoteStatus(note),
    date,
    price_type: 'tax_exclusive',
    total: note.total,
    amount_allocated: allocated,
    amount_refunded: note.refundAmount,
    amount_available: adjustment || voided ? 0 : note.available,
    ...(note.voidedAt ? { voided_at: unixSeconds(note.voidedAt) } : {}),
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
        description: 'Credit',
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
    allocations: !adjustment
      ? note.allocations.map((allocation) => ({
          invoice_id: allocation.invoice.id,
          allocated_amount: allocation.amount,
          allocated_at: unixSeconds(allocation.at),
          invoice_date: unixSeconds(allocation.invoice.createdAt),
          invoice_status: chargebeeInvoiceStatusWords[allocation.invoice.status],
        }))
      : allocated > 0
        ? [
            {
              invoice_id: note.invoiceId,
              allocated_amount: allocated,
              allocated_at: date,
              invoice_date: invoice ? unixSeconds(invoice.createdAt) : date,
              invoice_status: invoice ? chargebeeInvoiceStatusWords[invoice.status] : 'payment_due',
            },
          ]
        : [],
  };
}
