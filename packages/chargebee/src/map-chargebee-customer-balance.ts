import type { CustomerBalance } from '@billbridge/core';
import type { Customer as ChargebeeCustomer } from 'chargebee';

/**
 * A Chargebee customer's credit in one currency (DESIGN §5): promotional credits + refundable
 * credits + excess payments, with the breakdown kept. Read from `balances[]` (one entry per
 * currency on multi-currency sites); when the customer has no `balances[]`, the top-level
 * `promotional_credits` / `refundable_credits` / `excess_payments` (in the customer's preferred
 * currency, or the site's on a single-currency site) are used. A currency the customer has no
 * balance in has credit 0.
 */
export function mapChargebeeCustomerBalance(
  raw: ChargebeeCustomer,
  options: { currency?: string } = {},
): CustomerBalance {
  const balances = raw.balances ?? [];
  const preferred = raw.preferred_currency_code?.toLowerCase();
  const wanted = options.currency ?? preferred ?? balances[0]?.currency_code.toLowerCase();
  const entry = balances.find((balance) => balance.currency_code.toLowerCase() === wanted);
  let parts = { promotional: 0, refundable: 0, excessPayments: 0 };
  if (entry) {
    parts = {
      promotional: entry.promotional_credits,
      refundable: entry.refundable_credits,
      excessPayments: entry.excess_payments,
    };
  } else if (
    balances.length === 0 &&
    (wanted === undefined || wanted === preferred || preferred === undefined)
  ) {
    // Without `balances[]` the top-level amounts are the customer's one balance; a customer that
    // names no preferred currency is on a single-currency site (Chargebee shows
    // `preferred_currency_code` only with multi-currency on), where they are in the site's currency,
    // the one asked for (until 2026-12-07 such a customer was reported with credit 0).
    parts = {
      promotional: raw.promotional_credits ?? 0,
      refundable: raw.refundable_credits ?? 0,
      excessPayments: raw.excess_payments ?? 0,
    };
  }
  return {
    customerId: raw.id,
    // ISO 4217 'xxx' ("no currency") when neither the call, the customer nor a balance names one.
    currency: wanted ?? 'xxx',
    credit: parts.promotional + parts.refundable + parts.excessPayments,
    breakdown: parts,
    raw,
  };
}
