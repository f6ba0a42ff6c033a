import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney, useMinorUnitsOf } from '../../src/cli/format-money.js';

afterEach(() => useMinorUnitsOf('iso'));

describe('formatMoney', () => {
  it("uses Stripe's minor units for Stripe amounts: ISK and HUF have two there, not ISO's none", () => {
    useMinorUnitsOf('stripe');
    expect(formatMoney({ amount: 50_000, currency: 'isk' })).toBe('ISK 500.00');
    expect(formatMoney({ amount: 100_000, currency: 'huf' })).toBe('HUF 1,000.00');
    expect(formatMoney({ amount: 5_000, currency: 'jpy' })).toBe('JPY 5,000');
    expect(formatMoney({ amount: 1_234, currency: 'kwd' })).toBe('KWD 1.234');
    expect(formatMoney({ amount: -123_456, currency: 'usd' })).toBe('USD -1,234.56');
  });

  it("uses ISO 4217's (as Intl knows them) otherwise", () => {
    useMinorUnitsOf('iso');
    expect(formatMoney({ amount: 50_000, currency: 'isk' })).toBe('ISK 50,000');
    expect(formatMoney({ amount: 5_000, currency: 'jpy' })).toBe('JPY 5,000');
    expect(formatMoney({ amount: 123_456, currency: 'usd' })).toBe('USD 1,234.56');
  });
});
