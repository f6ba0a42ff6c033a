import {
  AbortedError,
  type BillingProvider,
  type ProviderCallContext,
  RateLimitError,
} from '@billbridge/core';
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
   * A run's stop (SIGINT): a void's first attempt, or a `checkVoidable` read (a plan's), still
   * waiting for its token when it aborts is not sent; it rejects with `AbortedError` (outcome
   * `not_executed`). Everything else waits its turn as before: a void's retry (an earlier attempt
   * may have taken effect: the retry is how the client learns, from the idempotency record) and the
   * reads around a void (the client's reconciling read, the credit note a void made), so a stop
   * never turns a void that happened into a failure or loses its credit note. Requests already
   * sent finish as they are.
   */
  stopSignal?: AbortSignal;
}

/** The calls a stop may cut short while they wait (see `RateLimitProviderOptions.stopSignal`). */
function stoppable(method: (typeof METHODS)[number], args: unknown[]): boolean {
  if (method === 'doCheckVoidable') return true;
  return method === 'doVoidInvoice' && (args[1] as ProviderCallContext | undefined)?.attempt === 1;
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
        permit = await limiter.acquire(stopSignal && stoppable(method, args) ? stopSignal : undefined);
      } catch (reason) {
        // Stopped while waiting for its turn: nothing was sent. (With a slow rate and many
        // workers, a stop used to send every void already waiting, one token at a time.)
        throw new AbortedError({
          message: 'the run stopped while this request waited for the rate limit: it was not sent',
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
