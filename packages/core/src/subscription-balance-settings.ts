import { z } from 'zod';
import { idempotencyKeySchema, requestSignalSchema } from './request-options.js';

export const subscriptionBalanceSettingsInputSchema = z.strictObject({
  consumeAppliedBalanceOnVoid: z.boolean('must be a boolean'),
  idempotencyKey: idempotencyKeySchema.optional(),
  signal: requestSignalSchema.optional(),
});
export type SubscriptionBalanceSettingsInput = z.input<typeof subscriptionBalanceSettingsInputSchema>;

export interface SubscriptionBalanceSettings {
  subscriptionId: string;
  consumeAppliedBalanceOnVoid: boolean;
  /**
   * `request`: the provider was asked to store the setting. `native`: the provider already behaves
   * this way (no request was made). `stored`: the memory provider keeps it.
   */
  appliedBy: 'request' | 'native' | 'stored';
  raw: unknown;
}
