/**
 * Stripe API-version facts that more than one provider needs (the Stripe adapter and the memory
 * provider's Stripe flavor).
 *
 * Stripe API versions are dates, optionally with a release name (`2026-10-28.endive`); billbridge
 * compares them by their `YYYY-MM-DD` prefix.
 */
export const STRIPE_API_VERSION_PATTERN = /^(\d{4}-\d{2}-\d{2})(?:\.[A-Za-z0-9_]+)?$/;

/**
 * The first API version that gives applied customer balance back when an invoice is voided
 * (Stripe changelog 2019-12-03, "Customer balances are now returned when voiding invoices";
 * seed 000_635c9ea00eeb3517). Earlier versions consumed it unless `consume_applied_balance=false`
 * was sent.
 */
export const STRIPE_BALANCE_RETURNED_ON_VOID_SINCE = '2019-12-03';

/** The `YYYY-MM-DD` prefix of a Stripe API version, or `undefined` when it is not one. */
export function stripeApiVersionDate(apiVersion: string): string | undefined {
  return STRIPE_API_VERSION_PATTERN.exec(apiVersion)?.[1];
}

/**
 * True when `apiVersion` returns the applied customer balance on void by default (>= 2019-12-03).
 * Throws on a string that is not a Stripe API version, so a typo never picks a money behaviour.
 */
export function stripeReturnsBalanceOnVoid(apiVersion: string): boolean {
  return requiredDate(apiVersion) >= STRIPE_BALANCE_RETURNED_ON_VOID_SINCE;
}

/**
 * The first API version of today's billing shapes (2025-03-31.basil; stripe-node 18.0.0's
 * changelog): invoices name their subscription in `parent.subscription_details` (no more
 * `subscription`, `paid`, `charge`, `payment_intent`, `tax`, `total_tax_amounts`…) and carry
 * `amount_overpaid`; credit notes list `refunds[]` (no more `refund`).
 */
export const STRIPE_BASIL_SHAPES_SINCE = '2025-03-31';

/** True when `apiVersion` answers in today's (basil and later) invoice and credit note shapes. */
export function stripeUsesBasilShapes(apiVersion: string): boolean {
  return requiredDate(apiVersion) >= STRIPE_BASIL_SHAPES_SINCE;
}

/**
 * The first API version with mixed credit notes (2025-05-28.basil, "Adds support for partial
 * payments on invoices": a `mixed` type, `pre_payment_amount` and `post_payment_amount` on credit
 * notes). Before it, a note on an unpaid invoice only lowers what is due.
 */
export const STRIPE_MIXED_CREDIT_NOTES_SINCE = '2025-05-28';

/** True when `apiVersion` has mixed credit notes and their pre- and post-payment amounts. */
export function stripeHasMixedCreditNotes(apiVersion: string): boolean {
  return requiredDate(apiVersion) >= STRIPE_MIXED_CREDIT_NOTES_SINCE;
}

/** The last version parsed and its date: a provider asks about one version for every object it maps. */
let lastVersion: string | undefined;
let lastDate = '';

function requiredDate(apiVersion: string): string {
  if (apiVersion === lastVersion) return lastDate;
  const date = stripeApiVersionDate(apiVersion);
  if (date === undefined) {
    throw new TypeError(`not a Stripe API version: ${JSON.stringify(apiVersion)} (expected YYYY-MM-DD…)`);
  }
  lastVersion = apiVersion;
  lastDate = date;
  return date;
}

/** The parts of a Stripe client that hold its configured API version (stripe-node keeps it in `_api`). */
interface ConfiguredStripeClient {
  getApiField?: (key: 'version') => unknown;
  _api?: { version?: unknown };
}

/**
 * The API version a configured `Stripe` client sends, read without loading the SDK:
 * `getApiField('version')` (stripe-node's accessor; `_api.version` on clients without it).
 * `undefined` when the client reports none. A client built without `apiVersion` reports the
 * SDK's pinned version (stripe.core.js: `version: props.apiVersion || DEFAULT_API_VERSION`).
 */
export function stripeClientApiVersion(client: unknown): string | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const configured = client as ConfiguredStripeClient;
  const version =
    typeof configured.getApiField === 'function'
      ? configured.getApiField('version')
      : configured._api?.version;
  return typeof version === 'string' && version !== '' ? version : undefined;
}
