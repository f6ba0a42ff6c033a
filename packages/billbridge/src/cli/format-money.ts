import type { Money } from '@billbridge/core';

/**
 * Made on first use: the first `Intl.NumberFormat` of a process loads ICU's data, ~10 ms of CPU,
 * which a command that prints no money (`--help`, `--json`, a run that returned no balance) need
 * not pay at start-up.
 */
let grouping: Intl.NumberFormat | undefined;

/**
 * Stripe's own minor units, which are not ISO 4217's for every currency
 * (https://docs.stripe.com/currencies, "Zero-decimal currencies", "Three-decimal currencies"):
 * every other currency has two in the API, ISK and HUF too, which ISO (and Intl) give none
 * (Stripe: "ISK will remain a two-decimal currency in the Stripe API").
 */
const STRIPE_ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
const STRIPE_THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/**
 * Chargebee's: "For currencies that are not zero-decimal, Chargebee supports values up to two
 * decimal places … multiplying it by 100", and its zero-decimal currencies are KRW, JPY, XAF and
 * XOF (apidocs.chargebee.com/docs/api/currencies). So KWD has two here, not ISO's three (until
 * 2026-12-07 the CLI printed ISO's digits for Chargebee: KWD 123.45 as `KWD 12.345`).
 */
const CHARGEBEE_ZERO_DECIMAL = new Set(['jpy', 'krw', 'xaf', 'xof']);

/** Whose minor units amounts are in: Stripe's (the Stripe adapter, the memory provider) or Chargebee's. */
let convention: 'stripe' | 'chargebee' = 'stripe';

/** Says whose minor units the amounts this process prints are in (the CLI sets it per provider). */
export function useMinorUnitsOf(provider: 'stripe' | 'chargebee'): void {
  convention = provider;
}

/** Minor-unit digits of a currency, by the provider's own table (Stripe: 2 for isk, 3 for kwd; Chargebee: 2 for kwd). */
export function currencyDigits(currency: string): number {
  const code = currency.toLowerCase();
  if (convention === 'chargebee') return CHARGEBEE_ZERO_DECIMAL.has(code) ? 0 : 2;
  return STRIPE_ZERO_DECIMAL.has(code) ? 0 : STRIPE_THREE_DECIMAL.has(code) ? 3 : 2;
}

/**
 * Money in its currency, from integer minor units with integer arithmetic only:
 * `{ amount: 123456, currency: 'usd' }` → `USD 1,234.56`, `{ amount: 5000, currency: 'jpy' }` → `JPY 5,000`.
 */
export function formatMoney(money: Money): string {
  const digits = currencyDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const units = Math.abs(money.amount);
  const scale = 10 ** digits;
  grouping ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const major = grouping.format(Math.floor(units / scale));
  const minor = digits > 0 ? `.${String(units % scale).padStart(digits, '0')}` : '';
  return `${money.currency.toUpperCase()} ${sign}${major}${minor}`;
}

/** Several amounts, one per currency, joined: `EUR 2.08, USD 2.08`; `none` when empty. */
export function formatMoneyList(list: readonly Money[]): string {
  return list.length === 0 ? 'none' : list.map(formatMoney).join(', ');
}
