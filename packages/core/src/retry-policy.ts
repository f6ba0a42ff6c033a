import { z } from 'zod';
import { BillingError } from './errors/billing-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { AbortedError } from './errors/simple-errors.js';

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

export type RetryPolicyInput = z.input<typeof retryPolicySchema>;
export type RetryPolicy = z.output<typeof retryPolicySchema>;

export interface RetryRuntime {
  /** Waits `ms`, rejecting if `signal` aborts. Injected by tests. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Returns [0, 1). Injected by tests for deterministic jitter. */
  random: () => number;
  now: () => number;
}

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

export interface RetryReport {
  attempts: number;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the policy says stop.
 * Only `BillingError`s with `retryable: true` are retried. The last error is thrown as it is.
 */
export async function runWithRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  options: {
    signal?: AbortSignal;
    runtime?: RetryRuntime;
    provider?: string;
    report?: RetryReport;
    /** Turns what an attempt threw into what is judged (and thrown): the client wraps foreign errors. */
    mapError?: (error: unknown) => unknown;
  } = {},
): Promise<T> {
  const runtime = options.runtime ?? defaultRetryRuntime;
  const started = runtime.now();
  let lastError: BillingError | undefined;
  for (let attemptNumber = 1; ; attemptNumber++) {
    throwIfAborted(options.signal, lastError, options.provider);
    if (options.report) options.report.attempts = attemptNumber;
    try {
      return await attempt(attemptNumber);
    } catch (thrown) {
      const error = options.mapError ? options.mapError(thrown) : thrown;
      if (!BillingError.isInstance(error) || !error.retryable) throw error;
      lastError = error;
      if (attemptNumber >= policy.maxAttempts) throw error;
      const delay = retryDelayMs(policy, attemptNumber, error, runtime.random);
      if (delay > policy.maxDelayMs) throw error;
      if (runtime.now() - started + delay > policy.totalBudgetMs) throw error;
      try {
        await runtime.sleep(delay, options.signal);
      } catch {
        throwIfAborted(options.signal, lastError, options.provider);
        throw error;
      }
    }
  }
}

function throwIfAborted(
  signal: AbortSignal | undefined,
  lastError: BillingError | undefined,
  provider?: string,
) {
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
