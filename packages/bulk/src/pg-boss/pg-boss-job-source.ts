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
  settle(item: BulkWorkItem, result: 'done' | 'requeue'): Promise<void>;
  /** Fetched items not handed out yet go back to the queue (`retry`, fetched again at once). */
  release(): Promise<void>;
  /** Items fetched from pg-boss so far (each fetch makes a job active). */
  readonly fetched: number;
  /**
   * How often the item's pg-boss job was fetched before this attempt (pg-boss's `retry_count`:
   * each requeue, expiry or release puts it back, and the next fetch counts it), 0 for an item not
   * handed out by this source.
   */
  fetchedBefore(item: BulkWorkItem): number;
}

/**
 * The invoices of one queue, fetched from pg-boss `batchSize` at a time and only when the loop has
 * room for one (so a job stays active for about as long as its void takes, well within its expiry).
 * `next` gives `undefined` when pg-boss has nothing to fetch. `settle` completes the pg-boss job
 * (`done`: its outcome is journaled) or fails it back into `retry` (`requeue`). A job fetched again
 * while this process still works it (it outlasted its expiry) is not handed out twice: it is the
 * same pg-boss job (same id), which the first attempt completes or retries.
 */
export function createPgBossJobSource(
  db: Pick<BulkDatabase, 'boss'>,
  queue: string,
  options: { batchSize: number },
): PgBossJobSource {
  const buffer: { item: BulkWorkItem; id: string; retries: number }[] = [];
  const inFlight = new Map<string, { id: string; retries: number }>();
  let fetched = 0;

  return {
    async next(signal) {
      while (!signal.aborted) {
        const ready = buffer.shift();
        if (ready) {
          if (inFlight.has(ready.item.invoiceId)) continue;
          inFlight.set(ready.item.invoiceId, { id: ready.id, retries: ready.retries });
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
            item: { invoiceId: job.data.invoiceId, idempotencyKey: job.data.idempotencyKey },
          });
        }
      }
      return undefined;
    },
    async settle(item, result) {
      const id = inFlight.get(item.invoiceId)?.id;
      if (id === undefined) return;
      inFlight.delete(item.invoiceId);
      if (result === 'done') await db.boss.complete(queue, id);
      else await db.boss.fail(queue, id, { requeued: true });
    },
    async release() {
      const ids = buffer.splice(0).map((entry) => entry.id);
      if (ids.length > 0) await db.boss.fail(queue, ids);
    },
    get fetched() {
      return fetched;
    },
    fetchedBefore(item) {
      return inFlight.get(item.invoiceId)?.retries ?? 0;
    },
  };
}
