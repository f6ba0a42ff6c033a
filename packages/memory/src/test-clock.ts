/** The memory provider's clock. Starts at a fixed instant so output is reproducible; tests move it. */
export interface TestClock {
  now(): Date;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  set(date: Date): void;
}

export const TEST_CLOCK_START = new Date('2026-01-01T00:00:00.000Z');

export function createTestClock(now?: () => Date): TestClock {
  let offset = 0;
  let fixed = TEST_CLOCK_START.getTime();
  return {
    now: () => new Date((now ? now().getTime() : fixed) + offset),
    advance(ms) {
      offset += ms;
    },
    set(date) {
      offset = 0;
      fixed = date.getTime();
    },
  };
}
