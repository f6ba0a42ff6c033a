export * from './api-base.js';
export { type AttemptMemo, createAttemptMemo } from './attempt-memo.js';
export { type BasicAuthCredentials, basicAuthHeader, basicAuthMatches } from './basic-auth-matches.js';
export type { BillingClient, CheckVoidableResult } from './billing-client.js';
export * from './billing-event.js';
export type {
  BillingProvider,
  ProviderCallContext,
  ProviderCreateCreditNoteRequest,
  ProviderVoidInvoiceRequest,
  Voidability,
} from './billing-provider.js';
export * from './billing-warning.js';
export * from './capabilities.js';
export * from './chargebee-capabilities.js';
export * from './chargebee-provider-options.js';
export * from './chargebee-provider-settings.js';
export { type CreateBillingClientOptions, createBillingClient } from './create-billing-client.js';
export {
  createMemoryDedupeStore,
  type MemoryDedupeStore,
  type MemoryDedupeStoreOptions,
} from './create-memory-dedupe-store.js';
export {
  createPostgresDedupeStore,
  type PostgresDedupeStore,
  type PostgresDedupeStoreOptions,
  type PostgresQueryable,
} from './create-postgres-dedupe-store.js';
export {
  createWebhookHandler,
  type WebhookEventContext,
  type WebhookHandlerOptions,
  webhookDedupeKey,
} from './create-webhook-handler.js';
export * from './credit-note.js';
export { creditNoteMadeByVoid } from './credit-note-made-by-void.js';
export * from './customer-balance.js';
export { DEFAULT_DEDUPE_TTL_MS, type DedupeState, type DedupeStore } from './dedupe-store.js';
export * from './errors/index.js';
export { hideFromInspect } from './hide-from-inspect.js';
export { generateIdempotencyKey } from './idempotency-key.js';
export * from './invoice.js';
export * from './money.js';
export { parseInput, toValidationIssues } from './parse-input.js';
export * from './provider-id.js';
export * from './provider-options.js';
export { redactSecretsInPlace } from './redact-secrets-in-place.js';
export * from './request-options.js';
export * from './retry-policy.js';
export * from './reverse-invoice.js';
export * from './stripe-api-version.js';
export * from './stripe-capabilities.js';
export * from './stripe-provider-options.js';
export * from './stripe-provider-settings.js';
export * from './stripe-webhook-events.js';
export * from './subscription-balance-settings.js';
export { type NodeWebhookRequest, toNodeListener } from './to-node-listener.js';
export { unixSecondsToIso } from './unix-seconds-to-iso.js';
export * from './void-blocker.js';
export * from './void-invoice.js';
export {
  normalizeWebhookRequest,
  type ParseWebhookInput,
  type ProviderWebhookRequest,
  RAW_BODY_HINT,
  type WebhookHeaders,
} from './webhook-request.js';
