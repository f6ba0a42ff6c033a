import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isProviderId,
  providerIdSchema,
  stripeApiVersionDate,
  stripeReturnsBalanceOnVoid,
  stripeUsesBasilShapes,
} from '../src/index.js';

describe('providerIdSchema', () => {
  it.each(['in_1MtGmCLkdIwHu7ix6PgS6g8S', 'cus_NeZwdNtLEOXuvB', '1001', 'cb_inv-12.3', 'a:b@c+d'])(
    'accepts %s',
    (id) => {
      expect(providerIdSchema.safeParse(id).success).toBe(true);
    },
  );
  it.each([
    '',
    'in_1/../x',
    'in 1',
    'in_1?x=1',
    'in_1#x',
    'in_1%2Fx',
    '..',
    '.',
    'in_\u0000',
    'in_é',
    'x'.repeat(256),
    'a/b',
  ])('refuses %j', (id) => {
    expect(providerIdSchema.safeParse(id).success).toBe(false);
    expect(isProviderId(id)).toBe(false);
  });
});

describe('isProviderId (the client hot path) agrees with providerIdSchema', () => {
  // Strings near the rules: the id alphabet, the characters it refuses, dots, and lengths around 255.
  const near = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'aZ09_-.:@+/?#% \u0000é💸'.split('')), maxLength: 12 }),
    fc
      .tuple(fc.integer({ min: 250, max: 260 }), fc.constantFrom('', '.', '..', '/', 'é'))
      .map(([length, tail]) => 'a'.repeat(length) + tail),
  );
  it('on ids near the rules, any string, and non-strings', () => {
    fc.assert(
      // A boolean property (fast-check reports the counterexample): no expect() per run.
      fc.property(
        fc.oneof(near, fc.string({ unit: 'grapheme', maxLength: 300 }), fc.anything()),
        (value) => isProviderId(value) === providerIdSchema.safeParse(value).success,
      ),
      { numRuns: 3_000 },
    );
  });
  it('sees both outcomes (the property is not vacuous)', () => {
    expect(isProviderId('in_1')).toBe(true);
    expect(isProviderId('a'.repeat(255))).toBe(true);
    expect(isProviderId('a'.repeat(256))).toBe(false);
    expect(isProviderId('a..b')).toBe(false);
    expect(isProviderId(42)).toBe(false);
  });
});

describe('Stripe API versions', () => {
  it('compares by date prefix around 2019-12-03', () => {
    expect(stripeApiVersionDate('2026-10-28.endive')).toBe('2026-10-28');
    expect(stripeReturnsBalanceOnVoid('2019-11-05')).toBe(false);
    expect(stripeReturnsBalanceOnVoid('2019-12-02')).toBe(false);
    expect(stripeReturnsBalanceOnVoid('2019-12-03')).toBe(true);
    expect(stripeReturnsBalanceOnVoid('2023-08-16')).toBe(true);
    expect(stripeReturnsBalanceOnVoid('2026-10-28.endive')).toBe(true);
    expect(stripeApiVersionDate('latest')).toBeUndefined();
    expect(() => stripeReturnsBalanceOnVoid('2019-11')).toThrow(TypeError);
  });

  it('answers each version on its own when asked about the same one again and again (the parse is remembered)', () => {
    for (const version of [
      '2019-11-05',
      '2019-11-05',
      '2026-10-28.endive',
      '2026-10-28.endive',
      '2019-11-05',
    ]) {
      expect(stripeReturnsBalanceOnVoid(version)).toBe(version.startsWith('2026'));
      expect(stripeUsesBasilShapes(version)).toBe(version.startsWith('2026'));
    }
    // A bad version after a good one is still refused, and does not replace what was remembered.
    expect(() => stripeUsesBasilShapes('2026-10')).toThrow(TypeError);
    expect(stripeUsesBasilShapes('2019-11-05')).toBe(false);
  });
});
