export type { BulkJobSource, BulkJournalStore, BulkWorkItem, JournalItemState } from './bulk-engine.js';
export { assertJobId, bulkIdempotencyKey, newJobId } from './bulk-idempotency-key.js';
export type { BulkInvoiceRecord, BulkSummaryRecord } from './bulk-records.js';
export { createBulkTally } from './bulk-tally.js';
export * from './journal-records.js';
export {
  createJsonlJournal,
  type JournalContents,
  type JsonlJournal,
  type JsonlJournalOptions,
  journalStates,
  readJsonlJournal,
  resumeJsonlJournal,
} from './jsonl-journal.js';
export {
  type DuplicateInvoiceId,
  type InvoiceList,
  type InvoiceListFormat,
  type InvoiceRow,
  MAX_INPUT_LINE_LENGTH,
  type ParseInvoiceListOptions,
  parseInvoiceList,
  readInvoiceRows,
} from './parse-invoice-list.js';
export * from './pg-boss/index.js';
export { type BulkVoidPlan, type PlanBulkVoidOptions, planBulkVoid } from './plan-bulk-void.js';
export {
  DEFAULT_LATENCY_BUDGET_MS,
  defaultConcurrency,
  type ProviderMode,
  type ProviderRate,
  providerRate,
  rateWarning,
} from './rate-defaults.js';
export { type RateLimitProviderOptions, rateLimitProvider, rateLimitSignal } from './rate-limit-provider.js';
export {
  createTokenBucket,
  type RateLimiter,
  type RateLimiterState,
  type RateLimitSignal,
  type RatePermit,
  type TokenBucketOptions,
} from './rate-limiter.js';
export { readInvoiceInput } from './read-invoice-input.js';
export {
  type BulkWorkerOptions,
  type BulkWorkerReport,
  createArrayJobSource,
  runBulkWorker,
} from './run-bulk-worker.js';
export {
  invoiceListDigest,
  type JsonlBulkVoidOptions,
  type JsonlBulkVoidResult,
  runJsonlBulkVoid,
} from './run-jsonl-bulk-void.js';
export {
  CLOCK_SKEW_MS,
  invoiceRecord,
  skippedRecord,
  type VoidItemResult,
  voidedWellBefore,
  voidOneInvoice,
} from './void-one-invoice.js';
