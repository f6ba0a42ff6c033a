// Stripe objects of API 2019-11-05, for the documented cassettes written by
// author-stripe-cassettes.mjs: shaped like Stripe's documented examples and trimmed to the top-level
// fields the published 2019-11-05 spec lists (test/spec-data/stripe/stripe-openapi-2019-11-05.json),
// which is also what judges them. Today's shapes are in stripe-current-objects.mjs.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { created, currentCustomer, customerId } from './stripe-current-objects.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function specFor() {
  return JSON.parse(readFileSync(join(root, 'test/spec-data/stripe/stripe-openapi-2019-11-05.json'), 'utf8'));
}

/** Keeps the top-level fields the version's schema lists (older versions have fewer). */
function keepKnownFields(object, schemaName, apiVersion) {
  const properties = specFor(apiVersion).components.schemas[schemaName].properties;
  return Object.fromEntries(Object.entries(object).filter(([key]) => key in properties));
}

/** An invoice shaped like Stripe's documented example (API reference, "Void an invoice"). */
export function invoice2019(apiVersion, options) {
  const {
    id,
    status,
    total = 2000,
    applied = 500,
    paid = false,
    metadata = {},
    customer = customerId,
  } = options;
  const finalized = status !== 'draft';
  const startingBalance = finalized ? -applied : 0;
  const endingBalance = finalized ? 0 : null;
  const due = finalized ? total - applied : total;
  const amountPaid = paid ? due : 0;
  const remaining = status === 'open' || status === 'draft' ? due - amountPaid : 0;
  const raw = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe Docs',
    account_tax_ids: null,
    amount_due: due,
    amount_paid: amountPaid,
    amount_remaining: remaining,
    amount_shipping: 0,
    application: null,
    application_fee_amount: null,
    attempt_count: paid ? 1 : 0,
    attempted: paid,
    auto_advance: false,
    automatic_tax: { enabled: false, status: null },
    billing_reason: 'manual',
    charge: null,
    collection_method: 'charge_automatically',
    created,
    currency: 'usd',
    custom_fields: null,
    customer,
    customer_address: null,
    customer_email: 'jennyrosen@example.com',
    customer_name: 'Jenny Rosen',
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discount: null,
    discounts: [],
    due_date: null,
    ending_balance: endingBalance,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: finalized ? `https://invoice.stripe.com/i/acct_1M2JTkLkdIwHu7ix/test_${id}` : null,
    invoice_pdf: finalized ? `https://pay.stripe.com/invoice/acct_1M2JTkLkdIwHu7ix/test_${id}/pdf` : null,
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata,
    next_payment_attempt: null,
    number: finalized ? 'A1B2C3D4-0001' : null,
    on_behalf_of: null,
    paid,
    paid_out_of_band: false,
    payment_intent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: options.postPaymentCredited ?? 0,
    pre_payment_credit_notes_amount: options.prePaymentCredited ?? 0,
    quote: null,
    receipt_number: null,
    rendering_options: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: startingBalance,
    statement_descriptor: null,
    status,
    status_transitions: {
      finalized_at: finalized ? created + 60 : null,
      marked_uncollectible_at: null,
      paid_at: paid ? created + 120 : null,
      voided_at: status === 'void' ? created + 180 : null,
    },
    subscription: null,
    subtotal: total,
    subtotal_excluding_tax: total,
    tax: null,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_tax_amounts: [],
    transfer_data: null,
    webhooks_delivered_at: created,
  };
  return keepKnownFields(raw, 'invoice', apiVersion);
}

export function creditNote2019(
  apiVersion,
  {
    id = 'cn_1MxvRqLkdIwHu7ixY0xbUcxk',
    invoiceId,
    amount = 300,
    type = 'pre_payment',
    status = 'issued',
    reason = 'order_change',
    balanceTransaction = null,
  },
) {
  const raw = {
    id,
    object: 'credit_note',
    amount,
    amount_shipping: 0,
    created,
    currency: 'usd',
    customer: customerId,
    customer_balance_transaction: balanceTransaction,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: created,
    invoice: invoiceId,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/credit_notes/${id}/lines` },
    livemode: false,
    memo: null,
    metadata: {},
    number: 'A1B2C3D4-0001-CN-01',
    out_of_band_amount: null,
    pdf: `https://pay.stripe.com/credit_notes/acct_1M2JTkLkdIwHu7ix/test_${id}/pdf`,
    reason,
    refund: null,
    shipping_cost: null,
    status,
    subtotal: amount,
    subtotal_excluding_tax: amount,
    tax_amounts: [],
    total: amount,
    total_excluding_tax: amount,
    type,
    voided_at: status === 'void' ? created + 240 : null,
  };
  return keepKnownFields(raw, 'credit_note', apiVersion);
}

export function customer2019(apiVersion, { balance }) {
  // Today's customer less what 2019-11-05 did not have, plus the `sources` list it always included.
  const sources = { object: 'list', data: [], has_more: false, url: `/v1/customers/${customerId}/sources` };
  return keepKnownFields({ ...currentCustomer({ balance }), sources }, 'customer', apiVersion);
}

export function subscription2019(apiVersion, { id = 'sub_1MowQVLkdIwHu7ixeRlqHVzs', consume }) {
  const raw = {
    id,
    object: 'subscription',
    application_fee_percent: null,
    billing_cycle_anchor: created,
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created,
    current_period_end: created + 2678400,
    current_period_start: created,
    customer: customerId,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    discount: null,
    ended_at: null,
    invoice_customer_balance_settings: { consume_applied_balance_on_void: consume },
    items: {
      object: 'list',
      data: [],
      has_more: false,
      total_count: 0,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata: {},
    next_pending_invoice_item_invoice: null,
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    plan: null,
    quantity: null,
    schedule: null,
    start_date: created,
    status: 'active',
    tax_percent: null,
    trial_end: null,
    trial_start: null,
  };
  return keepKnownFields(raw, 'subscription', apiVersion);
}
