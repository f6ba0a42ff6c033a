/**
 * The memory provider's invoice as Stripe sends it at `apiVersion`: today's shape (API
 * 2025-03-31.basil and later: `parent`, `issuer`, `amount_overpaid`, `total_taxes`…) or the older one
 * (2019-11-05: `paid`, `subscription`, `charge`, `tax`…). Amounts come from the record:
 * `amount_due` is what the customer had to pay after applied credit and pre-payment credit notes,
 * `amount_remaining` what is still owed now, `starting_balance` / `ending_balance` Stripe's signed
 * customer balance before and after finalize applied credit. What the record does not hold
 * (collection settings, the number, the customer's contact fields, the balance at finalize) comes
 * in `presentation`, as the emulator keeps it per account. Pure: the same arguments always give the
 * same object; valid against test/spec-data's schema of that version (test/schemas, the emulator's tests).
 */
import { stripeUsesBasilShapes } from '@billbridge/core';
import type { CustomerRecord, InvoiceRecord } from '../memory-records.js';
import { amountDue, appliedTotal } from '../state/invoice-amounts.js';
import { renderStripeList } from './render-stripe-list.js';
import { unixSeconds } from './render-time.js';

export interface StripeInvoicePresentation {
  /** The account in hosted URLs; without it the invoice has none. */
  accountId?: string;
  accountName?: string;
  description?: string | null;
  collectionMethod?: 'charge_automatically' | 'send_invoice';
  daysUntilDue?: number | null;
  autoAdvance?: boolean;
  /** Stripe's `starting_balance` at finalize (negative = credit); default minus the credit applied. */
  startingBalance?: number;
  /** Default `MEM-…` once finalized. */
  number?: string | null;
  paidOutOfBand?: boolean;
  /** For `customer_email` / `customer_name`. */
  customer?: Pick<CustomerRecord, 'email' | 'name'>;
}

/** The id Stripe prints for the invoice's line at `index`. */
export function stripeInvoiceLineId(invoice: Pick<InvoiceRecord, 'id'>, index: number): string {
  return `il_${invoice.id.replace(/^in_/, '')}${String(index + 1).padStart(4, '0')}`;
}

/** The invoice item a line came from: its own, or one named after the line. */
function itemIdOf(invoice: InvoiceRecord, line: InvoiceRecord['lines'][number], index: number): string {
  return line.itemId ?? `ii_${invoice.id.replace(/^in_/, '')}${String(index + 1).padStart(4, '0')}`;
}

function basilLine(
  invoice: InvoiceRecord,
  line: InvoiceRecord['lines'][number],
  index: number,
  period: number,
) {
  return {
    id: stripeInvoiceLineId(invoice, index),
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
        invoice_item: itemIdOf(invoice, line, index),
        proration: false,
        proration_details: { credited_items: null },
        subscription: invoice.subscriptionId,
      },
      subscription_item_details: null,
    },
    period: { end: period, start: period },
    pretax_credit_amounts: [],
    pricing: null,
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
    id: stripeInvoiceLineId(invoice, index),
    object: 'line_item',
    amount: line.amount,
    currency: invoice.currency,
    description: line.description,
    discountable: true,
    invoice_item: itemIdOf(invoice, line, index),
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
export function renderStripeInvoice(
  invoice: InvoiceRecord,
  apiVersion: string,
  presentation: StripeInvoicePresentation = {},
): Record<string, unknown> {
  const basil = stripeUsesBasilShapes(apiVersion);
  const finalized = invoice.finalizedAt !== null;
  const applied = appliedTotal(invoice);
  const created = unixSeconds(invoice.createdAt);
  const line = basil ? basilLine : legacyLine;
  const lines = invoice.lines.map((entry, index) => line(invoice, entry, index, created));
  const startingBalance = presentation.startingBalance ?? (finalized ? -applied : 0);
  const daysUntilDue = presentation.daysUntilDue ?? null;
  const hosted =
    finalized && presentation.accountId !== undefined
      ? `https://invoice.stripe.com/i/${presentation.accountId}/test_${invoice.id}`
      : null;
  const linesUrl = `/v1/invoices/${invoice.id}/lines`;
  const common = {
    id: invoice.id,
    object: 'invoice',
    account_country: 'US',
    account_name: presentation.accountName ?? 'billbridge memory',
    amount_due: Math.max(0, invoice.total - applied - invoice.adjusted),
    amount_paid: invoice.amountPaid,
    amount_remaining: amountDue(invoice) - (invoice.status === 'draft' ? applied : 0),
    attempt_count: 0,
    attempted: invoice.amountPaid > 0,
    auto_advance: presentation.autoAdvance ?? false,
    billing_reason: invoice.subscriptionId ? 'subscription_cycle' : 'manual',
    collection_method: presentation.collectionMethod ?? 'charge_automatically',
    created,
    currency: invoice.currency,
    custom_fields: null,
    customer: invoice.customerId,
    customer_address: null,
    customer_email: presentation.customer?.email ?? null,
    customer_name: presentation.customer?.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: presentation.description ?? null,
    due_date:
      daysUntilDue === null ? null : (unixSeconds(invoice.finalizedAt) ?? created) + daysUntilDue * 86_400,
    ending_balance: finalized ? startingBalance + applied : null,
    footer: null,
    hosted_invoice_url: hosted,
    invoice_pdf: hosted === null ? null : `${hosted}/pdf`,
    livemode: false,
    metadata: { ...invoice.metadata },
    next_payment_attempt: null,
    number:
      presentation.number !== undefined
        ? presentation.number
        : finalized
          ? `MEM-${invoice.id.slice(-8).toUpperCase()}`
          : null,
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: invoice.credited,
    pre_payment_credit_notes_amount: invoice.adjusted,
    receipt_number: null,
    starting_balance: startingBalance,
    statement_descriptor: null,
    status: invoice.status,
    status_transitions: {
      finalized_at: unixSeconds(invoice.finalizedAt),
      marked_uncollectible_at: invoice.status === 'uncollectible' ? unixSeconds(invoice.finalizedAt) : null,
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
      lines: renderStripeList(linesUrl, lines, false, lines.length),
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
    amount_paid_off_stripe: presentation.paidOutOfBand ? invoice.amountPaid : 0,
    amount_shipping: 0,
    application: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    customer_account: null,
    discounts: [],
    effective_at: unixSeconds(invoice.finalizedAt),
    from_invoice: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: renderStripeList(linesUrl, lines, false),
    on_behalf_of: null,
    parent: invoice.subscriptionId
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: {}, subscription: invoice.subscriptionId },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    rendering: {
      amount_tax_display: null,
      pdf: { page_size: 'auto' },
      template: null,
      template_version: null,
    },
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

export function renderStripeDeletedInvoice(id: string) {
  return { id, object: 'invoice', deleted: true };
}
