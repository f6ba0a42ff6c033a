import { z } from 'zod';
import { currencySchema } from './money.js';
import { requestSignalSchema } from './request-options.js';

export const customerBalanceBreakdownSchema = z.object({
  /** Chargebee promotional credits. */
  promotional: z.int(),
  /** Chargebee refundable credits. */
  refundable: z.int(),
  /** Chargebee excess payments. */
  excessPayments: z.int(),
});
export type CustomerBalanceBreakdown = z.infer<typeof customerBalanceBreakdownSchema>;

/** `credit > 0` means the customer has credit to spend (Stripe's `balance` has the opposite sign). */
export const customerBalanceSchema = z.object({
  customerId: z.string(),
  currency: z.string(),
  credit: z.int(),
  breakdown: customerBalanceBreakdownSchema.optional(),
  raw: z.unknown(),
});
export type CustomerBalance = z.infer<typeof customerBalanceSchema>;

export const getCustomerBalanceOptionsSchema = z.strictObject({
  currency: currencySchema.optional(),
  signal: requestSignalSchema.optional(),
});
export type GetCustomerBalanceOptions = z.input<typeof getCustomerBalanceOptionsSchema>;
