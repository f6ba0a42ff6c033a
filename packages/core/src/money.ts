import * as z from 'zod';

/** A lower-case ISO 4217 currency code, e.g. `usd`. */
export const currencySchema = z
  .string()
  .regex(/^[a-z]{3}$/, 'must be a lower-case three-letter ISO 4217 code, e.g. "usd"');

/** An amount in integer minor units (cents). Floats, NaN, Infinity and unsafe integers are refused. */
export const minorUnitsSchema = z
  .int('must be an integer amount in minor units')
  .min(0, 'must not be negative');

/** A strictly positive amount in integer minor units. */
export const positiveMinorUnitsSchema = z
  .int('must be an integer amount in minor units')
  .positive('must be > 0');

/** The strict zod schema of `Money`: an integer amount in minor units and a lower-case ISO 4217 currency. */
export const moneySchema = z.strictObject({
  amount: z.int('must be an integer amount in minor units'),
  currency: currencySchema,
});

/** Money in integer minor units of a lower-case ISO 4217 currency. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * Makes a `Money`: `amount` in integer minor units (a `RangeError` for anything but a safe integer), the
 * currency lower-cased.
 */
export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`money amount must be a safe integer in minor units, got ${amount}`);
  }
  return { amount, currency: currency.toLowerCase() };
}
