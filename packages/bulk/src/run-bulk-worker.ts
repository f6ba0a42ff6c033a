import { AuthenticationError, type BillingClient, PermissionError } from '@billbridge/core';
import type { BulkJobSource, BulkJournalStore } from './bulk-engine.js';
import type { BulkInvoiceRecord } from './bulk-records.js';
import type { BulkVoidOptions } from './journal-records.js';
import { voidOneInvoice } from './void-one-invoice.js';

/** Settings of `runBulkWorker`. */
export interface BulkWorkerOptions {
  /** A client whose provider is paced by the account's `RateLimiter` (`rateLimitProvider`). */
  client: BillingClient;
  source: BulkJobSource;
  journal: BulkJournalStore;
  void: BulkVoidOptions;
  /** Items worked on at once (default 4). The rate limiter may allow fewer requests in flight. */
  concurrency?: number;
  /** Aborting stops taking new items; items in flight finish and are journaled first. */
  stopSignal?: AbortSignal;
  /** Each item's record, as its outcome is journaled. */
  onRecord?: (record: BulkInvoiceRecord) => void;
  /** How often one item may be put back after a 429 outlasting the client's retries (default 20). */
  maxRequeues?: number;
  now?: () => Date;
}

/** What one run of the worker loop did. */
export interface BulkWorkerReport {
  /** Items whose outcome this run journaled (skipped ones included). */
  settled: number;
  requeued: number;
  /** True when `stopSignal` stopped the loop before the source ran dry. */
  stopped: boolean;
  /** Items the stop caught before their void was sent (journaled `failed` `aborted`, given back). */
  unfinished: number;
}

/**
 * The engine-neutral worker loop: `concurrency` workers take items from `source` until it is empty
 * or `stopSignal` aborts, and work each with `voidOneInvoice` (intent journaled, void sent with the
 * item's idempotency key, outcome journaled). A journal write that fails stops the loop and is
 * thrown: nothing is sent that could not be journaled. Credentials the provider refuses (HTTP 401
 * or 403) stop it too, at the first item refused, with an `AuthenticationError` or
 * `PermissionError`: every other void would be refused the same way. No item is started after it
 * (the ones already started finish: at most `concurrency` requests meet the refusal); refused
 * items are given back to the source, neither settled nor reported: their journaled failure says
 * `not_executed` and is not final, so a later run tries them again (a pg-boss job is retried, not
 * completed).
 */
export async function runBulkWorker(options: BulkWorkerOptions): Promise<BulkWorkerReport> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError('concurrency must be a positive integer');
  }
  const maxRequeues = options.maxRequeues ?? 20;
  const now = options.now ?? (() => new Date());
  const stop = options.stopSignal ?? new AbortController().signal;
  const failed = new AbortController();
  const halt = AbortSignal.any([stop, failed.signal]);
  const requeues = new Map<string, number>();
  const report: BulkWorkerReport = { settled: 0, requeued: 0, stopped: false, unfinished: 0 };
  let fatal: unknown;

  const stopAll = (error: unknown) => {
    fatal ??= error;
    failed.abort(error);
  };

  async function worker() {
    while (!halt.aborted) {
      let item: Awaited<ReturnType<BulkJobSource['next']>>;
      try {
        item = await options.source.next(halt);
      } catch (error) {
        // The source failed (a queue, or the pass's own last attempt of an item): stop the others too.
        stopAll(error);
        return;
      }
      if (!item || halt.aborted) {
        if (item) await options.source.settle?.(item, 'return');
        return;
      }
      const tries = requeues.get(item.invoiceId) ?? 0;
      try {
        const outcome = await voidOneInvoice(item, {
          client: options.client,
          journal: options.journal,
          void: options.void,
          mayRequeue: tries < maxRequeues,
          now,
        });
        if (outcome.result === 'stopped') {
          report.unfinished += 1;
          await options.source.settle?.(item, 'return');
          continue;
        }
        if (outcome.result === 'requeue') {
          requeues.set(item.invoiceId, tries + 1);
          report.requeued += 1;
          await options.source.settle?.(item, 'requeue');
          continue;
        }
        const refused = credentialsRefused(outcome.record, options.client.provider);
        if (refused) {
          await options.source.settle?.(item, 'return');
          stopAll(refused);
          return;
        }
        report.settled += 1;
        await options.source.settle?.(item, 'done');
        options.onRecord?.(outcome.record);
      } catch (error) {
        // Only a journal write (or the source) can throw here: stop everything, keep the first error.
        stopAll(error);
        return;
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
  if (fatal !== undefined) throw fatal;
  report.stopped = stop.aborted;
  return report;
}

/**
 * The error that stops a run when an item failed because the provider refused the credentials
 * (`authentication_failed`, `permission_denied`), else `undefined`. Its message names the invoice
 * and the code, never the provider's text (which may quote part of the key).
 */
function credentialsRefused(record: BulkInvoiceRecord, provider: string): Error | undefined {
  if (record.status !== 'failed') return undefined;
  const code = record.error?.code;
  if (code !== 'authentication_failed' && code !== 'permission_denied') return undefined;
  const options = {
    message: `${provider} refused the credentials (${code}, HTTP ${code === 'authentication_failed' ? 401 : 403}) at ${record.invoiceId}: the run stopped there, starting no invoice after it`,
    provider,
  };
  return code === 'authentication_failed' ? new AuthenticationError(options) : new PermissionError(options);
}

/** A source over a list of items, in order; a requeued item goes to the back. */
export function createArrayJobSource(
  items: Iterable<{ invoiceId: string; idempotencyKey: string }>,
): BulkJobSource & {
  readonly remaining: number;
  /** The invoice ids still queued (never taken, or put back and not taken again). */
  remainingIds(): string[];
} {
  const queue = [...items];
  return {
    next: async () => queue.shift(),
    settle: async (item, result) => {
      if (result !== 'done') queue.push(item);
    },
    get remaining() {
      return queue.length;
    },
    remainingIds: () => queue.map((item) => item.invoiceId),
  };
}
