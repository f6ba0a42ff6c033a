import type { RetryRuntime } from '@billbridge/core';

export interface FakeRetryRuntime {
  runtime: RetryRuntime;
  /** Every wait the client asked for, in ms, in order. */
  sleeps: number[];
  /** Fake milliseconds since the runtime was made (advanced only by waits). */
  elapsed(): number;
}

/**
 * Fake time for retries: a wait advances the clock at once and is recorded, so backoff is tested
 * without real waiting. `random` is fixed (0.5 by default) so jitter is deterministic. `onSleep`
 * runs before each wait (e.g. to abort a controller mid-backoff).
 */
export function fakeRetryRuntime(options: { random?: number; onSleep?: (ms: number) => void } = {}) {
  const sleeps: number[] = [];
  let now = 0;
  const runtime: RetryRuntime = {
    now: () => now,
    random: () => options.random ?? 0.5,
    sleep: async (ms, signal) => {
      options.onSleep?.(ms);
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
  return { runtime, sleeps, elapsed: () => now } satisfies FakeRetryRuntime;
}
