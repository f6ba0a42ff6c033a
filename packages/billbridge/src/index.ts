export {
  type ChargebeeProvider,
  type ChargebeeProviderSettings,
  createChargebeeProvider,
} from '@billbridge/chargebee';
export * from '@billbridge/core';
export { createMemoryProvider, type MemoryProvider, type MemoryProviderSettings } from '@billbridge/memory';
export { createStripeProvider, type StripeProvider, type StripeProviderSettings } from '@billbridge/stripe';
export {
  BILLBRIDGE_ENV,
  type BillbridgeConfig,
  billbridgeConfigSchema,
  type ProviderName,
} from './billbridge-config.js';
export { createBillingClient } from './create-billing-client.js';
