/**
 * The memory provider's invoice as Stripe sends it at `apiVersion`: today's shape (API
 * 2025-03-31.basil and later: `parent`, `issuer`, `amount_overpaid`, `total_taxes`…) or the older one
 * (2019-11-05: `paid`, `subscription`, `charge`, `tax`…). Pure: the same record and version always
 * give the same object; valid against test/spec-data's schema of that version (test/conformance).
 */
import { stripeUsesBasilShapes } from '@billbridge/core';
import type { InvoiceRecord } from '../memory-records.js';
import { amountDue, appliedTotal } from '../state/invoice-amounts.js';
import { unixSeconds } from './render-time.js';

const statusWords: Record<InvoiceRecord['status'], string> = {
  draft: 'draft',
  open: 'open',
  paid: 'paid',
  uncollectible: 'uncollectible',
  void: 'void',
};

function lineId(invoice: InvoiceRecord, index: number): string {
  return `il_${invoice.id.replace(/^in_/, '')}${String(index + 1).padStart(4, '0')}`;
}

function basilLine(
  invoice: InvoiceRecord,
  line: InvoiceRecord['lines'][number],
  index: number,
  period: number,
) {
  return {
    id: lineId(invoice, index),
    object: 'line_item',
    amount: line.amount,
    currency: invoice.currency,
    description: line.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoice.id,
    livemode: false,
    metadata: {},
    parent: {
      type: 'invoice_item_details',
      invoice_item_details: {
        invoice_item: `ii_${invoice.id.replace(/^in_/, '')}${String(index + 1).padStart(4, '0')}`,
        proration: false,
        proration_details: { credited_items: null },
        subscription: invoice.subscriptionId,
      },
      subscription_item_details: null,
    },
    period: { end: period, start: period },
    pretax_credit_amounts: [],
    pricing: { type: 'price_details', unit_amount_decimal: String(line.amount) },
    quantity: 1,
    quantity_decimal: '1',
    subscription: invoice.subscriptionId,
    subtotal: line.amount,
    taxes: [],
  };
}

function legacyLine(
  invoice: InvoiceRecord,
  line: InvoiceRecord['lines'][number],
  index: number,
  period: number,
) {
  return {
    id: lineId(invoice, index),
    object: 'line_item',
    amount: line.amount,
    currency: invoice.currency,
    discountable: true,
    invoice_item: `ii_${invoice.id.replace(/^in_/, '')}${String(index + 1).padStart(4, '0')}`,
    livemode: false,
    metadata: {},
    period: { end: period, start: period },
    plan: null,
    proration: false,
    quantity: 1,
    subscription: invoice.subscriptionId,
    tax_amounts: [],
    tax_rates: [],
    type: 'invoiceitem',
  };
}

/** Renders `invoice` (and the customer id it names) as Stripe's `invoice` object of `apiVersion`. */
export function renderStripeInvoice(invoice: InvoiceRecord, apiVersion: string): Record<string, unknown> {
  const basil = stripeUsesBasilShapes(apiVersion);
  const finalized = invoice.status !== 'draft';
  const applied = appliedTotal(invoice);
  const created = unixSeconds(invoice.createdAt);
  const line = basil ? basilLine : legacyLine;
  const common = {
    id: invoice.id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'billbridge memory',
    amount_due: finalized ? invoice.total - applied : invoice.total,
    amount_paid: invoice.amountPaid,
    amount_remaining: amountDue(invoice),
    attempt_count: 0,
    attempted: invoice.amountPaid > 0,
    auto_advance: false,
    billing_reason: invoice.subscriptionId ? 'subscription_cycle' : 'manual',
    collection_method: 'charge_automatically',
    created,
    currency: invoice.currency,
    custom_fields: null,
    customer: invoice.customerId,
    customer_address: null,
    customer_email: null,
    customer_name: null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    due_date: null,
    ending_balance: finalized ? 0 : null,
    footer: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    lines: {
      object: 'list',
      data: invoice.lines.map((entry, index) => line(invoice, entry, index, created)),
      has_more: false,
      url: `/v1/invoices/${invoice.id}/lines`,
    },
    livemode: false,
    metadata: { ...invoice.metadata },
    next_payment_attempt: null,
    number: finalized ? `MEM-${invoice.id.slice(-8).toUpperCase()}` : null,
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: invoice.credited,
    pre_payment_credit_notes_amount: invoice.adjusted,
    receipt_number: null,
    starting_balance: finalized ? -applied : 0,
    statement_descriptor: null,
    status: statusWords[invoice.status],
    status_transitions: {
      finalized_at: unixSeconds(invoice.finalizedAt),
      marked_uncollectible_at: null,
      paid_at: unixSeconds(invoice.paidAt),
      voided_at: unixSeconds(invoice.voidedAt),
    },
    subtotal: invoice.total,
    total: invoice.total,
    webhooks_delivered_at: created,
  };
  if (!basil) {
    return {
      ...common,
      application_fee_amount: null,
      charge: null,
      discount: null,
      paid: invoice.status === 'paid',
      payment_intent: null,
      subscription: invoice.subscriptionId,
      tax: null,
      tax_percent: null,
      total_tax_amounts: [],
    };
  }
  return {
    ...common,
    account_tax_ids: null,
    amount_overpaid: 0,
    amount_paid_off_stripe: 0,
    amount_shipping: 0,
    application: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    customer_account: null,
    description: null,
    discounts: [],
    effective_at: unixSeconds(invoice.finalizedAt),
    from_invoice: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    on_behalf_of: null,
    parent: invoice.subscriptionId
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: {}, subscription: invoice.subscriptionId },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    subtotal_excluding_tax: invoice.total,
    test_clock: null,
    total_discount_amounts: [],
    total_excluding_tax: invoice.total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
  };
}
