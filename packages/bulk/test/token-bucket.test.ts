import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenBucket, type RateLimiter, type RatePermit } from '../src/rate-limiter.js';

/** Starts `n` acquires that release at once; returns the fake times at which each got its token. */
async function grantTimes(limiter: RateLimiter, n: number): Promise<number[]> {
  const start = Date.now();
  const times: number[] = [];
  const all = Array.from({ length: n }, (_, index) =>
    limiter.acquire().then((permit) => {
      times[index] = Date.now() - start;
      permit.release();
    }),
  );
  await vi.runAllTimersAsync();
  await Promise.all(all);
  return times;
}

/** Starts `n` acquires, runs the timers until all are granted, and returns the permits. */
async function collect(
  limiter: RateLimiter,
  n: number,
  onGrant: (permit: RatePermit) => RatePermit,
): Promise<RatePermit[]> {
  const all = Array.from({ length: n }, () => limiter.acquire().then(onGrant));
  await vi.runAllTimersAsync();
  return Promise.all(all);
}

describe('createTokenBucket', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('paces requests at the rate, after a burst of a tenth of a second', async () => {
    const limiter = createTokenBucket({ rate: 20 });
    const times = await grantTimes(limiter, 41);
    // 2 tokens saved up, then one every 50 ms: 41 requests take 39 × 50 ms.
    expect(times.slice(0, 3)).toEqual([0, 0, 50]);
    expect(times[40]).toBe(1950);
  });

  it('never has more than `concurrency` in flight', async () => {
    const limiter = createTokenBucket({ rate: Number.POSITIVE_INFINITY, concurrency: 2 });
    const first = await limiter.acquire();
    await limiter.acquire();
    let third = false;
    const waiting = limiter.acquire().then((permit) => {
      third = true;
      return permit;
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(third).toBe(false);
    expect(limiter.state().inFlight).toBe(2);
    first.release();
    await waiting;
    expect(third).toBe(true);
  });

  it('on a 429 halves the rate, waits out Retry-After, then speeds up again to the target', async () => {
    const limiter = createTokenBucket({ rate: 10 });
    const permit = await limiter.acquire();
    permit.release({ rateLimited: { retryAfterMs: 3000 } });
    expect(limiter.state()).toMatchObject({ rate: 5, rateLimited: 1 });
    const at = Date.now();
    const next = limiter.acquire();
    await vi.advanceTimersByTimeAsync(2999);
    let granted = false;
    void next.then(() => {
      granted = true;
    });
    await Promise.resolve();
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    (await next).release();
    expect(Date.now() - at).toBe(3000);
    expect(limiter.state().rate).toBe(7);
    // Successes after a quiet second add a fifth of the target every half second: 5 → 7 → 9 → 10.
    const rates: number[] = [];
    for (let step = 0; step < 5; step++) {
      await vi.advanceTimersByTimeAsync(500);
      (await limiter.acquire()).release();
      rates.push(limiter.state().rate);
    }
    expect(rates).toEqual([9, 10, 10, 10, 10]);
  });

  it('slows down once for a volley of 429s, and halves concurrency on a concurrency reason', async () => {
    const limiter = createTokenBucket({ rate: Number.POSITIVE_INFINITY, concurrency: 8 });
    const permits = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
    for (const permit of permits) permit.release({ rateLimited: { reason: 'endpoint-concurrency' } });
    expect(limiter.state()).toMatchObject({ concurrency: 4, rateLimited: 8 });
    const paced = createTokenBucket({ rate: 16 });
    const [a, b] = await Promise.all([paced.acquire(), paced.acquire()]);
    a.release({ rateLimited: {} });
    b.release({ rateLimited: {} });
    expect(paced.state().rate).toBe(8);
  });

  it('gives up waiting when the signal aborts, without taking a token', async () => {
    const limiter = createTokenBucket({ rate: 1, burst: 1 });
    (await limiter.acquire()).release();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await vi.advanceTimersByTimeAsync(1000);
    const times = await grantTimes(limiter, 1);
    expect(times).toEqual([0]);
  });

  for (const rate of [2, 10, 20]) {
    it(`keeps its rate (${rate}/s) when every wake-up comes late: the lateness is owed, not lost`, async () => {
      // The bucket's clock runs 20 ms further ahead of the timers after every grant, so each timer
      // that wakes a waiter fires 20 ms late by the bucket's clock, as on a busy event loop. The
      // permits are held to the end: no release re-plans the wake-up in between.
      let late = 0;
      const limiter = createTokenBucket({ rate, now: () => Date.now() + late });
      const grants: number[] = [];
      const permits = await collect(limiter, 3 * rate + 3, (permit) => {
        grants.push(Date.now() + late);
        late += 20;
        return permit;
      });
      for (const permit of permits) permit.release();
      // Once the saved-up burst is spent, one grant per 1000 / rate ms of the bucket's clock (± 1 ms).
      const paced = grants.slice(4);
      const spanMs = paced.at(-1)! - paced[0]!;
      expect(spanMs).toBeGreaterThanOrEqual(((paced.length - 1) * 1000) / rate - 1);
      expect(spanMs).toBeLessThanOrEqual(((paced.length - 1) * 1000) / rate + 1);
    });
  }

  it('saves up no more than its burst while idle, even after a late, starved stretch', async () => {
    let late = 0;
    const limiter = createTokenBucket({ rate: 10, now: () => Date.now() + late });
    const first = await collect(limiter, 5, (permit) => {
      late += 30;
      return permit;
    });
    for (const permit of first) permit.release();
    await vi.advanceTimersByTimeAsync(10_000);
    // Idle for 10 s: one token (a tenth of a second at 10/s) waits, then one every 100 ms.
    expect(await grantTimes(limiter, 3)).toEqual([0, 100, 200]);
  });
});
