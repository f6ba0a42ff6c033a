import * as z from 'zod';
import { idempotencyKeySchema, requestSignalSchema } from './request-options.js';

/** The strict zod schema of `SubscriptionBalanceSettingsInput`. */
export const subscriptionBalanceSettingsInputSchema = z.strictObject({
  consumeAppliedBalanceOnVoid: z.boolean('must be a boolean'),
  idempotencyKey: idempotencyKeySchema.optional(),
  signal: requestSignalSchema.optional(),
});
/**
 * The input of `setSubscriptionBalanceSettings`: whether voids of the subscription's invoices consume the
 * applied balance, an idempotency key, an abort signal.
 */
export type SubscriptionBalanceSettingsInput = z.input<typeof subscriptionBalanceSettingsInputSchema>;

/** The zod schema of `SubscriptionBalanceSettings`. */
export const subscriptionBalanceSettingsSchema = z.object({
  subscriptionId: z.string(),
  consumeAppliedBalanceOnVoid: z.boolean(),
  /**
   * `request`: the provider was asked to store the setting. `native`: the provider already behaves
   * this way (no request was made). `stored`: the memory provider keeps it.
   */
  appliedBy: z.enum(['request', 'native', 'stored']),
  raw: z.unknown(),
});
/**
 * A subscription's setting for what a void does with applied balance, and how it was applied (`request`,
 * `native` or `stored`).
 */
export type SubscriptionBalanceSettings = z.infer<typeof subscriptionBalanceSettingsSchema>;
