/**
 * The memory provider's customer as Stripe sends it at `apiVersion`. Stripe keeps one balance,
 * negative for credit: `balance` is minus the customer's credit (every bucket: the Stripe flavor
 * books all credit as one balance). Pure.
 */
import { stripeUsesBasilShapes } from '@billbridge/core';
import type { CustomerRecord } from '../memory-records.js';
import { unixSeconds } from './render-time.js';

export function renderStripeCustomer(customer: CustomerRecord, apiVersion: string): Record<string, unknown> {
  const credit = customer.balances.promotional + customer.balances.refundable + customer.balances.excess;
  const common = {
    id: customer.id,
    object: 'customer',
    address: null,
    balance: credit === 0 ? 0 : -credit,
    created: unixSeconds(customer.createdAt),
    currency: customer.currency,
    default_source: null,
    delinquent: false,
    discount: null,
    email: null,
    invoice_prefix: customer.id.replace(/^cus_/, '').slice(0, 8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null },
    livemode: false,
    metadata: {},
    name: null,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
  };
  if (!stripeUsesBasilShapes(apiVersion)) {
    return {
      ...common,
      sources: { object: 'list', data: [], has_more: false, url: `/v1/customers/${customer.id}/sources` },
      tax_info: null,
      tax_info_verification: null,
    };
  }
  return {
    ...common,
    customer_account: null,
    description: null,
    invoice_settings: { ...common.invoice_settings, rendering_options: null },
    next_invoice_sequence: 1,
    test_clock: null,
  };
}
