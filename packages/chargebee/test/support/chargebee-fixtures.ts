import type { Cassette } from '@billbridge/testing';
/**
 * Chargebee API v2 JSON resources for documented cassettes, built from the attributes in the
 * `chargebee` package's types and the API reference (apidocs.chargebee.com: Invoices, Credit notes,
 * Customers). Every cassette body is checked against the SDK's types by
 * `test/contract/chargebee-cassettes.test.ts`. Standard amounts (docs/conformance.md): currency
 * USD, customer promotional credits 500, invoice sub_total 2000, promotional credits applied 500
 * (Chargebee books them as a discount, so its `total` and `amount_due` are 1500), credit note 300.
 */

export const SITE = 'billbridge-test';
export const ORIGIN = `https://${SITE}.chargebee.com`;
export const API = '/api/v2';

/** 2026-01-01T00:00:00Z and a few minutes later, in Unix seconds. */
export const T0 = 1_767_225_600;
export const T_VOID = T0 + 3_600;

export const AMOUNTS = { subTotal: 2000, promotional: 500, due: 1500, creditNote: 300 } as const;

export type Json = Record<string, unknown>;

export interface InvoiceOptions {
  id: string;
  customerId: string;
  subscriptionId?: string;
  status: 'paid' | 'posted' | 'payment_due' | 'not_paid' | 'voided' | 'pending';
  /** Promotional credits applied (a `discounts[]` entry). Default 500. */
  promotional?: number;
  amountPaid?: number;
  amountAdjusted?: number;
  voidReasonCode?: string;
  extra?: Json;
}

export function invoice(options: InvoiceOptions): Json {
  const promotional = options.promotional ?? AMOUNTS.promotional;
  const total = AMOUNTS.subTotal - promotional;
  const paid = options.amountPaid ?? (options.status === 'paid' ? total : 0);
  const adjusted = options.amountAdjusted ?? 0;
  const due = options.status === 'voided' || options.status === 'paid' ? 0 : total - paid - adjusted;
  return {
    id: options.id,
    customer_id: options.customerId,
    ...(options.subscriptionId ? { subscription_id: options.subscriptionId } : {}),
    recurring: options.subscriptionId !== undefined,
    status: options.status,
    price_type: 'tax_exclusive',
    date: T0,
    due_date: T0,
    net_term_days: 0,
    exchange_rate: 1,
    total,
    amount_paid: paid,
    amount_adjusted: adjusted,
    write_off_amount: 0,
    credits_applied: 0,
    amount_due: due,
    ...(options.status === 'paid' ? { paid_at: T0 + 60 } : {}),
    ...(options.status === 'voided' ? { voided_at: T_VOID } : {}),
    resource_version: options.status === 'voided' ? T_VOID * 1000 : T0 * 1000,
    updated_at: options.status === 'voided' ? T_VOID : T0,
    sub_total: AMOUNTS.subTotal,
    tax: 0,
    first_invoice: true,
    has_advance_charges: false,
    term_finalized: true,
    is_gifted: false,
    generated_at: T0,
    deleted: false,
    currency_code: 'USD',
    object: 'invoice',
    ...(options.voidReasonCode ? { void_reason_code: options.voidReasonCode } : {}),
    line_items: [
      {
        id: `li_${options.id}`,
        date_from: T0,
        date_to: T0 + 30 * 86_400,
        unit_amount: AMOUNTS.subTotal,
        quantity: 1,
        amount: AMOUNTS.subTotal,
        pricing_model: 'flat_fee',
        is_taxed: false,
        tax_amount: 0,
        discount_amount: promotional,
        item_level_discount_amount: 0,
        description: 'Pro plan (monthly)',
        entity_type: 'plan_item_price',
        entity_id: 'pro-USD-monthly',
        customer_id: options.customerId,
        ...(options.subscriptionId ? { subscription_id: options.subscriptionId } : {}),
        object: 'line_item',
      },
    ],
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
    // Each line's share of the promotional credits (Chargebee's Invoice.line_item_discounts[]).
    line_item_discounts:
      promotional > 0
        ? [
            {
              line_item_id: `li_${options.id}`,
              discount_type: 'promotional_credits',
              discount_amount: promotional,
              object: 'line_item_discount',
            },
          ]
        : [],
    linked_payments:
      paid > 0
        ? [
            {
              txn_id: `txn_${options.id}`,
              applied_amount: paid,
              applied_at: T0 + 60,
              txn_status: 'success',
              txn_date: T0 + 60,
              txn_amount: paid,
            },
          ]
        : [],
    applied_credits: [],
    adjustment_credit_notes: [],
    issued_credit_notes: [],
    linked_orders: [],
    dunning_attempts: [],
    ...options.extra,
  };
}

export interface CreditNoteOptions {
  id: string;
  invoiceId: string;
  customerId: string;
  type: 'adjustment' | 'refundable' | 'store';
  status: 'adjusted' | 'refunded' | 'refund_due' | 'voided';
  total: number;
  reasonCode?: string;
  createReasonCode?: string;
}

export function creditNote(options: CreditNoteOptions): Json {
  const voided = options.status === 'voided';
  const allocated = options.type === 'adjustment' && !voided ? options.total : 0;
  return {
    id: options.id,
    customer_id: options.customerId,
    reference_invoice_id: options.invoiceId,
    type: options.type,
    ...(options.reasonCode ? { reason_code: options.reasonCode } : {}),
    ...(options.createReasonCode ? { create_reason_code: options.createReasonCode } : {}),
    status: options.status,
    date: voided ? T0 + 120 : T_VOID,
    price_type: 'tax_exclusive',
    total: options.total,
    amount_allocated: allocated,
    amount_refunded: 0,
    amount_available: options.type === 'adjustment' || voided ? 0 : options.total,
    ...(voided ? { voided_at: T_VOID + 60 } : {}),
    generated_at: voided ? T0 + 120 : T_VOID,
    resource_version: (voided ? T_VOID + 60 : T_VOID) * 1000,
    updated_at: voided ? T_VOID + 60 : T_VOID,
    sub_total: options.total,
    round_off_amount: 0,
    fractional_correction: 0,
    deleted: false,
    currency_code: 'USD',
    object: 'credit_note',
    line_items: [
      {
        id: `li_${options.id}`,
        date_from: T0,
        date_to: T0 + 30 * 86_400,
        unit_amount: options.total,
        quantity: 1,
        amount: options.total,
        pricing_model: 'flat_fee',
        is_taxed: false,
        tax_amount: 0,
        discount_amount: 0,
        item_level_discount_amount: 0,
        description: 'Pro plan (monthly)',
        entity_type: 'plan_item_price',
        entity_id: 'pro-USD-monthly',
        customer_id: options.customerId,
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
              invoice_id: options.invoiceId,
              allocated_amount: allocated,
              allocated_at: T_VOID,
              invoice_date: T0,
              invoice_status: 'payment_due',
            },
          ]
        : [],
  };
}

export function customer(options: {
  id: string;
  promotional: number;
  refundable?: number;
  excess?: number;
}): Json {
  const balance = {
    promotional_credits: options.promotional,
    excess_payments: options.excess ?? 0,
    refundable_credits: options.refundable ?? 0,
    unbilled_charges: 0,
    currency_code: 'USD',
    balance_currency_code: 'USD',
    object: 'customer_balance',
  };
  return {
    id: options.id,
    first_name: 'Ada',
    last_name: 'Lovelace',
    auto_collection: 'on',
    net_term_days: 0,
    allow_direct_debit: false,
    created_at: T0 - 86_400,
    taxability: 'taxable',
    updated_at: T_VOID,
    pii_cleared: 'active',
    channel: 'web',
    resource_version: T_VOID * 1000,
    deleted: false,
    object: 'customer',
    card_status: 'no_card',
    promotional_credits: balance.promotional_credits,
    refundable_credits: balance.refundable_credits,
    excess_payments: balance.excess_payments,
    unbilled_charges: 0,
    preferred_currency_code: 'USD',
    balances: [balance],
  };
}

/**
 * Chargebee's error JSON: the v1 OpenAPI error shape (`message`, `type`, `api_error_code`,
 * `param`) plus the legacy fields the API still sends (`error_code`, `error_msg`, `http_status_code`).
 */
export function apiError(
  status: number,
  apiErrorCode: string,
  type: string,
  message: string,
  param?: string,
): Json {
  return {
    message,
    type,
    api_error_code: apiErrorCode,
    ...(param ? { param } : {}),
    error_code: apiErrorCode,
    error_msg: message,
    http_status_code: status,
  };
}

/** A `documented` Chargebee cassette for this test site (metadata as the cassette format requires). */
export function documentedCassette(description: string, interactions: Cassette['interactions']): Cassette {
  return {
    meta: {
      provider: 'chargebee',
      apiVersion: 'v2',
      sdkVersion: 'chargebee@3.33.0',
      source: 'documented',
      origin: ORIGIN,
      description,
    },
    interactions,
  };
}

/**
 * The webhook delivery Chargebee sends for a voided invoice: an `invoice_updated` event (Chargebee
 * has no `invoice_voided`) with the invoice as content, authenticated with the webhook's Basic auth.
 */
export function invoiceUpdatedDelivery(
  id: string,
  invoice: unknown,
  authorization: string,
): { body: string; headers: { authorization: string } } {
  const event = {
    id,
    occurred_at: Math.floor(Date.now() / 1000),
    source: 'api',
    object: 'event',
    api_version: 'v2',
    content: { invoice },
    event_type: 'invoice_updated',
    webhook_status: 'scheduled',
  };
  return { body: JSON.stringify(event), headers: { authorization } };
}
