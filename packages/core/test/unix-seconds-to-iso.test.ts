import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unixSecondsToIso } from '../src/index.js';

describe('unixSecondsToIso', () => {
  it('equals Date#toISOString for any whole second of years 1970–9999 and beyond', () => {
    fc.assert(
      // A boolean property (fast-check reports the counterexample): no expect() per run.
      fc.property(
        fc.integer({ min: -10_000_000_000, max: 300_000_000_000 }),
        (seconds) => unixSecondsToIso(seconds) === new Date(seconds * 1000).toISOString(),
      ),
      { numRuns: 5000 },
    );
    for (const seconds of [0, 951_782_400, 1_680_644_467, 253_402_300_799]) {
      expect(unixSecondsToIso(seconds)).toBe(new Date(seconds * 1000).toISOString());
    }
  });

  it('gives null for missing or non-finite values', () => {
    expect(unixSecondsToIso(undefined)).toBeNull();
    expect(unixSecondsToIso(null)).toBeNull();
    expect(unixSecondsToIso(Number.NaN)).toBeNull();
  });
});
