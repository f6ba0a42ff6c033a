import { type ChargebeeProviderSettings, chargebeeProviderSettingsSchema } from '@billbridge/chargebee';
import { type BillingProvider, type RetryPolicyInput, retryPolicySchema } from '@billbridge/core';
import { type MemoryProviderSettings, memoryProviderSettingsSchema } from '@billbridge/memory';
import { type StripeProviderSettings, stripeProviderSettingsSchema } from '@billbridge/stripe';
import { z } from 'zod';

export const providerNameSchema = z.enum(['memory', 'stripe', 'chargebee'], {
  error: 'must be "memory", "stripe" or "chargebee"',
});
export type ProviderName = z.infer<typeof providerNameSchema>;

/** Configuration of the umbrella `createBillingClient`. Every field is optional: the environment fills the gaps. */
export const billbridgeConfigSchema = z.strictObject({
  /** A provider name, or a provider object made by a `create…Provider` factory. */
  provider: z
    .union([
      providerNameSchema,
      z.custom<BillingProvider>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          (value as BillingProvider).specificationVersion === 'v1',
        'must be "memory", "stripe", "chargebee" or a billbridge provider',
      ),
    ])
    .optional(),
  memory: memoryProviderSettingsSchema.optional(),
  stripe: stripeProviderSettingsSchema.optional(),
  chargebee: chargebeeProviderSettingsSchema.optional(),
  retry: retryPolicySchema.optional(),
  /** The environment to read (defaults to `process.env`). */
  env: z.record(z.string(), z.string().optional()).optional(),
});

export interface BillbridgeConfig {
  provider?: ProviderName | BillingProvider;
  memory?: MemoryProviderSettings;
  stripe?: StripeProviderSettings;
  chargebee?: ChargebeeProviderSettings;
  retry?: RetryPolicyInput;
  env?: Record<string, string | undefined>;
}

/** The environment variables `createBillingClient()` reads. */
export const BILLBRIDGE_ENV = {
  provider: 'BILLBRIDGE_PROVIDER',
  stripeSecretKey: 'STRIPE_SECRET_KEY',
  stripeApiVersion: 'STRIPE_API_VERSION',
  chargebeeSite: 'CHARGEBEE_SITE',
  chargebeeApiKey: 'CHARGEBEE_API_KEY',
  chargebeeVoidCreatesCreditNote: 'CHARGEBEE_VOID_CREATES_CREDIT_NOTE',
  memoryFlavor: 'BILLBRIDGE_MEMORY_FLAVOR',
} as const;
