import {
  type BillingProvider,
  type ChargebeeProviderSettings,
  chargebeeProviderSettingsSchema,
  type RetryPolicyInput,
  retryPolicySchema,
  type StripeProviderSettings,
  stripeProviderSettingsSchema,
} from '@billbridge/core';
import { type MemoryProviderSettings, memoryProviderSettingsSchema } from '@billbridge/memory';
import * as z from 'zod';

/** The providers `createBillingClient` can create by name. */
export const PROVIDER_NAMES = ['memory', 'stripe', 'chargebee'] as const;

/** A provider name: `'memory' | 'stripe' | 'chargebee'`. */
export const providerNameSchema = z.enum(PROVIDER_NAMES, {
  error: 'must be one of "memory", "stripe", "chargebee"',
});
/** A provider `createBillingClient` can create by name. */
export type ProviderName = z.infer<typeof providerNameSchema>;

/** The memory provider's flavors, as `BILLBRIDGE_MEMORY_FLAVOR` takes them. */
export const memoryFlavorSchema = z.enum(['stripe', 'chargebee'], {
  error: 'must be one of "stripe", "chargebee"',
});

/** Configuration of the umbrella `createBillingClient`. Every field is optional: the environment fills the gaps. */
export const billbridgeConfigSchema = z.strictObject({
  /** A provider name, or a provider object made by a `create…Provider` factory. */
  provider: z
    .union(
      [
        providerNameSchema,
        z.custom<BillingProvider>(
          (value) =>
            typeof value === 'object' &&
            value !== null &&
            (value as BillingProvider).specificationVersion === 'v1',
        ),
      ],
      {
        error:
          'must be one of "memory", "stripe", "chargebee", or a provider made by createMemoryProvider(), createStripeProvider() or createChargebeeProvider()',
      },
    )
    .optional(),
  memory: memoryProviderSettingsSchema.optional(),
  stripe: stripeProviderSettingsSchema.optional(),
  chargebee: chargebeeProviderSettingsSchema.optional(),
  retry: retryPolicySchema.optional(),
  /** The environment to read (defaults to `process.env`). */
  env: z.record(z.string(), z.string().optional()).optional(),
});

/** What `createBillingClient(config)` takes; each field is documented on `billbridgeConfigSchema`. */
export interface BillbridgeConfig {
  /** A provider name, or a provider object made by a `create…Provider` factory (default: `BILLBRIDGE_PROVIDER`, else memory). */
  provider?: ProviderName | BillingProvider;
  /** Settings of the memory provider (`createMemoryProvider`). */
  memory?: MemoryProviderSettings;
  /** Settings of the Stripe provider; `apiKey` defaults to `STRIPE_SECRET_KEY`. */
  stripe?: StripeProviderSettings;
  /** Settings of the Chargebee provider; `site` and `apiKey` default to `CHARGEBEE_SITE` and `CHARGEBEE_API_KEY`. */
  chargebee?: ChargebeeProviderSettings;
  /** Retry policy of the client (see `retryPolicySchema`). */
  retry?: RetryPolicyInput;
  /** The environment to read (defaults to `process.env`). */
  env?: Record<string, string | undefined>;
}

/** The environment variables `createBillingClient()` reads. */
export const BILLBRIDGE_ENV = {
  provider: 'BILLBRIDGE_PROVIDER',
  stripeSecretKey: 'STRIPE_SECRET_KEY',
  stripeApiVersion: 'STRIPE_API_VERSION',
  stripeApiBase: 'BILLBRIDGE_STRIPE_API_BASE',
  chargebeeSite: 'CHARGEBEE_SITE',
  chargebeeApiKey: 'CHARGEBEE_API_KEY',
  chargebeeApiBase: 'BILLBRIDGE_CHARGEBEE_API_BASE',
  chargebeeVoidCreatesCreditNote: 'CHARGEBEE_VOID_CREATES_CREDIT_NOTE',
  memoryFlavor: 'BILLBRIDGE_MEMORY_FLAVOR',
} as const;
