/**
 * The memory provider's customer as Stripe sends it at `apiVersion`. Stripe keeps one balance,
 * negative for credit: `balance` is minus the customer's credit (every bucket: the Stripe flavor
 * books all credit as one balance). What the record does not hold (whether a currency is shown
 * yet, the account's next invoice number) comes in `shown`, as the emulator keeps it per account.
 * Pure.
 */
import { stripeUsesBasilShapes } from '@billbridge/core';
import type { CustomerRecord } from '../memory-records.js';
import { renderStripeList } from './render-stripe-list.js';
import { unixSeconds } from './render-time.js';

/** What a Stripe customer shows that the memory record does not hold, kept per account by the emulator. */
export interface StripeCustomerPresentation {
  /** The `currency` shown (Stripe shows `null` until something was booked); default the record's. */
  currency?: string | null;
  /** Default 1. */
  nextInvoiceSequence?: number;
}

/** A memory customer as Stripe sends it at `apiVersion`: one `balance`, negative for credit. */
export function renderStripeCustomer(
  customer: CustomerRecord,
  apiVersion: string,
  shown?: StripeCustomerPresentation,
): Record<string, unknown> {
  const credit = customer.balances.promotional + customer.balances.refundable + customer.balances.excess;
  // One literal, then the version's fields stored on it (see render-stripe-invoice.ts: no large spreads).
  const rendered: Record<string, unknown> = {
    id: customer.id,
    object: 'customer',
    address: null,
    balance: credit === 0 ? 0 : -credit,
    created: unixSeconds(customer.createdAt),
    currency: shown === undefined || shown.currency === undefined ? customer.currency : shown.currency,
    default_source: null,
    delinquent: false,
    description: customer.description,
    discount: null,
    email: customer.email,
    invoice_prefix: customer.id.replace(/^cus_/, '').slice(0, 8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null },
    livemode: false,
    metadata: { ...customer.metadata },
    name: customer.name,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
  };
  if (!stripeUsesBasilShapes(apiVersion)) {
    rendered.sources = renderStripeList(`/v1/customers/${customer.id}/sources`, [], false);
    rendered.tax_info = null;
    rendered.tax_info_verification = null;
    return rendered;
  }
  rendered.customer_account = null;
  rendered.invoice_settings = {
    custom_fields: null,
    default_payment_method: null,
    footer: null,
    rendering_options: null,
  };
  rendered.next_invoice_sequence = shown?.nextInvoiceSequence ?? 1;
  rendered.test_clock = null;
  return rendered;
}
