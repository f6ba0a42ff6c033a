/**
 * Stripe API-version facts that more than one provider needs (the Stripe adapter and the memory
 * provider's Stripe flavor).
 *
 * Since API version 2019-12-03 Stripe returns the customer balance applied to an invoice when the
 * invoice is voided; earlier versions consumed it unless `consume_applied_balance=false` was sent
 * (Stripe changelog "Customer balances are now returned when voiding invoices", 2019-12-03).
 */
export const STRIPE_BALANCE_RETURNED_SINCE = '2019-12-03';

/** The `YYYY-MM-DD` date a Stripe API version names (`2026-10-28.endive` → `2026-10-28`). */
export function stripeApiVersionDate(apiVersion: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:$|\.)/.exec(apiVersion);
  if (!match?.[1]) throw new RangeError(`not a Stripe API version: ${JSON.stringify(apiVersion)}`);
  return match[1];
}

/** True when voids on this Stripe API version return the applied customer balance by default. */
export function stripeReturnsBalanceOnVoid(apiVersion: string): boolean {
  return stripeApiVersionDate(apiVersion) >= STRIPE_BALANCE_RETURNED_SINCE;
}
