import type { BillingClient } from '@billbridge/core';
import type { BulkJobSource, BulkJournalStore, BulkWorkItem } from '../bulk-engine.js';
import type { BulkInvoiceRecord } from '../bulk-records.js';
import type { BulkVoidOptions } from '../journal-records.js';
import { runBulkWorker } from '../run-bulk-worker.js';
import type { BulkDatabase } from './open-bulk-database.js';
import { PG_BOSS_MAX_REQUEUES } from './pg-boss-engine-settings.js';
import { createPgBossJobSource } from './pg-boss-job-source.js';

/** What one pass over a queue needs. */
export interface QueuePassOptions {
  db: Pick<BulkDatabase, 'boss'>;
  queue: string;
  client: BillingClient;
  journal: BulkJournalStore;
  void: BulkVoidOptions;
  concurrency: number;
  stopSignal: AbortSignal;
  /** Called before each item fetched is worked (the worker journals its `run` row at the first). */
  beforeItem(): Promise<void>;
  onRecord(record: BulkInvoiceRecord): void;
  now: () => Date;
}

/** What a pass did. */
export interface QueuePassReport {
  settled: number;
  requeued: number;
  /** Items fetched from pg-boss (0: nothing was ready, e.g. every job waits out its retry delay). */
  fetched: number;
}

/**
 * One pass of the engine-neutral loop (`runBulkWorker`) over a pg-boss queue, until pg-boss has
 * nothing to fetch or `stopSignal` aborts. The loop's own count of requeues starts afresh with each
 * pass, and a requeued invoice waits out its retry delay, so it comes back in a later pass (or to
 * another worker): the cap is kept from pg-boss's count instead. An invoice whose pg-boss job was
 * fetched `PG_BOSS_MAX_REQUEUES` times before gets its last attempt in a loop of its own with no
 * requeue left (`maxRequeues: 0`), in the slot of the loop that fetched it: a 429 then is journaled
 * `failed` and its pg-boss job completed, as the JSONL engine does after as many requeues.
 */
export async function runQueuePass(options: QueuePassOptions): Promise<QueuePassReport> {
  const source = createPgBossJobSource(options.db, options.queue, { batchSize: options.concurrency });
  const report: QueuePassReport = { settled: 0, requeued: 0, fetched: 0 };
  const common = {
    client: options.client,
    journal: options.journal,
    void: options.void,
    stopSignal: options.stopSignal,
    onRecord: options.onRecord,
    now: options.now,
  };
  const settle: NonNullable<BulkJobSource['settle']> = (item, result) => source.settle(item, result);

  async function lastAttempt(item: BulkWorkItem) {
    let given = false;
    const result = await runBulkWorker({
      ...common,
      source: {
        next: async () => {
          if (given) return undefined;
          given = true;
          return item;
        },
        settle,
      },
      concurrency: 1,
      maxRequeues: 0,
    });
    report.settled += result.settled;
    report.requeued += result.requeued;
  }

  const result = await runBulkWorker({
    ...common,
    source: {
      async next(signal) {
        for (;;) {
          const item = await source.next(signal);
          if (!item) return undefined;
          await options.beforeItem();
          if (source.fetchedBefore(item) < PG_BOSS_MAX_REQUEUES) return item;
          await lastAttempt(item);
        }
      },
      settle,
    },
    concurrency: options.concurrency,
    maxRequeues: PG_BOSS_MAX_REQUEUES,
  });
  await source.release();
  report.settled += result.settled;
  report.requeued += result.requeued;
  report.fetched = source.fetched;
  return report;
}
