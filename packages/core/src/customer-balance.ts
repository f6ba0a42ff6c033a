import { z } from 'zod';
import { currencySchema } from './money.js';
import { requestSignalSchema } from './request-options.js';

export interface CustomerBalanceBreakdown {
  /** Chargebee promotional credits (Stripe: the whole customer balance). */
  promotional: number;
  /** Chargebee refundable credits. */
  refundable: number;
  /** Chargebee excess payments. */
  excessPayments: number;
}

/** `credit > 0` means the customer has credit to spend (Stripe's `balance` has the opposite sign). */
export interface CustomerBalance {
  customerId: string;
  currency: string;
  credit: number;
  breakdown?: CustomerBalanceBreakdown;
  raw: unknown;
}

export const getCustomerBalanceOptionsSchema = z.strictObject({
  currency: currencySchema.optional(),
  signal: requestSignalSchema.optional(),
});
export type GetCustomerBalanceOptions = z.input<typeof getCustomerBalanceOptionsSchema>;
