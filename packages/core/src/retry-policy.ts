import * as z from 'zod';
import { BillingError } from './errors/billing-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { AbortedError, IdempotencyConflictError } from './errors/simple-errors.js';

/**
 * When and how often the client retries (DESIGN §8). Defaults suit Stripe test mode (~25 req/s)
 * and Chargebee test sites (~150 req/min): three attempts, 500 ms base, 8 s cap, 30 s budget.
 */
export const retryPolicySchema = z.strictObject({
  /** Attempts in all, the first included. 1 turns retries off. */
  maxAttempts: z.int().min(1).max(10).default(3),
  /** The first backoff; doubled each retry, with full jitter. */
  baseDelayMs: z.int().min(0).max(60_000).default(500),
  /** No single wait is longer than this (a longer `Retry-After` ends the retries instead). */
  maxDelayMs: z.int().min(0).max(300_000).default(8_000),
  /** No retry is started that would end its wait after this many ms since the call began. */
  totalBudgetMs: z.int().min(0).max(600_000).default(30_000),
});

/**
 * The retry policy as a caller writes it (every field optional; see `retryPolicySchema` for the
 * defaults).
 */
export type RetryPolicyInput = z.input<typeof retryPolicySchema>;
/**
 * The retry policy with its defaults applied (`retryPolicySchema`'s output): attempts, base and maximum
 * delay and total budget in milliseconds.
 */
export type RetryPolicy = z.output<typeof retryPolicySchema>;

/**
 * The clock, sleep and randomness retries use (`defaultRetryRuntime` in production; tests inject fake
 * ones).
 */
export interface RetryRuntime {
  /** Waits `ms`, rejecting if `signal` aborts. Injected by tests. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Returns [0, 1). Injected by tests for deterministic jitter. */
  random: () => number;
  now: () => number;
}

/**
 * The real `RetryRuntime`: `setTimeout` sleeps that an abort signal cuts short, `Math.random`,
 * `Date.now`.
 */
export const defaultRetryRuntime: RetryRuntime = {
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  random: Math.random,
  now: Date.now,
};

/** The wait before retry number `retry` (1-based): full jitter over an exponential ceiling, at least `Retry-After`. */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  error: BillingError,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  const retryAfter = RateLimitError.isInstance(error) ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(jittered, retryAfter);
}

/** What a retried call reports about itself: how many attempts it took. */
export interface RetryReport {
  attempts: number;
}

/** How one logical call is retried: its abort signal, the runtime (clock and sleep, injectable in tests) and the provider named in errors. */
export interface RetryOptions {
  signal?: AbortSignal;
  runtime?: RetryRuntime;
  provider?: string;
  report?: RetryReport;
  /** Turns what an attempt threw into what is judged (and thrown): the client wraps foreign errors. */
  mapError?: (error: unknown) => unknown;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the policy says stop.
 * Only `BillingError`s with `retryable: true` are retried. The last error is thrown as it is.
 */
export async function runWithRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions = {},
): Promise<T> {
  const started = (options.runtime ?? defaultRetryRuntime).now();
  throwIfAborted(options.signal, undefined, options.provider);
  if (options.report) options.report.attempts = 1;
  try {
    return await attempt(1);
  } catch (thrown) {
    return retryAfterFailure(thrown, attempt, policy, options, started);
  }
}

/**
 * What `runWithRetry` does once the first attempt (begun at `started`, by `runtime.now()`) threw
 * `thrown`: retries from attempt 2 while the policy allows. The client makes a void's first
 * attempt itself and calls this only on a failure, so a successful call runs no retry code and
 * the provider's SDK call sits close to the caller's frame (stripe-node formats the call stack of
 * every request, and each frame costs).
 */
export async function retryAfterFailure<T>(
  thrown: unknown,
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions,
  started: number,
): Promise<T> {
  const runtime = options.runtime ?? defaultRetryRuntime;
  let failure = thrown;
  // Whether an attempt so far may have taken effect: then so may the call, whatever came after.
  let mayHaveTakenEffect = false;
  const last = (error: unknown): unknown => {
    if (!BillingError.isInstance(error)) return error;
    if (error.outcome === 'unknown') mayHaveTakenEffect = true;
    // A 429 or 409 after a lost answer says only that the last attempt did not go through; the
    // call itself is in doubt, so it is reported (and a void reconciled) as such (DESIGN §7–§8).
    // A definitive refusal (`already_void`, a 400) is the provider's word on the call: kept.
    // So is an idempotency conflict then: the key was used, by an earlier attempt of this call.
    else if (
      mayHaveTakenEffect &&
      (error.retryable || error.outcome === 'not_executed' || IdempotencyConflictError.isInstance(error))
    )
      (error as { outcome: BillingError['outcome'] }).outcome = 'unknown';
    return error;
  };
  for (let attemptNumber = 1; ; attemptNumber++) {
    const error = last(options.mapError ? options.mapError(failure) : failure);
    if (!BillingError.isInstance(error) || !error.retryable) throw error;
    if (attemptNumber >= policy.maxAttempts) throw error;
    const delay = retryDelayMs(policy, attemptNumber, error, runtime.random);
    if (delay > policy.maxDelayMs) throw error;
    if (runtime.now() - started + delay > policy.totalBudgetMs) throw error;
    try {
      await runtime.sleep(delay, options.signal);
    } catch {
      throwIfAborted(options.signal, error, options.provider);
      throw error;
    }
    throwIfAborted(options.signal, error, options.provider);
    if (options.report) options.report.attempts = attemptNumber + 1;
    try {
      return await attempt(attemptNumber + 1);
    } catch (next) {
      failure = next;
    }
  }
}

/** Throws `AbortedError` when `signal` has aborted: before any request, or after `lastError`. */
export function throwIfAborted(
  signal: AbortSignal | undefined,
  lastError: BillingError | undefined,
  provider?: string,
): void {
  if (!signal?.aborted) return;
  throw new AbortedError({
    message: lastError
      ? `aborted after a failed attempt: ${lastError.message}`
      : 'aborted before any request',
    provider,
    outcome: lastError?.outcome === 'unknown' ? 'unknown' : 'not_executed',
    cause: lastError,
  });
}
