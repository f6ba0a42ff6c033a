import { AbortedError, createBillingClient, RateLimitError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import type { BulkJournalStore, BulkWorkItem } from '../src/bulk-engine.js';
import { runBulkWorker } from '../src/run-bulk-worker.js';
import { seedInvoiceMix } from './support/seed-invoice-mix.js';

/** A journal that remembers nothing: every item is new (what the loop does with it is the point). */
const forgetful: BulkJournalStore = {
  lookup: async () => ({ state: 'new' }),
  appendIntent: async () => {},
  appendOutcome: async () => {},
};

describe('runBulkWorker when its source fails', () => {
  it('stops every worker, not only the one whose next() threw (a pg-boss pass can throw there)', async () => {
    const mix = seedInvoiceMix(14);
    const items: BulkWorkItem[] = mix.voidable.map((invoiceId, index) => ({
      invoiceId,
      idempotencyKey: `source-error-${index}`,
    }));
    let calls = 0;
    const source = {
      async next() {
        calls += 1;
        if (calls === 2) throw new Error('the queue is gone');
        return items.shift();
      },
    };
    const client = createBillingClient({ provider: mix.provider });
    await expect(
      runBulkWorker({
        client,
        source,
        journal: forgetful,
        void: { appliedBalance: 'return' },
        concurrency: 2,
      }),
    ).rejects.toThrow('the queue is gone');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The other worker finished the one item it held and took no more.
    const voids = mix.provider.calls.filter((call) => call.operation === 'voidInvoice');
    expect(voids).toHaveLength(1);
  });

  // A source that caps an item's tries (pg-boss) must tell a 429's requeue from a give-back that
  // was none of the item's doing.
  it('gives back a void a stop caught waiting as returned, and a 429 requeue as requeued', async () => {
    const mix = seedInvoiceMix(3);
    const [limited, caught] = mix.voidable;
    const stop = new AbortController();
    const provider = Object.create(mix.provider) as typeof mix.provider;
    provider.doVoidInvoice = async (request) => {
      if (request.invoiceId === limited)
        throw new RateLimitError({ message: 'still 429', provider: 'memory' });
      stop.abort();
      throw new AbortedError({ message: 'stopped while waiting for its token', provider: 'memory' });
    };
    const items: BulkWorkItem[] = [limited!, caught!].map((invoiceId, index) => ({
      invoiceId,
      idempotencyKey: `settle-${index}`,
    }));
    const settled: [string, string][] = [];
    const report = await runBulkWorker({
      client: createBillingClient({ provider, retry: { maxAttempts: 1 } }),
      source: {
        next: async () => items.shift(),
        settle: async (item, result) => void settled.push([item.invoiceId, result]),
      },
      journal: forgetful,
      void: { appliedBalance: 'return' },
      concurrency: 1,
      stopSignal: stop.signal,
    });
    expect(settled).toEqual([
      [limited, 'requeue'],
      [caught, 'return'],
    ]);
    expect(report).toMatchObject({ requeued: 1, unfinished: 1, settled: 0 });
  });
});
