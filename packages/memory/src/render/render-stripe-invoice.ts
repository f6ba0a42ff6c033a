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
 * Deep-frozen as made (constant parts shared, fresh parts frozen where they are built): a void's
 * `raw` is this object, so it is on the void path and must cost little (bench/).
 */
import { stripeUsesBasilShapes } from '@billbridge/core';
import type { CustomerRecord, InvoiceRecord } from '../memory-records.js';
import { amountDue, appliedTotal } from '../state/invoice-amounts.js';
import { unixSeconds } from './render-time.js';

/** What a Stripe invoice shows that the memory record does not hold (number, collection settings, hosted URLs…), kept per account by the emulator. */
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

const none: readonly never[] = Object.freeze([]);
const noMetadata = Object.freeze({});
const noProrations = Object.freeze({ credited_items: null });
const noAutomaticTax = Object.freeze({
  disabled_reason: null,
  enabled: false,
  liability: null,
  provider: null,
  status: null,
});
const issuedBySelf = Object.freeze({ type: 'self' });
const noPaymentSettings = Object.freeze({
  default_mandate: null,
  payment_method_options: null,
  payment_method_types: null,
});
const defaultRendering = Object.freeze({
  amount_tax_display: null,
  pdf: Object.freeze({ page_size: 'auto' }),
  template: null,
  template_version: null,
});
/** The memory provider renders without a presentation: one shared empty one, never written. */
const noPresentation: StripeInvoicePresentation = Object.freeze({});

/** `0001`, `0002`…: the position of a line, as the line and invoice item ids carry it. */
function lineNumber(index: number): string {
  return index < 9 ? `000${index + 1}` : String(index + 1).padStart(4, '0');
}

function suffixOf(invoice: Pick<InvoiceRecord, 'id'>): string {
  return invoice.id.startsWith('in_') ? invoice.id.slice(3) : invoice.id;
}

/** The id Stripe prints for the invoice's line at `index`. */
export function stripeInvoiceLineId(invoice: Pick<InvoiceRecord, 'id'>, index: number): string {
  return `il_${suffixOf(invoice)}${lineNumber(index)}`;
}

function basilLine(
  invoice: InvoiceRecord,
  line: InvoiceRecord['lines'][number],
  index: number,
  period: number,
  suffix: string,
) {
  return Object.freeze({
    id: `il_${suffix}${lineNumber(index)}`,
    object: 'line_item',
    amount: line.amount,
    currency: invoice.currency,
    description: line.description,
    discount_amounts: none,
    discountable: true,
    discounts: none,
    invoice: invoice.id,
    livemode: false,
    metadata: noMetadata,
    parent: Object.freeze({
      type: 'invoice_item_details',
      invoice_item_details: Object.freeze({
        // The invoice item a line came from: its own, or one named after the line.
        invoice_item: line.itemId ?? `ii_${suffix}${lineNumber(index)}`,
        proration: false,
        proration_details: noProrations,
        subscription: invoice.subscriptionId,
      }),
      subscription_item_details: null,
    }),
    period: Object.freeze({ end: period, start: period }),
    pretax_credit_amounts: none,
    pricing: null,
    quantity: 1,
    quantity_decimal: '1',
    subscription: invoice.subscriptionId,
    subtotal: line.amount,
    taxes: none,
  });
}

function legacyLine(
  invoice: InvoiceRecord,
  line: InvoiceRecord['lines'][number],
  index: number,
  period: number,
  suffix: string,
) {
  return Object.freeze({
    id: `il_${suffix}${lineNumber(index)}`,
    object: 'line_item',
    amount: line.amount,
    currency: invoice.currency,
    description: line.description,
    discountable: true,
    invoice_item: line.itemId ?? `ii_${suffix}${lineNumber(index)}`,
    livemode: false,
    metadata: noMetadata,
    period: Object.freeze({ end: period, start: period }),
    plan: null,
    proration: false,
    quantity: 1,
    subscription: invoice.subscriptionId,
    tax_amounts: none,
    tax_rates: none,
    type: 'invoiceitem',
  });
}

function metadataOf(invoice: InvoiceRecord): Readonly<Record<string, string>> {
  for (const _key in invoice.metadata) return Object.freeze({ ...invoice.metadata });
  return noMetadata;
}

/** Renders `invoice` (and the customer id it names) as Stripe's `invoice` object of `apiVersion`. */
export function renderStripeInvoice(
  invoice: InvoiceRecord,
  apiVersion: string,
  presentation: StripeInvoicePresentation = noPresentation,
): Record<string, unknown> {
  const basil = stripeUsesBasilShapes(apiVersion);
  const finalized = invoice.finalizedAt !== null;
  const applied = appliedTotal(invoice);
  const created = unixSeconds(invoice.createdAt);
  const line = basil ? basilLine : legacyLine;
  const suffix = suffixOf(invoice);
  const lines = Object.freeze(
    invoice.lines.map((entry, index) => line(invoice, entry, index, created, suffix)),
  );
  const startingBalance = presentation.startingBalance ?? (finalized ? -applied : 0);
  const daysUntilDue = presentation.daysUntilDue ?? null;
  const hosted =
    finalized && presentation.accountId !== undefined
      ? `https://invoice.stripe.com/i/${presentation.accountId}/test_${invoice.id}`
      : null;
  const customer = presentation.customer;
  // One literal, then the version's fields stored on it: spreading a large object into another
  // literal with more fields is a slow path in V8 (tens of µs per object on Node 20).
  const rendered: Record<string, unknown> = {
    id: invoice.id,
    object: 'invoice',
    account_country: 'US',
    account_name: presentation.accountName ?? 'billbridge memory',
    // A pre-payment credit note lowers amount_due as well as amount_remaining (stripe-node 23,
    // CreditNotes.d.ts: "will first reduce the invoice's amount_remaining (and amount_due)").
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
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: none,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: none,
    description: presentation.description ?? null,
    due_date:
      daysUntilDue === null ? null : (unixSeconds(invoice.finalizedAt) ?? created) + daysUntilDue * 86_400,
    ending_balance: finalized ? startingBalance + applied : null,
    footer: null,
    hosted_invoice_url: hosted,
    invoice_pdf: hosted === null ? null : `${hosted}/pdf`,
    // 2019-11-05 lists nested in objects carry `total_count`.
    lines: Object.freeze(
      basil
        ? { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${invoice.id}/lines` }
        : {
            object: 'list',
            data: lines,
            has_more: false,
            total_count: lines.length,
            url: `/v1/invoices/${invoice.id}/lines`,
          },
    ),
    livemode: false,
    metadata: metadataOf(invoice),
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
    // The record's statuses are Stripe's words.
    status: invoice.status,
    status_transitions: Object.freeze({
      finalized_at: unixSeconds(invoice.finalizedAt),
      marked_uncollectible_at: invoice.status === 'uncollectible' ? unixSeconds(invoice.finalizedAt) : null,
      paid_at: unixSeconds(invoice.paidAt),
      voided_at: unixSeconds(invoice.voidedAt),
    }),
    subtotal: invoice.total,
    total: invoice.total,
    webhooks_delivered_at: created,
  };
  if (!basil) {
    rendered.application_fee_amount = null;
    rendered.charge = null;
    rendered.discount = null;
    rendered.paid = invoice.status === 'paid';
    rendered.payment_intent = null;
    rendered.subscription = invoice.subscriptionId;
    rendered.tax = null;
    rendered.tax_percent = null;
    rendered.total_tax_amounts = none;
    return Object.freeze(rendered);
  }
  rendered.account_tax_ids = null;
  rendered.amount_overpaid = 0;
  rendered.amount_paid_off_stripe = presentation.paidOutOfBand ? invoice.amountPaid : 0;
  rendered.amount_shipping = 0;
  rendered.application = null;
  rendered.automatic_tax = noAutomaticTax;
  rendered.automatically_finalizes_at = null;
  rendered.customer_account = null;
  rendered.discounts = none;
  rendered.effective_at = unixSeconds(invoice.finalizedAt);
  rendered.from_invoice = null;
  rendered.issuer = issuedBySelf;
  rendered.last_finalization_error = null;
  rendered.latest_revision = null;
  rendered.on_behalf_of = null;
  rendered.parent = invoice.subscriptionId
    ? Object.freeze({
        type: 'subscription_details',
        quote_details: null,
        subscription_details: Object.freeze({ metadata: noMetadata, subscription: invoice.subscriptionId }),
      })
    : null;
  rendered.payment_settings = noPaymentSettings;
  rendered.rendering = defaultRendering;
  rendered.shipping_cost = null;
  rendered.shipping_details = null;
  rendered.subtotal_excluding_tax = invoice.total;
  rendered.test_clock = null;
  rendered.total_discount_amounts = none;
  rendered.total_excluding_tax = invoice.total;
  rendered.total_pretax_credit_amounts = none;
  rendered.total_taxes = none;
  return Object.freeze(rendered);
}
