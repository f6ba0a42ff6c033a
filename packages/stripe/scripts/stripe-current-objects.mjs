// Stripe objects in the shape of the API version stripe-node pins (2026-10-28.endive), for the
// documented cassettes written by author-stripe-cassettes.mjs. Built from Stripe's own example
// objects (shared/specs/stripe-fixtures.json: invoice, line_item, credit_note, customer,
// customer_balance_transaction) with billbridge's standard amounts, and judged by the schema
// generated from the stripe package (test/spec-data/stripe/stripe-schemas-<version>.json): today's
// invoice has `parent`, `issuer`, `amount_overpaid`, `total_taxes`… and none of `paid`,
// `subscription`, `charge`, `payment_intent`, `discount`, `tax`, `total_tax_amounts`;
// today's credit note has `refunds[]`, `pre_payment_amount`, `post_payment_amount` and no `refund`.

export const created = 1680644467;
export const customerId = 'cus_NeZwdNtLEOXuvB';
const account = 'acct_1M2JTkLkdIwHu7ix';

function lineItem(invoiceId, { amount, subscriptionId }) {
  const id = `il_${invoiceId.slice(3, 17)}0001`;
  const viaSubscription = subscriptionId !== null;
  return {
    id,
    object: 'line_item',
    amount,
    currency: 'usd',
    description: viaSubscription ? '1 × Pro plan (at $20.00 / month)' : 'Pro plan (one-off)',
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: viaSubscription
      ? {
          type: 'subscription_item_details',
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: null,
            proration: false,
            proration_details: { credited_items: null },
            subscription: subscriptionId,
            subscription_item: 'si_NeZwdNtLEOXuvB01',
          },
        }
      : {
          type: 'invoice_item_details',
          invoice_item_details: {
            invoice_item: 'ii_1MtGmCLkdIwHu7ixA1b2C3d4',
            proration: false,
            proration_details: { credited_items: null },
            subscription: null,
          },
          subscription_item_details: null,
        },
    period: { end: created + 2678400, start: created },
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: { price: 'price_1MowQULkdIwHu7ixraBm864M', product: 'prod_NZKdYqrwEYx6iK' },
      unit_amount_decimal: String(amount),
    },
    quantity: 1,
    quantity_decimal: '1',
    subscription: subscriptionId,
    subtotal: amount,
    taxes: [],
  };
}

/**
 * An invoice. `applied`: customer balance applied at finalize (500); `paid`: paid in full;
 * `amountPaid`: a partial payment; `overpaid`: paid beyond the total (Stripe credits the excess to
 * the customer balance, `amount_overpaid`).
 */
export function currentInvoice(options) {
  const {
    id,
    status,
    total = 2000,
    applied = 500,
    paid = false,
    metadata = {},
    customer = customerId,
    subscriptionId = null,
    overpaid = 0,
  } = options;
  const finalized = status !== 'draft';
  const due = finalized ? total - applied : total;
  const amountPaid = options.amountPaid ?? (paid ? due + overpaid : 0);
  const remaining = status === 'open' || status === 'draft' ? Math.max(0, due - amountPaid) : 0;
  const prePaymentCredited = options.prePaymentCredited ?? 0;
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe Docs',
    account_tax_ids: null,
    amount_due: due,
    amount_overpaid: overpaid,
    amount_paid: amountPaid,
    amount_paid_off_stripe: 0,
    amount_remaining: Math.max(0, remaining - prePaymentCredited),
    amount_shipping: 0,
    application: null,
    attempt_count: paid ? 1 : 0,
    attempted: paid,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: subscriptionId ? 'subscription_cycle' : 'manual',
    collection_method: 'charge_automatically',
    created,
    currency: 'usd',
    custom_fields: null,
    customer,
    customer_account: null,
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
    discounts: [],
    due_date: null,
    effective_at: finalized ? created + 60 : null,
    ending_balance: finalized ? 0 : null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: finalized ? `https://invoice.stripe.com/i/${account}/test_${id}` : null,
    invoice_pdf: finalized ? `https://pay.stripe.com/invoice/${account}/test_${id}/pdf` : null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: 'list',
      data: [lineItem(id, { amount: total, subscriptionId })],
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode: false,
    metadata,
    next_payment_attempt: null,
    number: finalized ? 'A1B2C3D4-0001' : null,
    on_behalf_of: null,
    parent: subscriptionId
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: {}, subscription: subscriptionId },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: options.postPaymentCredited ?? 0,
    pre_payment_credit_notes_amount: prePaymentCredited,
    receipt_number: null,
    rendering: {
      amount_tax_display: null,
      pdf: { page_size: 'auto' },
      template: null,
      template_version: null,
    },
    shipping_cost: null,
    shipping_details: null,
    starting_balance: finalized ? -applied : 0,
    statement_descriptor: null,
    status,
    status_transitions: {
      finalized_at: finalized ? created + 60 : null,
      marked_uncollectible_at: null,
      paid_at: paid ? created + 120 : null,
      voided_at: status === 'void' ? created + 180 : null,
    },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: created,
  };
}

/**
 * A credit note. `prePayment` lowers what is due; the rest (`postPayment`) is settled by
 * `refunded` (a `refunds[]` entry), `credited` (a customer balance transaction) and `outOfBand`.
 */
export function currentCreditNote({
  id = 'cn_1MxvRqLkdIwHu7ixY0xbUcxk',
  invoiceId,
  prePayment = 0,
  refunded = 0,
  credited = 0,
  outOfBand = 0,
  status = 'issued',
  reason = 'order_change',
}) {
  const postPayment = refunded + credited + outOfBand;
  const amount = prePayment + postPayment;
  const type = postPayment === 0 ? 'pre_payment' : prePayment === 0 ? 'post_payment' : 'mixed';
  return {
    id,
    object: 'credit_note',
    amount,
    amount_shipping: 0,
    created,
    currency: 'usd',
    customer: customerId,
    customer_account: null,
    customer_balance_transaction: credited > 0 ? 'cbtxn_1MxvRqLkdIwHu7ixS0bDd1fE' : null,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: created,
    invoice: invoiceId,
    lines: {
      object: 'list',
      data: [
        {
          id: `cnli_${id.slice(3, 17)}0001`,
          object: 'credit_note_line_item',
          amount,
          description: 'Service credit',
          discount_amount: 0,
          discount_amounts: [],
          livemode: false,
          metadata: {},
          pretax_credit_amounts: [],
          quantity: 1,
          tax_rates: [],
          taxes: [],
          type: 'custom_line_item',
          unit_amount: amount,
          unit_amount_decimal: String(amount),
        },
      ],
      has_more: false,
      url: `/v1/credit_notes/${id}/lines`,
    },
    livemode: false,
    memo: null,
    metadata: {},
    number: 'A1B2C3D4-0001-CN-01',
    out_of_band_amount: outOfBand > 0 ? outOfBand : null,
    pdf: `https://pay.stripe.com/credit_notes/${account}/test_${id}/pdf`,
    post_payment_amount: postPayment,
    pre_payment_amount: prePayment,
    pretax_credit_amounts: [],
    reason,
    refunds:
      refunded > 0
        ? [
            {
              amount_refunded: refunded,
              payment_record_refund: null,
              refund: 're_3MtGmCLkdIwHu7ix0aB1c2D3',
              type: 'refund',
            },
          ]
        : [],
    shipping_cost: null,
    status,
    subtotal: amount,
    subtotal_excluding_tax: amount,
    total: amount,
    total_excluding_tax: amount,
    total_taxes: [],
    type,
    voided_at: status === 'void' ? created + 240 : null,
  };
}

export function currentCustomer({ balance }) {
  return {
    id: customerId,
    object: 'customer',
    address: null,
    balance,
    created,
    currency: 'usd',
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: 'jennyrosen@example.com',
    invoice_prefix: 'A1B2C3D4',
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: {},
    name: 'Jenny Rosen',
    next_invoice_sequence: 2,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}
