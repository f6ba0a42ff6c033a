import type { CustomerRecord } from '@billbridge/memory';
import { isLegacyStripeVersion, type StripeAccount, unixSeconds } from '../stripe-account.js';
import { renderList } from './render-list.js';

/** Stripe's `balance` (negative = credit the customer can spend) from the state's credit. */
export function stripeBalanceOf(customer: Readonly<CustomerRecord>): number {
  return -customer.balances.promotional;
}

/** The customer's currency once anything was booked in it, else `null` (as Stripe shows it). */
function shownCurrency(account: StripeAccount, customer: Readonly<CustomerRecord>): string | null {
  if (customer.ledger.length > 0) return customer.currency;
  for (const invoice of account.state.invoices.list({ customerId: customer.id, limit: 1 }).data)
    if (invoice) return customer.currency;
  return null;
}

/** A customer in the requested version's shape. */
export function renderCustomer(
  account: StripeAccount,
  customer: Readonly<CustomerRecord>,
  apiVersion: string,
) {
  const common = {
    id: customer.id,
    object: 'customer',
    address: null,
    balance: stripeBalanceOf(customer),
    created: unixSeconds(customer.createdAt),
    currency: shownCurrency(account, customer),
    default_source: null,
    delinquent: false,
    description: customer.description,
    discount: null,
    email: customer.email,
    invoice_prefix: customer.id.slice(4, 12).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: { ...customer.metadata },
    name: customer.name,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
  };
  if (isLegacyStripeVersion(apiVersion))
    return { ...common, sources: renderList(`/v1/customers/${customer.id}/sources`, [], false) };
  return {
    ...common,
    customer_account: null,
    next_invoice_sequence: account.finalizedCount + 1,
    test_clock: null,
  };
}
