/** Test or live: decides the default rate (DESIGN §15). */
export type ProviderMode = 'test' | 'live';

/** A provider's documented request limit and the share of it a bulk job takes by default. */
export interface ProviderRate {
  /** Requests per second the provider allows (the limit a bulk void's endpoint meets). */
  knownLimit: number;
  /** What a bulk job uses unless told otherwise: a share of the limit, leaving room for live traffic. */
  defaultRate: number;
}

/**
 * Defaults per provider and mode (DESIGN §15). Stripe: 25 requests/s per endpoint in both modes;
 * bulk takes 10/s in test mode and 20/s live ("limit background jobs to a subset of the maximum",
 * Stripe support; docs.stripe.com/rate-limits). Chargebee: 150 calls/min on test sites and on the
 * Starter plan's live sites (Chargebee docs, "What are the Chargebee API limits?"); bulk takes 2/s.
 * Higher Chargebee plans allow more: pass `--rate`. The memory provider has no limit.
 */
export function providerRate(provider: string, mode: ProviderMode): ProviderRate {
  switch (provider) {
    case 'stripe':
      return { knownLimit: 25, defaultRate: mode === 'live' ? 20 : 10 };
    case 'chargebee':
      return { knownLimit: 2.5, defaultRate: 2 };
    default:
      return { knownLimit: Number.POSITIVE_INFINITY, defaultRate: Number.POSITIVE_INFINITY };
  }
}

/** A warning for a `--rate` above the provider's known limit (it is used anyway), or `undefined`. */
export function rateWarning(provider: string, mode: ProviderMode, rate: number): string | undefined {
  const { knownLimit } = providerRate(provider, mode);
  if (rate <= knownLimit) return undefined;
  return (
    `--rate ${rate}/s is above ${provider}'s known limit of ${knownLimit}/s in ${mode} mode: ` +
    "expect 429s (the job slows down on them) and less room for the account's other traffic"
  );
}

/**
 * How long one invoice may take, end to end (its journal writes and the provider's answer), while
 * the default concurrency still holds the rate. Stripe answers a void in a few hundred ms, more
 * under load; a loaded machine adds its own.
 */
export const DEFAULT_LATENCY_BUDGET_MS = 1000;

/**
 * Invoices worked on at once unless `--concurrency` says otherwise: enough to keep `rate` going
 * while each takes up to `DEFAULT_LATENCY_BUDGET_MS` (Little's law: in flight = rate × latency),
 * at least 4 and at most 32. A fixed 4 capped the rate at 4 / latency: 13/s at 300 ms, below the
 * 20/s asked for. More workers than the rate needs only wait in the token bucket; they never send
 * faster than `rate`.
 */
export function defaultConcurrency(rate: number): number {
  if (!Number.isFinite(rate)) return 4;
  return Math.min(32, Math.max(4, Math.ceil((rate * DEFAULT_LATENCY_BUDGET_MS) / 1000)));
}
