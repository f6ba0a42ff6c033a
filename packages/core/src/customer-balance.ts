import * as z from 'zod';
import { currencySchema } from './money.js';
import { requestSignalSchema } from './request-options.js';

/** The zod schema of `CustomerBalanceBreakdown` (integer minor units). */
export const customerBalanceBreakdownSchema = z.object({
  /** Chargebee promotional credits. */
  promotional: z.int(),
  /** Chargebee refundable credits. */
  refundable: z.int(),
  /** Chargebee excess payments. */
  excessPayments: z.int(),
});
/**
 * Chargebee's three kinds of customer credit (promotional, refundable, excess payments), each in integer
 * minor units.
 */
export type CustomerBalanceBreakdown = z.infer<typeof customerBalanceBreakdownSchema>;

/** `credit > 0` means the customer has credit to spend (Stripe's `balance` has the opposite sign). */
export const customerBalanceSchema = z.object({
  customerId: z.string(),
  currency: z.string(),
  credit: z.int(),
  breakdown: customerBalanceBreakdownSchema.optional(),
  raw: z.unknown(),
});
/**
 * A customer's credit as billbridge reads it: `credit` in integer minor units of `currency`, positive
 * when the customer has credit to spend, with the Chargebee breakdown when there is one.
 */
export type CustomerBalance = z.infer<typeof customerBalanceSchema>;

/** The strict zod schema of `GetCustomerBalanceOptions`. */
export const getCustomerBalanceOptionsSchema = z.strictObject({
  currency: currencySchema.optional(),
  signal: requestSignalSchema.optional(),
});
/** The options of `getCustomerBalance`: the currency to read (default the customer's) and an abort signal. */
export type GetCustomerBalanceOptions = z.input<typeof getCustomerBalanceOptionsSchema>;
