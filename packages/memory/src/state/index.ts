/** The state model (one account's records and rules), shared by the memory provider and the emulator. */

export {
  createMemoryState,
  DEFAULT_EVENTS_KEPT,
  type MemoryState,
  type MemoryStateLimits,
  type MemoryStateSettings,
} from './create-memory-state.js';
export type { CreateCreditNoteInput, CreditNoteStore } from './credit-notes.js';
export {
  type AdjustBalanceOptions,
  type CreateCustomerInput,
  type CustomerDetailsPatch,
  type CustomerStore,
  mergeMetadata,
} from './customers.js';
export type { StateChange, StateChangeListener, StateChangeType, StateEvents } from './events.js';
export {
  DEFAULT_IDEMPOTENCY_RECORDS,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  fingerprint,
  type IdempotencyRecords,
} from './idempotency-records.js';
export { amountCreditable, amountDue, appliedTotal } from './invoice-amounts.js';
export type { CreateInvoiceItemInput, InvoiceItemPatch, InvoiceItemStore } from './invoice-items.js';
export type { VoidInvoiceOptions, VoidInvoiceOutcome } from './invoice-void.js';
export type { CreateDraftInput, InvoiceLineInput, InvoiceStore } from './invoices.js';
export { type ListPage, type ListPageOptions, listPage } from './list-page.js';
export type {
  BalanceSettingsOutcome,
  CreateSubscriptionInput,
  SubscriptionStore,
} from './subscriptions.js';
