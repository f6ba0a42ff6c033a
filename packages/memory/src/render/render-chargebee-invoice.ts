/**
 * The memory provider's invoice as Chargebee (API v2) sends it. Promotional credits applied are a
 * discount (`discounts[]` and each line's `line_item_discounts[]`, entity type
 * `promotional_credits`), so `total` is the sub-total less them; refundable credits and excess
 * payments applied count in `credits_applied`, like payments. Pure.
 */
import type { InvoiceRecord } from '../memory-records.js';
import { unixSeconds } from './render-time.js';

const statusWords: Record<InvoiceRecord['status'], string> = {
  draft: 'pending',
  open: 'payment_due',
  paid: 'paid',
  uncollectible: 'not_paid',
  void: 'voided',
};

export function renderChargebeeInvoice(invoice: InvoiceRecord): Record<string, unknown> {
  const promotional = invoice.applied.promotional ?? 0;
  const creditsApplied = (invoice.applied.refundable ?? 0) + (invoice.applied.excess ?? 0);
  const total = invoice.total - promotional;
  const settled = invoice.status === 'void' || invoice.status === 'paid' || invoice.status === 'draft';
  const date = unixSeconds(invoice.createdAt);
  const updated = unixSeconds(invoice.voidedAt ?? invoice.paidAt ?? invoice.finalizedAt ?? invoice.createdAt);
  const currencyCode = invoice.currency.toUpperCase();
  const lineIds = invoice.lines.map((_, index) => `li_${invoice.id}_${index + 1}`);
  // Each line's share of the promotional credits, the rest on the last line (exact integers).
  let left = promotional;
  const shares = invoice.lines.map((line, index) => {
    const share =
      index === invoice.lines.length - 1 ? left : Math.floor((promotional * line.amount) / invoice.total);
    left -= share;
    return share;
  });
  const rendered: Record<string, unknown> = {
    id: invoice.id,
    customer_id: invoice.customerId,
    recurring: invoice.subscriptionId !== null,
    status: statusWords[invoice.status],
    price_type: 'tax_exclusive',
    date,
    due_date: date,
    net_term_days: 0,
    exchange_rate: 1,
    total,
    amount_paid: invoice.amountPaid,
    amount_adjusted: invoice.adjusted,
    write_off_amount: 0,
    credits_applied: creditsApplied,
    amount_due: settled ? 0 : Math.max(0, total - creditsApplied - invoice.amountPaid - invoice.adjusted),
    resource_version: updated * 1000,
    updated_at: updated,
    sub_total: invoice.total,
    tax: 0,
    first_invoice: false,
    has_advance_charges: false,
    term_finalized: true,
    is_gifted: false,
    generated_at: unixSeconds(invoice.finalizedAt ?? invoice.createdAt),
    deleted: false,
    currency_code: currencyCode,
    object: 'invoice',
    line_items: invoice.lines.map((line, index) => {
      const item: Record<string, unknown> = {
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
        entity_type: 'charge_item_price',
        customer_id: invoice.customerId,
        object: 'line_item',
      };
      if (invoice.subscriptionId) item.subscription_id = invoice.subscriptionId;
      return item;
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
    linked_payments:
      invoice.amountPaid > 0
        ? [
            {
              txn_id: `txn_${invoice.id}`,
              applied_amount: invoice.amountPaid,
              applied_at: unixSeconds(invoice.paidAt ?? invoice.finalizedAt ?? invoice.createdAt),
              txn_status: 'success',
              txn_date: unixSeconds(invoice.paidAt ?? invoice.finalizedAt ?? invoice.createdAt),
              txn_amount: invoice.amountPaid,
            },
          ]
        : [],
    applied_credits: [],
    adjustment_credit_notes: [],
    issued_credit_notes: [],
    linked_orders: [],
    dunning_attempts: [],
  };
  if (invoice.subscriptionId) rendered.subscription_id = invoice.subscriptionId;
  if (invoice.paidAt) rendered.paid_at = unixSeconds(invoice.paidAt);
  if (invoice.voidedAt) rendered.voided_at = unixSeconds(invoice.voidedAt);
  if (invoice.voidReasonCode) rendered.void_reason_code = invoice.voidReasonCode;
  return rendered;
}
