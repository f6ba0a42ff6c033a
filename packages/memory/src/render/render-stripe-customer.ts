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
  // One literal, then the version's fields stored on it (see render-stripe-invoice.ts: no large spreads).
  const rendered: Record<string, unknown> = {
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
    rendered.sources = {
      object: 'list',
      data: [],
      has_more: false,
      url: `/v1/customers/${customer.id}/sources`,
    };
    rendered.tax_info = null;
    rendered.tax_info_verification = null;
    return rendered;
  }
  rendered.customer_account = null;
  rendered.description = null;
  rendered.invoice_settings = {
    custom_fields: null,
    default_payment_method: null,
    footer: null,
    rendering_options: null,
  };
  rendered.next_invoice_sequence = 1;
  rendered.test_clock = null;
  return rendered;
}
