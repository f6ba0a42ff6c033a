import { amountDue, appliedTotal, type InvoiceRecord } from '@billbridge/memory';
import {
  invoiceExtrasOf,
  isLegacyStripeVersion,
  type StripeAccount,
  unixSeconds,
} from '../stripe-account.js';
import { renderCustomer } from './render-customer.js';
import { renderList } from './render-list.js';

/** The id Stripe prints for the invoice's line at `index`. */
export function invoiceLineId(invoice: Readonly<InvoiceRecord>, index: number): string {
  return `il_${invoice.id.slice(3)}${String(index + 1).padStart(4, '0')}`;
}

function renderLines(
  invoice: Readonly<InvoiceRecord>,
  apiVersion: string,
  period: { end: number; start: number },
) {
  const legacy = isLegacyStripeVersion(apiVersion);
  return invoice.lines.map((line, index) => {
    const common = {
      id: invoiceLineId(invoice, index),
      object: 'line_item',
      amount: line.amount,
      currency: invoice.currency,
      description: line.description,
      discountable: true,
      livemode: false,
      metadata: {},
      period,
      quantity: 1,
      subscription: invoice.subscriptionId,
    };
    if (legacy)
      return {
        ...common,
        ...(line.itemId ? { invoice_item: line.itemId } : {}),
        plan: null,
        proration: false,
        tax_amounts: [],
        tax_rates: [],
        type: 'invoiceitem',
      };
    return {
      ...common,
      discount_amounts: [],
      discounts: [],
      invoice: invoice.id,
      parent: line.itemId
        ? {
            type: 'invoice_item_details',
            invoice_item_details: {
              invoice_item: line.itemId,
              proration: false,
              proration_details: { credited_items: null },
              subscription: invoice.subscriptionId,
            },
            subscription_item_details: null,
          }
        : null,
      pretax_credit_amounts: [],
      pricing: null,
      quantity_decimal: '1',
      subtotal: line.amount,
      taxes: [],
    };
  });
}

/**
 * An invoice in the requested version's shape: today's (no `paid`, `subscription` under `parent`,
 * `amount_overpaid`, `total_taxes`…) or 2019-11-05's (`paid`, `subscription`, `tax`…). Amounts come
 * from the state: `starting_balance`/`ending_balance` are Stripe's signed customer balance before
 * and after finalize applied credit; `amount_due` is what the customer had to pay after that credit
 * and pre-payment credit notes; `amount_remaining` what is still owed now.
 */
export function renderInvoice(
  account: StripeAccount,
  invoice: Readonly<InvoiceRecord>,
  apiVersion: string,
  expand: readonly string[] = [],
) {
  const extras = invoiceExtrasOf(account, invoice.id);
  const customer = account.state.customers.get(invoice.customerId);
  const created = unixSeconds(invoice.createdAt) ?? 0;
  const finalized = invoice.finalizedAt !== null;
  const applied = appliedTotal(invoice);
  const due = Math.max(0, invoice.total - applied - invoice.adjusted);
  const period = { end: created, start: created };
  const lines = renderLines(invoice, apiVersion, period);
  const statusTransitions = {
    finalized_at: unixSeconds(invoice.finalizedAt),
    marked_uncollectible_at: invoice.status === 'uncollectible' ? unixSeconds(invoice.finalizedAt) : null,
    paid_at: unixSeconds(invoice.paidAt),
    voided_at: unixSeconds(invoice.voidedAt),
  };
  const hosted = finalized ? `https://invoice.stripe.com/i/${account.id}/test_${invoice.id}` : null;
  const common = {
    id: invoice.id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'billbridge emulator',
    amount_due: due,
    amount_paid: invoice.amountPaid,
    amount_remaining: amountDue(invoice) - (invoice.status === 'draft' ? applied : 0),
    attempt_count: 0,
    attempted: false,
    auto_advance: extras.autoAdvance,
    billing_reason: invoice.subscriptionId ? 'subscription' : 'manual',
    collection_method: extras.collectionMethod,
    created,
    currency: invoice.currency,
    custom_fields: null,
    customer: expand.includes('customer')
      ? renderCustomer(account, customer, apiVersion)
      : invoice.customerId,
    customer_address: null,
    customer_email: customer.email,
    customer_name: customer.name,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: extras.description,
    due_date:
      extras.daysUntilDue === null
        ? null
        : (unixSeconds(invoice.finalizedAt) ?? created) + extras.daysUntilDue * 86_400,
    ending_balance: finalized ? extras.startingBalance + applied : null,
    footer: null,
    hosted_invoice_url: hosted,
    invoice_pdf: hosted === null ? null : `${hosted}/pdf`,
    livemode: false,
    metadata: { ...invoice.metadata },
    next_payment_attempt: null,
    number: extras.number,
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: invoice.credited,
    pre_payment_credit_notes_amount: invoice.adjusted,
    receipt_number: null,
    starting_balance: extras.startingBalance,
    statement_descriptor: null,
    status: invoice.status,
    status_transitions: statusTransitions,
    subtotal: invoice.total,
    total: invoice.total,
    webhooks_delivered_at: created,
  };
  const linesUrl = `/v1/invoices/${invoice.id}/lines`;
  if (isLegacyStripeVersion(apiVersion))
    return {
      ...common,
      application_fee_amount: null,
      charge: null,
      discount: null,
      lines: renderList(linesUrl, lines, false, lines.length),
      paid: invoice.status === 'paid',
      payment_intent: null,
      subscription: invoice.subscriptionId,
      tax: null,
      total_tax_amounts: [],
    };
  return {
    ...common,
    account_tax_ids: null,
    amount_overpaid: 0,
    amount_paid_off_stripe: extras.paidOutOfBand ? invoice.amountPaid : 0,
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
    lines: renderList(linesUrl, lines, false),
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

export function renderDeletedInvoice(id: string) {
  return { id, object: 'invoice', deleted: true };
}
