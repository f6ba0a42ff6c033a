export {
  type ChargebeeProvider,
  type ChargebeeProviderOptions,
  type ChargebeeProviderSettings,
  chargebeeProviderOptionsSchema,
  chargebeeProviderSettingsSchema,
  createChargebeeProvider,
} from '@billbridge/chargebee';
export * from '@billbridge/core';
// Webhooks (DESIGN §13): also reachable through `export *` above; named so a restructure keeps them.
export {
  type BillingEvent,
  billingEventSchema,
  createMemoryDedupeStore,
  createPostgresDedupeStore,
  createWebhookHandler,
  type DedupeStore,
  toNodeListener,
  WebhookVerificationError,
} from '@billbridge/core';
export { createMemoryProvider, type MemoryProvider, type MemoryProviderSettings } from '@billbridge/memory';
export {
  createStripeProvider,
  type StripeProvider,
  type StripeProviderOptions,
  type StripeProviderSettings,
  stripeCheckoutBalanceSettings,
  stripeProviderOptionsSchema,
  stripeProviderSettingsSchema,
} from '@billbridge/stripe';
export {
  BILLBRIDGE_ENV,
  type BillbridgeConfig,
  billbridgeConfigSchema,
  type ProviderName,
} from './billbridge-config.js';
export { createBillingClient } from './create-billing-client.js';
