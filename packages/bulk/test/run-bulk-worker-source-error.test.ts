import { createBillingClient } from '@billbridge/core';
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
});
