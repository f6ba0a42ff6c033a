/** What a 429 said: how long to wait, and Stripe's `Stripe-Rate-Limited-Reason` when it sent one. */
export interface RateLimitSignal {
  retryAfterMs?: number;
  /** `global-rate`, `global-concurrency`, `endpoint-rate`, `endpoint-concurrency`, `resource-specific`. */
  reason?: string;
}

/** Leave to make one request; give it back when the request has answered. */
export interface RatePermit {
  /** Call exactly once, with `rateLimited` when the provider answered 429. */
  release(result?: { rateLimited?: RateLimitSignal }): void;
}

/** Where a rate limiter stands, for progress lines and tests. */
export interface RateLimiterState {
  /** Requests per second asked for (`--rate`). */
  targetRate: number;
  /** Requests per second allowed now (lower than `targetRate` after 429s, until it recovers). */
  rate: number;
  /** Requests allowed in flight now, and at most. */
  concurrency: number;
  maxConcurrency: number;
  inFlight: number;
  /** Epoch ms until which nothing is sent (a `Retry-After`), or 0. */
  pausedUntil: number;
  /** 429s seen. */
  rateLimited: number;
}

/** How fast one provider account may be called. Engines share one per account. */
export interface RateLimiter {
  /** Waits for a token and a free slot. Rejects with `signal.reason` when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<RatePermit>;
  state(): RateLimiterState;
}

/** Settings of `createTokenBucket`. */
export interface TokenBucketOptions {
  /** Requests per second; `Infinity` for no rate limit. */
  rate: number;
  /** Requests in flight at most (default unlimited). */
  concurrency?: number;
  /** Tokens that can be saved up (default a tenth of a second's worth, at least 1): a small burst only. */
  burst?: number;
  /** The rate never drops below this on 429s (default `rate / 8`). */
  minRate?: number;
  /** Wait after a 429 without `Retry-After` (default 500 ms; Stripe sends none, the halved rate does the rest). */
  defaultRetryAfterMs?: number;
  /** No speed-up until this long after the last slow-down (default 1000 ms). */
  recoverAfterMs?: number;
  now?: () => number;
}

interface Waiter {
  resolve: (permit: RatePermit) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * An adaptive token bucket: `rate` tokens a second, a burst of at most `burst`, at most
 * `concurrency` requests in flight. A 429 halves the rate (once per second at most), pauses for
 * `Retry-After`, and a `…-concurrency` reason halves the concurrency too; after `recoverAfterMs`
 * without 429s every half second of successes adds a fifth of the target rate (and one slot) back,
 * up to the target (additive increase, multiplicative decrease). Waiters are served first come, first served.
 */
export function createTokenBucket(options: TokenBucketOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const targetRate = options.rate;
  if (!(targetRate > 0)) throw new RangeError('rate must be > 0 requests per second');
  const maxConcurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  const unlimited = !Number.isFinite(targetRate);
  const burst = options.burst ?? Math.max(1, Math.round(targetRate / 10));
  const minRate = options.minRate ?? targetRate / 8;
  const defaultRetryAfterMs = options.defaultRetryAfterMs ?? 500;
  const recoverAfterMs = options.recoverAfterMs ?? 1000;
  let rate = targetRate;
  let concurrency = maxConcurrency;
  let tokens = unlimited ? Number.POSITIVE_INFINITY : burst;
  let refilledAt = now();
  let pausedUntil = 0;
  let inFlight = 0;
  let rateLimited = 0;
  let slowedAt = Number.NEGATIVE_INFINITY;
  let speedUpAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waiters: Waiter[] = [];

  /**
   * Waiters are waiting for a token (not for a slot or a pause): the timer that wakes them may fire
   * late (a busy event loop, timer granularity), and what it is late by is owed to them. So while
   * starved the bucket may hold up to one token over `burst`; capping it at `burst` would drop that
   * lateness on every wake (with a burst of 1, every rate below 15/s lost it all, e.g. 20 ms late
   * wakes made 10/s into 8.3/s).
   */
  let starved = false;

  function refill(at: number) {
    if (unlimited) return;
    const cap = starved ? burst + 1 : burst;
    tokens = Math.min(cap, tokens + ((at - refilledAt) * rate) / 1000);
    refilledAt = at;
  }

  function permit(): RatePermit {
    let released = false;
    return {
      release(result) {
        if (released) return;
        released = true;
        inFlight -= 1;
        if (result?.rateLimited) slowDown(result.rateLimited);
        else speedUp();
        pump();
      },
    };
  }

  function slowDown(signal: RateLimitSignal) {
    const at = now();
    rateLimited += 1;
    pausedUntil = Math.max(pausedUntil, at + (signal.retryAfterMs ?? defaultRetryAfterMs));
    refill(at);
    tokens = 0;
    if (at - slowedAt < 1000) return;
    slowedAt = at;
    if (!unlimited) rate = Math.max(minRate, rate / 2);
    if (signal.reason?.includes('concurrency')) {
      const current = Number.isFinite(concurrency) ? concurrency : Math.max(1, inFlight + 1);
      concurrency = Math.max(1, Math.floor(current / 2));
    }
  }

  function speedUp() {
    const at = now();
    if (at - slowedAt < recoverAfterMs || at - speedUpAt < 500) return;
    if (rate >= targetRate && concurrency >= maxConcurrency) return;
    speedUpAt = at;
    if (!unlimited) {
      refill(at);
      rate = Math.min(targetRate, rate + targetRate / 5);
    }
    concurrency = Math.min(maxConcurrency, concurrency + 1);
  }

  function pump() {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    while (waiters.length > 0) {
      if (inFlight >= concurrency) return stopStarving();
      const at = now();
      if (at < pausedUntil) {
        stopStarving();
        return schedule(pausedUntil - at);
      }
      refill(at);
      if (tokens < 1) {
        starved = true;
        return schedule(Math.ceil(((1 - tokens) * 1000) / rate));
      }
      tokens -= 1;
      inFlight += 1;
      const waiter = waiters.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(permit());
    }
    stopStarving();
  }

  /** Nobody waits for a token any more: what was saved up beyond `burst` goes (refilled up to now first). */
  function stopStarving() {
    if (!starved) return;
    refill(now());
    starved = false;
    tokens = Math.min(burst, tokens);
  }

  function schedule(ms: number) {
    timer = setTimeout(
      () => {
        timer = undefined;
        pump();
      },
      Math.max(1, ms),
    );
  }

  return {
    acquire(signal) {
      return new Promise<RatePermit>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = waiters.indexOf(waiter);
            if (index !== -1) waiters.splice(index, 1);
            reject(signal?.reason);
            pump();
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        waiters.push(waiter);
        pump();
      });
    },
    state: () => ({
      targetRate,
      rate,
      concurrency,
      maxConcurrency,
      inFlight,
      pausedUntil: pausedUntil > now() ? pausedUntil : 0,
      rateLimited,
    }),
  };
}
