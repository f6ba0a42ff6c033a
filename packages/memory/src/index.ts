export { clonePlain, snapshotPlain } from './clone-plain.js';
export { chargebeeFlavor, type MemoryFlavor, type MemoryFlavorName, stripeFlavor } from './memory-flavor.js';
export { createIdGenerator, type IdGenerator } from './memory-ids.js';
export type {
  CreditAllocation,
  CreditApplication,
  CreditBucket,
  CreditNoteRecord,
  CustomerRecord,
  InvoiceCredits,
  InvoiceItemRecord,
  InvoicePayment,
  InvoiceRecord,
  LedgerEntry,
  SubscriptionItemRecord,
  SubscriptionRecord,
} from './memory-records.js';
export { createMemoryProvider, type MemoryProvider } from './provider/create-memory-provider.js';
export type { FailNextOptions } from './provider/fault-injection.js';
export type { MemoryCall, MemoryOperation } from './provider/memory-operation.js';
export {
  DEFAULT_CALLS_KEPT,
  MEMORY_DEFAULT_STRIPE_API_VERSION,
  type MemoryProviderSettings,
  memoryProviderSettingsSchema,
} from './provider/memory-provider-settings.js';
export type { SeedingHelpers } from './provider/seeding-helpers.js';
export * from './render/index.js';
export { stableFingerprint } from './stable-fingerprint.js';
export * from './state/index.js';
export { createTestClock, TEST_CLOCK_START, type TestClock } from './test-clock.js';
export {
  createMemoryWebhooks,
  type MemoryWebhookDelivery,
  type MemoryWebhookDeliveryOptions,
  type MemoryWebhooks,
} from './webhooks/create-memory-webhooks.js';
