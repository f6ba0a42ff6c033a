import type { JournalIntentRecord, JournalOutcomeRecord } from './journal-records.js';

/**
 * The engine interface (DESIGN §15–§16). An engine is three things the worker loop
 * (`runBulkWorker`) is given: where the work comes from (`BulkJobSource`), where intents and
 * outcomes are kept (`BulkJournalStore`), and how fast one provider account may be called
 * (`RateLimiter`, applied to the provider with `rateLimitProvider`). The JSONL engine
 * (`runJsonlBulkVoid`) is an array source and an append-only file; a pg-boss engine is a queue per
 * account and journal tables, with the same loop.
 */

/** One invoice to void, as a source hands it out. */
export interface BulkWorkItem {
  invoiceId: string;
  /** Deterministic per job and invoice (`bulkIdempotencyKey`); the same on every attempt and machine. */
  idempotencyKey: string;
}

/** Where the work comes from: an in-memory list, a queue. */
export interface BulkJobSource {
  /**
   * The next item, or `undefined` when there is none left. Called again only after the loop has
   * room for another item; a queue-backed source may wait for work (and must give up when `signal` aborts).
   */
  next(signal: AbortSignal): Promise<BulkWorkItem | undefined>;
  /**
   * Called once the item's outcome is journaled (`requeue` when it must be tried again later, e.g.
   * still rate limited after the client's retries). A queue completes or retries its job here.
   * `return`: the item goes back untried, through nothing of its own (a stop caught its void still
   * waiting for its token, the loop ended before it, the credentials were refused); a source that
   * caps an item's tries (pg-boss) does not count it.
   */
  settle?(item: BulkWorkItem, result: 'done' | 'requeue' | 'return'): Promise<void>;
}

/** What the journal knows of one invoice in one job. */
export type JournalItemState =
  | { state: 'new' }
  /**
   * An intent without an outcome: the void may or may not have happened (reconcile first).
   * `firstIntentAt`: when this job first meant to void the invoice (nothing it did came earlier).
   */
  | { state: 'in_doubt'; intent: JournalIntentRecord; firstIntentAt: string }
  /** `voided` or `refused`: final. */
  | { state: 'done'; outcome: JournalOutcomeRecord }
  /**
   * `failed`: tried again; an error with outcome `unknown` is reconciled first, and so is one not
   * executed (a 429, a stop) whose intent was reconciling an earlier void (`reconcile`: the
   * invoice read back was void, and that earlier void may still be the job's).
   */
  | { state: 'failed'; outcome: JournalOutcomeRecord; firstIntentAt: string; reconcile?: true };

/**
 * Where intents and outcomes are kept. Writes must be durable when the promise resolves: an intent
 * is appended before the void is sent, so after a crash an intent without an outcome means "in doubt".
 */
export interface BulkJournalStore {
  lookup(invoiceId: string): Promise<JournalItemState>;
  appendIntent(intent: JournalIntentRecord): Promise<void>;
  appendOutcome(outcome: JournalOutcomeRecord): Promise<void>;
}
