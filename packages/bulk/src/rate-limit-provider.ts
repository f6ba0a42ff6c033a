import { AbortedError, type BillingProvider, RateLimitError } from '@billbridge/core';
import type { RateLimiter, RateLimitSignal, RatePermit } from './rate-limiter.js';

const RATE_LIMITED_REASON = 'stripe-rate-limited-reason';

/**
 * What a provider error says about rate limiting: for a `RateLimitError`, its `Retry-After` and
 * Stripe's `Stripe-Rate-Limited-Reason` header (read from the SDK error kept as `cause`); otherwise
 * `undefined`.
 */
export function rateLimitSignal(error: unknown): RateLimitSignal | undefined {
  if (!RateLimitError.isInstance(error)) return undefined;
  const signal: RateLimitSignal = {};
  if (error.retryAfterMs !== undefined) signal.retryAfterMs = error.retryAfterMs;
  const headers = (error.cause as { headers?: Record<string, unknown> } | undefined)?.headers;
  const reason = headers?.[RATE_LIMITED_REASON];
  if (typeof reason === 'string') signal.reason = reason;
  return signal;
}

type ProviderMethod = {
  [K in keyof BillingProvider]: BillingProvider[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof BillingProvider];

const METHODS = [
  'doVoidInvoice',
  'doGetInvoice',
  'doCheckVoidable',
  'doCreateCreditNote',
  'doGetCreditNote',
  'doListCreditNotes',
  'doVoidCreditNote',
  'doGetCustomerBalance',
  'doSetSubscriptionBalanceSettings',
] as const satisfies readonly ProviderMethod[];

/** Settings of `rateLimitProvider`. */
export interface RateLimitProviderOptions {
  /**
   * A run's stop (SIGINT): a request still waiting for its token when it aborts is not sent; it
   * rejects with `AbortedError` (outcome `not_executed`). Requests already sent finish as they are.
   */
  stopSignal?: AbortSignal;
}

/**
 * The provider with every request paced by `limiter`: each attempt the client makes (retries and
 * reconciling reads included) waits for a token, and a 429 slows the limiter down. Build the
 * client over the result (`createBillingClient({ provider: rateLimitProvider(provider, limiter) })`)
 * so that the client's own retries and `Retry-After` handling stay as they are.
 */
export function rateLimitProvider(
  provider: BillingProvider,
  limiter: RateLimiter,
  options: RateLimitProviderOptions = {},
): BillingProvider {
  const { stopSignal } = options;
  const paced: Record<string, unknown> = {};
  for (const method of METHODS) {
    const original = provider[method] as (...args: unknown[]) => Promise<unknown>;
    paced[method] = async (...args: unknown[]) => {
      let permit: RatePermit;
      try {
        permit = await limiter.acquire(stopSignal);
      } catch (reason) {
        // Stopped while waiting for its turn: nothing was sent. (With a slow rate and many
        // workers, a stop used to send every void already waiting, one token at a time.)
        throw new AbortedError({
          message: 'stopped before the request was sent (it was waiting for the rate limit)',
          provider: provider.provider,
          cause: reason,
        });
      }
      try {
        const result = await original.apply(provider, args);
        permit.release();
        return result;
      } catch (error) {
        const rateLimited = rateLimitSignal(error);
        permit.release(rateLimited ? { rateLimited } : undefined);
        throw error;
      }
    };
  }
  return Object.assign(Object.create(provider) as BillingProvider, paced);
}
