import { stripeUsesBasilShapes } from '@billbridge/core';
import type { SubscriptionRecord } from '../memory-records.js';
import { renderStripeList } from './render-stripe-list.js';
import { unixSeconds } from './render-time.js';

const intervalSeconds = { day: 86_400, week: 604_800, month: 2_592_000, year: 31_536_000 } as const;

/**
 * A subscription as Stripe sends it at `apiVersion`, `active` from its creation. 2019-11-05 carries
 * `invoice_customer_balance_settings`. Pure.
 */
// `active` at once: the emulator makes no first invoice (docs/emulator.md).
export function renderStripeSubscription(
  subscription: Readonly<SubscriptionRecord>,
  apiVersion: string,
  presentation: {
    /** What a void of its invoices does by default (the state's `consumesOnVoid`). */
    consumeAppliedBalanceOnVoid: boolean;
    /** The customer's currency, shown when it bills no items. */
    customerCurrency: string;
  },
): Record<string, unknown> {
  const created = unixSeconds(subscription.createdAt);
  const first = subscription.items[0];
  const periodEnd = created + (first ? intervalSeconds[first.interval] * first.intervalCount : 2_592_000);
  const itemsUrl = `/v1/subscription_items?subscription=${subscription.id}`;
  const common = {
    id: subscription.id,
    object: 'subscription',
    application_fee_percent: null,
    billing_cycle_anchor: created,
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    collection_method: 'charge_automatically',
    created,
    customer: subscription.customerId,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    ended_at: null,
    latest_invoice: null,
    livemode: false,
    metadata: { ...subscription.metadata },
    next_pending_invoice_item_invoice: null,
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    schedule: null,
    start_date: created,
    status: 'active',
    trial_end: null,
    trial_start: null,
  };
  if (!stripeUsesBasilShapes(apiVersion)) {
    return {
      ...common,
      current_period_end: periodEnd,
      current_period_start: created,
      discount: null,
      invoice_customer_balance_settings: {
        consume_applied_balance_on_void: presentation.consumeAppliedBalanceOnVoid,
      },
      items: renderStripeList(itemsUrl, [], false, 0),
      plan: null,
      quantity: null,
      tax_percent: null,
    };
  }
  const items = subscription.items.map((item) => ({
    id: item.id,
    object: 'subscription_item',
    billing_thresholds: null,
    created,
    current_period_end: created + intervalSeconds[item.interval] * item.intervalCount,
    current_period_start: created,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: { id: item.priceId, object: 'plan' },
    price: {
      id: item.priceId,
      object: 'price',
      active: true,
      billing_scheme: 'per_unit',
      created,
      currency: item.currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: null,
      metadata: {},
      nickname: null,
      product: item.productId,
      recurring: {
        interval: item.interval,
        interval_count: item.intervalCount,
        meter: null,
        trial_period_days: null,
        usage_type: 'licensed',
      },
      tax_behavior: 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: 'recurring',
      unit_amount: item.unitAmount,
      unit_amount_decimal: String(item.unitAmount),
    },
    quantity: item.quantity,
    subscription: subscription.id,
    tax_rates: [],
  }));
  return {
    ...common,
    application: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    cancellation_details: null,
    currency: first?.currency ?? presentation.customerCurrency,
    customer_account: null,
    description: null,
    discounts: [],
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: renderStripeList(itemsUrl, items, false),
    managed_payments: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: 'off',
    },
    pending_update: null,
    test_clock: null,
    transfer_data: null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: 'unchanged', missing_payment_method: 'create_invoice' },
    },
  };
}
