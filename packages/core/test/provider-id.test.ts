import { describe, expect, it } from 'vitest';
import { providerIdSchema, stripeApiVersionDate, stripeReturnsBalanceOnVoid } from '../src/index.js';

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
    'in_\u0000',
    'in_é',
    'x'.repeat(256),
    'a/b',
  ])('refuses %j', (id) => {
    expect(providerIdSchema.safeParse(id).success).toBe(false);
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
});
