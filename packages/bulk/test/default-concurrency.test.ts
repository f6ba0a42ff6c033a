import { type BillingProvider, createBillingClient } from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BulkJournalStore } from '../src/bulk-engine.js';
import { bulkIdempotencyKey } from '../src/bulk-idempotency-key.js';
import { defaultConcurrency, providerRate } from '../src/rate-defaults.js';
import { rateLimitProvider } from '../src/rate-limit-provider.js';
import { createTokenBucket } from '../src/rate-limiter.js';
import { createArrayJobSource, runBulkWorker } from '../src/run-bulk-worker.js';

describe('defaultConcurrency', () => {
  it('is the rate × 1 s, at least 4 and at most 32', () => {
    expect(defaultConcurrency(providerRate('stripe', 'test').defaultRate)).toBe(10);
    expect(defaultConcurrency(providerRate('stripe', 'live').defaultRate)).toBe(20);
    expect(defaultConcurrency(providerRate('chargebee', 'test').defaultRate)).toBe(4);
    expect(defaultConcurrency(providerRate('memory', 'test').defaultRate)).toBe(4);
    expect(defaultConcurrency(12.5)).toBe(13);
    expect(defaultConcurrency(400)).toBe(32);
  });
});

/** An in-memory journal: enough for the worker loop (no crash to survive here). */
function memoryJournal(): BulkJournalStore {
  return {
    lookup: async () => ({ state: 'new' }),
    appendIntent: async () => {},
    appendOutcome: async () => {},
  };
}

/**
 * The worker loop on a fake clock over a memory provider whose every void answers `latencyMs`
 * late: how long (fake time) `count` voids take at `rate` with `concurrency` workers, and the
 * most requests the provider had in flight at once.
 */
async function fakeRun(options: { count: number; rate: number; concurrency: number; latencyMs: number }) {
  const memory = createMemoryProvider({ flavor: 'stripe', idSeed: 3 });
  const ids = Array.from({ length: options.count }, () => {
    const customer = memory.createCustomer({ currency: 'usd' });
    const draft = memory.createInvoice({ customerId: customer.customerId, lines: [{ amount: 1000 }] });
    return memory.finalizeInvoice(draft.id).id;
  });
  let inFlight = 0;
  let peak = 0;
  const slow: BillingProvider = Object.assign(Object.create(memory) as BillingProvider, {
    doVoidInvoice: async (...args: Parameters<BillingProvider['doVoidInvoice']>) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      inFlight -= 1;
      return memory.doVoidInvoice(...args);
    },
  });
  const limiter = createTokenBucket({ rate: options.rate, concurrency: options.concurrency });
  const client = createBillingClient({ provider: rateLimitProvider(slow, limiter) });
  const started = Date.now();
  const run = runBulkWorker({
    client,
    source: createArrayJobSource(
      ids.map((id) => ({ invoiceId: id, idempotencyKey: bulkIdempotencyKey('fake', id) })),
    ),
    journal: memoryJournal(),
    void: { appliedBalance: 'return' },
    concurrency: options.concurrency,
  });
  await vi.runAllTimersAsync();
  const report = await run;
  return { report, elapsedMs: Date.now() - started, peak };
}

describe('the worker loop at a provider latency (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 2_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('with the default concurrency holds 20/s at 300 ms a void; 4 workers held only 4 / 0.3 s', async () => {
    const count = 100;
    const sized = await fakeRun({ count, rate: 20, concurrency: defaultConcurrency(20), latencyMs: 300 });
    expect(sized.report.settled).toBe(count);
    // 100 voids at 20/s: the last starts 4.95 s in (less the 0.1 s burst) and answers 0.3 s later.
    expect(sized.elapsedMs).toBeLessThanOrEqual(((count - 2) * 1000) / 20 + 300 + 10);
    // Little's law: 20/s × 0.3 s = 6 in flight, well under the 20 allowed.
    expect(sized.peak).toBeLessThanOrEqual(7);
    const four = await fakeRun({ count, rate: 20, concurrency: 4, latencyMs: 300 });
    expect(four.report.settled).toBe(count);
    expect(four.peak).toBe(4);
    // 4 at a time, 0.3 s each: at most 13.3/s, two thirds of the rate asked for.
    expect(four.elapsedMs).toBeGreaterThanOrEqual((count / 4) * 300 - 10);
    expect(count / (four.elapsedMs / 1000)).toBeLessThan(0.7 * 20);
  });
});
