import type { CustomerRecord } from '@billbridge/memory';
import { unixSeconds } from '../chargebee-site.js';

/**
 * A memory customer as Chargebee API v2 shows it: its descriptive details, and its credit as
 * `promotional_credits`, `refundable_credits` and `excess_payments`, both at the top level (the
 * preferred currency) and in `balances[]` (one entry, the customer's one currency).
 */
export function renderChargebeeCustomer(customer: Readonly<CustomerRecord>) {
  const createdAt = unixSeconds(customer.createdAt);
  const last = customer.ledger.at(-1);
  const updatedAt = last ? unixSeconds(last.at) : createdAt;
  const currency = customer.currency.toUpperCase();
  const { promotional, refundable, excess } = customer.balances;
  return {
    id: customer.id,
    ...customer.details,
    ...(customer.email !== null ? { email: customer.email } : {}),
    auto_collection: 'on',
    net_term_days: 0,
    allow_direct_debit: false,
    created_at: createdAt,
    taxability: 'taxable',
    updated_at: updatedAt,
    pii_cleared: 'active',
    channel: 'web',
    resource_version: updatedAt * 1000,
    deleted: false,
    object: 'customer',
    card_status: 'no_card',
    preferred_currency_code: currency,
    promotional_credits: promotional,
    refundable_credits: refundable,
    excess_payments: excess,
    unbilled_charges: 0,
    balances: [
      {
        promotional_credits: promotional,
        excess_payments: excess,
        refundable_credits: refundable,
        unbilled_charges: 0,
        currency_code: currency,
        balance_currency_code: currency,
        object: 'customer_balance',
      },
    ],
  };
}
