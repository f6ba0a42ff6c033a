export * from '@billbridge/core';
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
