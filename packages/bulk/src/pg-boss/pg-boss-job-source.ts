import type { BulkJobSource, BulkWorkItem } from '../bulk-engine.js';
import type { BulkDatabase } from './open-bulk-database.js';

/** The data of one pg-boss job of a bulk job (as `enqueuePgBossBulkVoid` writes it). */
interface BulkJobData {
  jobId: string;
  invoiceId: string;
  idempotencyKey: string;
}

/** A `BulkJobSource` over one pg-boss queue, and what is left to give back when its loop ends. */
export interface PgBossJobSource extends BulkJobSource {
  settle(item: BulkWorkItem, result: 'done' | 'requeue' | 'return'): Promise<void>;
  /**
   * Fetched items not handed out yet go back to the queue (`retry`, fetched again at once), as
   * returned: not counted by `fetchedBefore`.
   */
  release(): Promise<void>;
  /** Items fetched from pg-boss so far (each fetch makes a job active). */
  readonly fetched: number;
  /**
   * How often the item's pg-boss job was fetched before this attempt, less the times it went back
   * untried (`return`, `release`): pg-boss's `retry_count` (each requeue, expiry or release puts
   * it back, and the next fetch counts it) minus the job's own count of returns. 0 for an item not
   * handed out by this source.
   */
  fetchedBefore(item: BulkWorkItem): number;
}

/**
 * What a failed-back job carries in pg-boss's `output`: how often it went back untried. An expiry
 * (pg-boss's own timeout message) drops it, so a crash's refetch counts as before: never fewer.
 */
interface ReturnedOutput {
  requeued: true;
  returned: number;
}

function returnedOf(output: unknown): number {
  const returned = (output as Partial<ReturnedOutput> | null | undefined)?.returned;
  return Number.isSafeInteger(returned) && (returned as number) > 0 ? (returned as number) : 0;
}

/**
 * The invoices of one queue, fetched from pg-boss `batchSize` at a time and only when the loop has
 * room for one (so a job stays active for about as long as its void takes, well within its expiry).
 * `next` gives `undefined` when pg-boss has nothing to fetch. `settle` completes the pg-boss job
 * (`done`: its outcome is journaled) or fails it back into `retry` (`requeue`, or `return`: counted
 * as given back untried). A job fetched again
 * while this process still works it (it outlasted its expiry) is not handed out twice: it is the
 * same pg-boss job (same id), which the first attempt completes or retries.
 */
export function createPgBossJobSource(
  db: Pick<BulkDatabase, 'boss'>,
  queue: string,
  options: { batchSize: number },
): PgBossJobSource {
  const buffer: { item: BulkWorkItem; id: string; retries: number; returned: number }[] = [];
  const inFlight = new Map<string, { id: string; retries: number; returned: number }>();
  const failBack = (id: string, returned: number) =>
    db.boss.fail(queue, id, { requeued: true, returned } satisfies ReturnedOutput);
  let fetched = 0;

  return {
    async next(signal) {
      while (!signal.aborted) {
        const ready = buffer.shift();
        if (ready) {
          if (inFlight.has(ready.item.invoiceId)) continue;
          inFlight.set(ready.item.invoiceId, {
            id: ready.id,
            retries: ready.retries,
            returned: ready.returned,
          });
          return ready.item;
        }
        const jobs = await db.boss.fetch<BulkJobData>(queue, {
          batchSize: options.batchSize,
          includeMetadata: true,
        });
        if (jobs.length === 0) return undefined;
        fetched += jobs.length;
        for (const job of jobs) {
          buffer.push({
            id: job.id,
            retries: job.retryCount ?? 0,
            returned: returnedOf(job.output),
            item: { invoiceId: job.data.invoiceId, idempotencyKey: job.data.idempotencyKey },
          });
        }
      }
      return undefined;
    },
    async settle(item, result) {
      const held = inFlight.get(item.invoiceId);
      if (held === undefined) return;
      inFlight.delete(item.invoiceId);
      if (result === 'done') {
        // A void that outlasted the job's expiry: pg-boss put the job back (`retry`) and completes
        // only active jobs, so it would be fetched and reported again (as `skipped`). Its outcome is
        // journaled: cancel the job instead (until 2026-12-07 it came back once more).
        const completed = await db.boss.complete(queue, held.id);
        if ((completed as { affected?: unknown } | undefined)?.affected === 0) {
          await db.boss.cancel(queue, held.id);
        }
      } else await failBack(held.id, held.returned + (result === 'return' ? 1 : 0));
    },
    async release() {
      for (const entry of buffer.splice(0)) await failBack(entry.id, entry.returned + 1);
    },
    get fetched() {
      return fetched;
    },
    fetchedBefore(item) {
      const held = inFlight.get(item.invoiceId);
      return held === undefined ? 0 : Math.max(0, held.retries - held.returned);
    },
  };
}
