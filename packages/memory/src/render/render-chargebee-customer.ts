// The memory provider's customer as Chargebee (API v2) sends it: promotional credits, refundable
// credits and excess payments, on the customer and in `balances[]` for its currency; its email and
// other descriptive details (`first_name`, `company`, `auto_collection`…) as given; updated at its
// last credit movement. Pure.
import type { CustomerRecord } from '../memory-records.js';
import { unixSeconds } from './render-time.js';

/**
 * A memory customer as Chargebee (API v2) sends it: its three credit balances on the customer and in
 * `balances[]`.
 */
export function renderChargebeeCustomer(customer: CustomerRecord): Record<string, unknown> {
  const currencyCode = customer.currency.toUpperCase();
  const created = unixSeconds(customer.createdAt);
  const last = customer.ledger.at(-1);
  const updated = last ? unixSeconds(last.at) : created;
  const { promotional, refundable, excess } = customer.balances;
  return {
    id: customer.id,
    auto_collection: 'on',
    ...customer.details,
    ...(customer.email !== null ? { email: customer.email } : {}),
    net_term_days: 0,
    allow_direct_debit: false,
    created_at: created,
    taxability: 'taxable',
    updated_at: updated,
    pii_cleared: 'active',
    channel: 'web',
    resource_version: updated * 1000,
    deleted: false,
    object: 'customer',
    card_status: 'no_card',
    promotional_credits: promotional,
    refundable_credits: refundable,
    excess_payments: excess,
    unbilled_charges: 0,
    preferred_currency_code: currencyCode,
    balances: [
      {
        promotional_credits: promotional,
        excess_payments: excess,
        refundable_credits: refundable,
        unbilled_charges: 0,
        currency_code: currencyCode,
        balance_currency_code: currencyCode,
        object: 'customer_balance',
      },
    ],
  };
}
