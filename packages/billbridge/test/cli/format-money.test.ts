import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney, useMinorUnitsOf } from '../../src/cli/format-money.js';

afterEach(() => useMinorUnitsOf('stripe'));

describe('formatMoney', () => {
  it("uses Stripe's minor units for Stripe amounts: ISK and HUF have two there, not ISO's none", () => {
    useMinorUnitsOf('stripe');
    expect(formatMoney({ amount: 50_000, currency: 'isk' })).toBe('ISK 500.00');
    expect(formatMoney({ amount: 100_000, currency: 'huf' })).toBe('HUF 1,000.00');
    expect(formatMoney({ amount: 5_000, currency: 'jpy' })).toBe('JPY 5,000');
    expect(formatMoney({ amount: 1_234, currency: 'kwd' })).toBe('KWD 1.234');
    expect(formatMoney({ amount: -123_456, currency: 'usd' })).toBe('USD -1,234.56');
  });

  it("uses Chargebee's for Chargebee amounts: two digits but for its zero-decimal KRW, JPY, XAF, XOF", () => {
    useMinorUnitsOf('chargebee');
    // Until 2026-12-07 these were ISO's: KWD 12.345 for 12 345 fils-as-cents (10 times too low).
    expect(formatMoney({ amount: 12_345, currency: 'kwd' })).toBe('KWD 123.45');
    expect(formatMoney({ amount: 12_345, currency: 'huf' })).toBe('HUF 123.45');
    expect(formatMoney({ amount: 5_000, currency: 'jpy' })).toBe('JPY 5,000');
    expect(formatMoney({ amount: 123_456, currency: 'usd' })).toBe('USD 1,234.56');
  });
});
