/**
 * A void the provider never answered (every attempt a 5xx), which the client reconciled by reading
 * the invoice back: the job counts it as its own only when the invoice was voided after the job
 * first meant to void it (less CLOCK_SKEW_MS). An invoice void before the job is `refused`
 * `already_void`, with no balance claimed (docs/cli.md: "An invoice that was void before the job
 * is never counted as voided by it"). Found by a review against the emulator on 2026-12-03.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBillingClient, ProviderUnavailableError } from '@billbridge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkInvoiceRecord } from '../src/bulk-records.js';
import { runJsonlBulkVoid } from '../src/run-jsonl-bulk-void.js';
import { seedInvoiceMix } from './support/seed-invoice-mix.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulk-unanswered-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every void attempt of the run fails with a 5xx; the client's reconciling read succeeds. */
function failEveryVoid(mix: ReturnType<typeof seedInvoiceMix>, effect: 'before' | 'after') {
  mix.provider.failNext(
    'voidInvoice',
    () => new ProviderUnavailableError({ message: '500', provider: 'memory' }),
    { effect, times: 3 },
  );
}

async function run(mix: ReturnType<typeof seedInvoiceMix>) {
  const client = createBillingClient({ provider: mix.provider, retry: { baseDelayMs: 0, maxDelayMs: 0 } });
  const records: BulkInvoiceRecord[] = [];
  const result = await runJsonlBulkVoid({
    client,
    invoiceIds: mix.invoiceIds.slice(0, 1),
    journalPath: join(dir, 'job.jsonl'),
    account: 'memory:test',
    onRecord: (record) => records.push(record),
  });
  return { result, records };
}

describe('a void the provider never answered', () => {
  it('is refused already_void when the invoice was voided two hours before the job', async () => {
    const mix = seedInvoiceMix(1);
    // The provider's clock follows the real time, as a real provider's does.
    mix.provider.clock.set(new Date(Date.now() - 2 * 60 * 60 * 1000));
    await createBillingClient({ provider: mix.provider }).voidInvoice(mix.invoiceIds[0]!);
    mix.provider.clock.set(new Date());
    failEveryVoid(mix, 'before');
    const { result, records } = await run(mix);
    expect(records).toEqual([
      { type: 'invoice', invoiceId: mix.invoiceIds[0], status: 'refused', blockers: ['already_void'] },
    ]);
    expect(result.summary).toMatchObject({ voided: 0, refused: 1, balanceReturned: [] });
  });

  it('is the job’s void when the invoice was voided during the job (the answer lost)', async () => {
    const mix = seedInvoiceMix(1);
    mix.provider.clock.set(new Date());
    failEveryVoid(mix, 'after');
    const { result, records } = await run(mix);
    expect(records).toEqual([
      {
        type: 'invoice',
        invoiceId: mix.invoiceIds[0],
        status: 'voided',
        balanceReturned: { amount: 100, currency: 'usd' },
        creditNote: null,
        reconciled: true,
      },
    ]);
    expect(result.summary).toMatchObject({ voided: 1, refused: 0 });
  });
});
