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
export {
  createMemoryProvider,
  type MemoryProvider,
  type MemoryProviderSettings,
  memoryProviderSettingsSchema,
} from '@billbridge/memory';
export {
  BILLBRIDGE_ENV,
  type BillbridgeConfig,
  billbridgeConfigSchema,
  memoryFlavorSchema,
  PROVIDER_NAMES,
  type ProviderName,
  providerNameSchema,
} from './billbridge-config.js';
export { createBillingClient } from './create-billing-client.js';
export type { LazyProvider } from './lazy-provider.js';
