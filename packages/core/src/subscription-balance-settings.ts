import { z } from 'zod';
import { idempotencyKeySchema, requestSignalSchema } from './request-options.js';

export const subscriptionBalanceSettingsInputSchema = z.strictObject({
  consumeAppliedBalanceOnVoid: z.boolean('must be a boolean'),
  idempotencyKey: idempotencyKeySchema.optional(),
  signal: requestSignalSchema.optional(),
});
export type SubscriptionBalanceSettingsInput = z.input<typeof subscriptionBalanceSettingsInputSchema>;

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
export type SubscriptionBalanceSettings = z.infer<typeof subscriptionBalanceSettingsSchema>;
