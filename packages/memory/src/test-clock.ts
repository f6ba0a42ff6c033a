/** The memory provider's clock. Starts at a fixed instant so output is reproducible; tests move it. */
export interface TestClock {
  now(): Date;
  /** `now()` as epoch milliseconds, without making a `Date`. */
  nowMs(): number;
  /** `now()` as an ISO 8601 string; the same string object while the clock stands still. */
  nowIso(): string;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  set(date: Date): void;
}

/** Where a test clock starts: 2026-01-01T00:00:00.000Z, so records made in tests have stable dates. */
export const TEST_CLOCK_START = new Date('2026-01-01T00:00:00.000Z');

/**
 * Makes a test clock: standing at `TEST_CLOCK_START` and moved by hand (`advance`, `set`), or following
 * `now` (plus what was advanced) when given.
 */
export function createTestClock(now?: () => Date): TestClock {
  let offset = 0;
  let fixed = TEST_CLOCK_START.getTime();
  // Formatting a date is the dearest part of reading the clock (about 0.6 µs); the memory provider
  // stamps several records per call, mostly at the same instant, so the last string is kept.
  let lastMs = Number.NaN;
  let lastIso = '';
  const epochMs = () => (now ? now().getTime() : fixed) + offset;
  return {
    now: () => new Date(epochMs()),
    nowMs: epochMs,
    nowIso() {
      const ms = epochMs();
      if (ms !== lastMs) {
        lastIso = new Date(ms).toISOString();
        lastMs = ms;
      }
      return lastIso;
    },
    advance(ms) {
      offset += ms;
    },
    set(date) {
      offset = 0;
      fixed = date.getTime();
    },
  };
}
