import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortedError,
  type BillingProvider,
  ConnectionError,
  createBillingClient,
  RateLimitError,
  ValidationError,
} from '@billbridge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulkIdempotencyKey } from '../src/bulk-idempotency-key.js';
import type { BulkInvoiceRecord } from '../src/bulk-records.js';
import { readJsonlJournal } from '../src/jsonl-journal.js';
import { planBulkVoid } from '../src/plan-bulk-void.js';
import { rateLimitProvider } from '../src/rate-limit-provider.js';
import { createTokenBucket } from '../src/rate-limiter.js';
import { runJsonlBulkVoid } from '../src/run-jsonl-bulk-void.js';
import { seedInvoiceMix, voidsPerInvoice } from './support/seed-invoice-mix.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulk-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noRetryWait = { baseDelayMs: 0, maxDelayMs: 0 };

/**
 * The next three voids fail with a connection error (`before` or `after` they took effect) and the
 * client's own reconciling reads fail too, so the run journals a failure of unknown outcome.
 */
function loseEveryAnswer(mix: ReturnType<typeof seedInvoiceMix>, effect: 'before' | 'after') {
  mix.provider.failNext(
    'voidInvoice',
    new ConnectionError({ message: 'socket hang up', provider: 'memory' }),
    {
      effect,
      times: 3,
    },
  );
  mix.provider.failNext('getInvoice', new ConnectionError({ message: 'down', provider: 'memory' }), {
    times: 3,
  });
}

/** `runJsonlBulkVoid` options of a job over the mix, journaled in `dir`, with `resume`. */
function resumable(client: ReturnType<typeof createBillingClient>, mix: ReturnType<typeof seedInvoiceMix>) {
  return {
    client,
    invoiceIds: mix.invoiceIds,
    journalPath: join(dir, 'job.jsonl'),
    account: 'memory:test',
    resume: true,
  };
}

describe('runJsonlBulkVoid over the memory provider', () => {
  it('voids every voidable invoice once, journals intent before outcome, and sums the balance', async () => {
    const mix = seedInvoiceMix(28);
    const client = createBillingClient({ provider: mix.provider });
    const records: BulkInvoiceRecord[] = [];
    const journalPath = join(dir, 'job.jsonl');
    const result = await runJsonlBulkVoid({
      client,
      invoiceIds: mix.invoiceIds,
      journalPath,
      account: 'memory:test',
      jobId: 'job_1',
      void: { reasonCode: 'duplicate' },
      onRecord: (record) => records.push(record),
    });
    expect(result.interrupted).toBe(false);
    expect(result.summary).toMatchObject({
      type: 'summary',
      jobId: 'job_1',
      total: 28,
      voided: mix.voidable.length,
      refused: mix.blocked.size,
      failed: 0,
      pending: 0,
    });
    expect(result.summary.skipped).toBeUndefined();
    expect([...voidsPerInvoice(mix.provider).keys()].sort()).toEqual([...mix.voidable].sort());
    for (const count of voidsPerInvoice(mix.provider).values()) expect(count).toBe(1);
    const refused = records.filter((record) => record.status === 'refused');
    expect(new Map(refused.map((record) => [record.invoiceId, record.blockers?.[0]]))).toEqual(mix.blocked);
    // The balance the voids returned is what the customers got back, per currency.
    const plan = await planBulkVoid({
      client: createBillingClient({ provider: seedInvoiceMix(28).provider }),
      invoiceIds: mix.invoiceIds,
    });
    expect(result.summary.balanceReturned).toEqual(plan.summary.balanceReturned);
    expect(result.summary.balanceReturned.length).toBe(2);

    const journal = await readJsonlJournal(journalPath);
    const lines = journal!.records;
    expect(lines[0]).toMatchObject({
      type: 'job',
      jobId: 'job_1',
      void: { appliedBalance: 'return', reasonCode: 'duplicate' },
    });
    for (const invoiceId of mix.invoiceIds) {
      const intent = lines.findIndex((line) => line.type === 'intent' && line.invoiceId === invoiceId);
      const outcome = lines.findIndex((line) => line.type === 'outcome' && line.invoiceId === invoiceId);
      expect(intent).toBeGreaterThan(0);
      expect(outcome).toBeGreaterThan(intent);
      expect(lines[intent]).toMatchObject({ idempotencyKey: bulkIdempotencyKey('job_1', invoiceId) });
    }
    // Every void carried the job's key for that invoice.
    const keys = mix.provider.calls
      .filter((call) => call.operation === 'voidInvoice')
      .map((call) => call.idempotencyKey);
    expect(keys.every((key) => key?.startsWith('bb_job_1_'))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'stop', reason: 'finished' });
  });

  it('refuses to start over an existing journal, and resume checks input, account and options', async () => {
    const mix = seedInvoiceMix(7);
    const client = createBillingClient({ provider: mix.provider });
    const journalPath = join(dir, 'job.jsonl');
    const base = { client, invoiceIds: mix.invoiceIds, journalPath, account: 'memory:test' };
    await runJsonlBulkVoid(base);
    await expect(runJsonlBulkVoid(base)).rejects.toThrow(/already exists: pass --resume/);
    const mismatch = await runJsonlBulkVoid({
      ...base,
      resume: true,
      invoiceIds: mix.invoiceIds.slice(1),
      account: 'stripe:live',
      void: { comment: 'other' },
    }).catch((error: unknown) => error);
    expect(ValidationError.isInstance(mismatch)).toBe(true);
    expect((mismatch as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'account',
      'input',
      'void',
    ]);
  });

  it('resume with no journal starts the job and says so; done items are skipped on the next resume', async () => {
    const mix = seedInvoiceMix(7);
    const client = createBillingClient({ provider: mix.provider });
    const journalPath = join(dir, 'job.jsonl');
    const notices: string[] = [];
    const base = { client, invoiceIds: mix.invoiceIds, journalPath, account: 'memory:test', resume: true };
    const first = await runJsonlBulkVoid({ ...base, onNotice: (message) => notices.push(message) });
    expect(notices).toEqual([`no journal at ${journalPath} yet: starting the job`]);
    const callsBefore = mix.provider.calls.length;
    const records: BulkInvoiceRecord[] = [];
    const second = await runJsonlBulkVoid({ ...base, onRecord: (record) => records.push(record) });
    expect(mix.provider.calls.length).toBe(callsBefore);
    expect(records.every((record) => record.status === 'skipped')).toBe(true);
    expect(second.summary).toEqual({ ...first.summary, skipped: 7 });
  });

  it('reconciles a void whose answer was lost by reading the invoice, and never voids it again', async () => {
    const mix = seedInvoiceMix(1);
    loseEveryAnswer(mix, 'after');
    const client = createBillingClient({ provider: mix.provider, retry: noRetryWait });
    const base = resumable(client, mix);
    const first = await runJsonlBulkVoid(base);
    expect(first.summary).toMatchObject({ voided: 0, failed: 1 });
    const records: BulkInvoiceRecord[] = [];
    const voidCallsBefore = mix.provider.calls.filter((call) => call.operation === 'voidInvoice').length;
    const second = await runJsonlBulkVoid({ ...base, onRecord: (record) => records.push(record) });
    expect(second.summary).toMatchObject({ voided: 1, failed: 0 });
    expect(records).toEqual([
      {
        type: 'invoice',
        invoiceId: mix.invoiceIds[0],
        status: 'voided',
        balanceReturned: { amount: 100, currency: 'usd' },
        creditNote: null,
        reconciled: true,
        replayed: true,
      },
    ]);
    // The second run read the invoice (void) and asked again with the same key: the provider
    // answered from its idempotency record, so the first void (whose answer was lost) is the one.
    const later = mix.provider.calls
      .filter((call) => call.operation === 'voidInvoice')
      .slice(voidCallsBefore);
    expect(later.map((call) => call.outcome)).toEqual(['replayed']);
    expect((await client.getInvoice(mix.invoiceIds[0]!)).status).toBe('void');
  });

  it('an invoice someone voided just before the job, with the answer lost: refused already_void, not counted (the emulator crash test found it)', async () => {
    const mix = seedInvoiceMix(1);
    const client = createBillingClient({ provider: mix.provider, retry: noRetryWait });
    // Voided by someone else a moment before the job (well within CLOCK_SKEW_MS): the provider's
    // clock is set to now, as a real provider's is.
    mix.provider.clock.set(new Date(Date.now() - 5_000));
    await client.voidInvoice(mix.invoiceIds[0]!);
    // The job's void never reaches the provider, and the client's reconciling read fails: in doubt.
    loseEveryAnswer(mix, 'before');
    const base = resumable(client, mix);
    expect((await runJsonlBulkVoid(base)).summary).toMatchObject({ voided: 0, failed: 1 });
    const second = await runJsonlBulkVoid(base);
    // The same key was refused already_void: had the job's void happened, it would have been replayed.
    expect(second.summary).toMatchObject({ voided: 0, refused: 1, failed: 0, balanceReturned: [] });
    expect(second.summary.blocked).toEqual({ already_void: 1 });
  });

  it('puts a rate-limited item back and finishes it once the limiter lets it through', async () => {
    const mix = seedInvoiceMix(3);
    mix.provider.failNext(
      'voidInvoice',
      new RateLimitError({ message: '429', provider: 'memory', retryAfterMs: 5 }),
      {
        times: 4,
      },
    );
    const limiter = createTokenBucket({ rate: 1000, defaultRetryAfterMs: 5 });
    const client = createBillingClient({
      provider: rateLimitProvider(mix.provider, limiter),
      retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 50 },
    });
    const result = await runJsonlBulkVoid({
      client,
      invoiceIds: mix.invoiceIds,
      journalPath: join(dir, 'job.jsonl'),
      account: 'memory:test',
      concurrency: 1,
    });
    expect(result.summary).toMatchObject({ voided: 2, refused: 1, failed: 0 });
    expect(limiter.state().rateLimited).toBe(4);
  });

  it('stops taking items when told to, finishes and journals the ones in flight, and reports pending', async () => {
    const mix = seedInvoiceMix(20);
    const client = createBillingClient({ provider: mix.provider });
    const stop = new AbortController();
    const records: BulkInvoiceRecord[] = [];
    const journalPath = join(dir, 'job.jsonl');
    const result = await runJsonlBulkVoid({
      client,
      invoiceIds: mix.invoiceIds,
      journalPath,
      account: 'memory:test',
      concurrency: 2,
      stopSignal: stop.signal,
      onRecord: (record) => {
        records.push(record);
        if (records.length === 5) stop.abort();
      },
    });
    expect(result.interrupted).toBe(true);
    const settled = result.summary.voided + result.summary.refused;
    // The two in flight when the stop came finish: at most one more than the five seen.
    expect(settled).toBeGreaterThanOrEqual(5);
    expect(settled).toBeLessThanOrEqual(6);
    expect(result.summary.pending).toBe(20 - settled);
    const journal = await readJsonlJournal(journalPath);
    const intents = journal!.records.filter((record) => record.type === 'intent').length;
    const outcomes = journal!.records.filter((record) => record.type === 'outcome').length;
    expect(intents).toBe(outcomes);
    expect(journal!.records.at(-1)).toMatchObject({ type: 'stop', reason: 'interrupted' });
    const text = await readFile(journalPath, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
  });
});

/** `count` invoices behind a limiter of one token per 100 ms whose waits `stop` cuts short. */
function pacedAndStoppable(count: number) {
  const mix = seedInvoiceMix(count);
  const stop = new AbortController();
  const limiter = createTokenBucket({ rate: 10, concurrency: count, burst: 1 });
  const client = createBillingClient({
    provider: rateLimitProvider(mix.provider, limiter, { stopSignal: stop.signal }),
    retry: noRetryWait,
  });
  return { mix, stop, client, limiter };
}

describe('a stop while voids wait for the rate limit', () => {
  // Until 2026-12-07 an invoice put back after a 429 and still queued at the stop counted as
  // failed: the run said "finished", exit 1, and no --resume hint, with 19 requeues left.
  it('counts an invoice requeued after a 429 and not tried again before the stop as pending', async () => {
    const mix = seedInvoiceMix(2);
    const [limited, other] = mix.voidable;
    expect(other).toBeDefined();
    mix.provider.failNext('voidInvoice', new RateLimitError({ message: '429', provider: 'memory' }), {
      times: 2,
    });
    const stop = new AbortController();
    const result = await runJsonlBulkVoid({
      client: createBillingClient({ provider: mix.provider, retry: { ...noRetryWait, maxAttempts: 2 } }),
      invoiceIds: [limited!, other!],
      journalPath: join(dir, 'requeued-at-stop.jsonl'),
      account: 'memory:test',
      concurrency: 1,
      stopSignal: stop.signal,
      onRecord: () => stop.abort(),
    });
    expect(result.interrupted).toBe(true);
    expect(result.summary).toMatchObject({ voided: 1, failed: 0, pending: 1 });
    const journal = await readJsonlJournal(join(dir, 'requeued-at-stop.jsonl'));
    expect(journal!.records.at(-1)).toMatchObject({ type: 'stop', reason: 'interrupted' });
  });

  // docs/cli.md: Ctrl-C "stops taking new invoices, lets the calls in flight finish". A void whose
  // intent was journaled but which still waited for its token was sent all the same, one token at
  // a time (12 voids at --rate 1 --concurrency 10 after a Ctrl-C, and the run said "finished").
  it('sends none of the waiting voids, reports them pending, and a resume voids each exactly once', async () => {
    const { mix, stop, client } = pacedAndStoppable(12);
    const journalPath = join(dir, 'job.jsonl');
    const sent = () => mix.provider.calls.filter((call) => call.operation === 'voidInvoice').length;
    const result = await runJsonlBulkVoid({
      client,
      invoiceIds: mix.invoiceIds,
      journalPath,
      account: 'memory:test',
      concurrency: 10,
      stopSignal: stop.signal,
      onRecord: () => stop.abort(),
    });
    // The first void answered, then the stop: the others were waiting for a token (one per 100 ms).
    expect(sent()).toBeLessThanOrEqual(2);
    expect(result.interrupted).toBe(true);
    const settled = result.summary.voided + result.summary.refused + result.summary.failed;
    expect(settled).toBe(sent());
    expect(result.summary.pending).toBe(12 - settled);
    const journal = await readJsonlJournal(journalPath);
    expect(journal!.records.at(-1)).toMatchObject({ type: 'stop', reason: 'interrupted' });
    // Journaled as not sent (an intent alone would read as a crash whose void may have gone out).
    const notSent = journal!.records.filter(
      (record) => record.type === 'outcome' && record.error?.code === 'aborted',
    );
    // Ten workers took ten invoices; the other two were never taken (pending, nothing journaled).
    expect(notSent).toHaveLength(10 - settled);
    expect(
      notSent.every((record) => record.type === 'outcome' && record.error?.outcome === 'not_executed'),
    ).toBe(true);

    const resumed = await runJsonlBulkVoid({
      client: createBillingClient({ provider: mix.provider }),
      invoiceIds: mix.invoiceIds,
      journalPath,
      account: 'memory:test',
      resume: true,
    });
    expect(resumed.interrupted).toBe(false);
    expect(resumed.summary.pending).toBe(0);
    expect(resumed.summary.voided + resumed.summary.refused).toBe(12);
    for (const [invoiceId, count] of voidsPerInvoice(mix.provider)) expect(count, invoiceId).toBe(1);
    expect([...voidsPerInvoice(mix.provider).keys()].sort()).toEqual([...mix.voidable].sort());
  });

  // Review: the stopped void left only its intent, so a resume past the key's retention counted a
  // void someone else made in between as the job's (voided, reconciled, the balance "returned").
  it('an invoice someone else voids after the stop is refused already_void on resume, even much later', async () => {
    const { mix, stop, client } = pacedAndStoppable(6);
    const journalPath = join(dir, 'job.jsonl');
    // The job's clock a minute before the memory provider's (2026-01-01): the other void comes after
    // the job's intent, and the resume is past the key's 30-minute retention.
    const first = await runJsonlBulkVoid({
      client,
      invoiceIds: mix.invoiceIds,
      journalPath,
      account: 'memory:test',
      concurrency: 6,
      stopSignal: stop.signal,
      onRecord: () => stop.abort(),
      now: () => new Date('2025-12-31T23:59:00Z'),
    });
    expect(first.interrupted).toBe(true);
    const caught = mix.invoiceIds.filter(
      (id) => !voidsPerInvoice(mix.provider).has(id) && mix.voidable.includes(id),
    );
    expect(caught.length).toBeGreaterThan(0);
    const someoneElse = createBillingClient({ provider: mix.provider });
    for (const id of caught) await someoneElse.voidInvoice(id);
    const later = new Date('2026-01-01T00:31:00Z');
    const records: BulkInvoiceRecord[] = [];
    await runJsonlBulkVoid({
      client: createBillingClient({ provider: mix.provider }),
      invoiceIds: mix.invoiceIds,
      journalPath,
      account: 'memory:test',
      resume: true,
      now: () => later,
      onRecord: (record) => records.push(record),
    });
    for (const id of caught) {
      expect(records.find((record) => record.invoiceId === id)).toMatchObject({
        status: 'refused',
        blockers: ['already_void'],
      });
    }
  });

  // Review: a stop cut short the retry after a lost answer, so a void that happened was journaled
  // "not sent" and the run said finished. The retry is not stoppable: it learns from the key.
  it('a retry after a lost answer is sent despite the stop: the void that happened is voided, replayed', async () => {
    const mix = seedInvoiceMix(1);
    mix.provider.failNext(
      'voidInvoice',
      new ConnectionError({ message: 'socket hang up', provider: 'memory' }),
      {
        effect: 'after',
      },
    );
    // The stop comes right after the first attempt's answer is lost, while the retry waits its turn.
    const stop = new AbortController();
    const watched: BillingProvider = Object.create(mix.provider);
    watched.doVoidInvoice = (request, context) =>
      mix.provider.doVoidInvoice(request, context).catch((error: unknown) => {
        stop.abort();
        throw error;
      });
    const limiter = createTokenBucket({ rate: 10, concurrency: 1, burst: 1 });
    const client = createBillingClient({
      provider: rateLimitProvider(watched, limiter, { stopSignal: stop.signal }),
      retry: noRetryWait,
    });
    const records: BulkInvoiceRecord[] = [];
    const result = await runJsonlBulkVoid({
      client,
      invoiceIds: mix.invoiceIds,
      journalPath: join(dir, 'job.jsonl'),
      account: 'memory:test',
      stopSignal: stop.signal,
      onRecord: (record) => records.push(record),
    });
    expect(stop.signal.aborted).toBe(true);
    expect(records).toEqual([expect.objectContaining({ status: 'voided', replayed: true })]);
    expect(result.summary).toMatchObject({ voided: 1, failed: 0, pending: 0 });
    const invoice = await createBillingClient({ provider: mix.provider }).getInvoice(mix.invoiceIds[0]!);
    expect(invoice.status).toBe('void');
    expect(mix.provider.calls.filter((call) => call.operation === 'voidInvoice')).toHaveLength(2);
  });

  it("a stop cuts short only a void's first attempt and checkVoidable; reads and retries wait their turn", async () => {
    const mix = seedInvoiceMix(2);
    const stop = new AbortController();
    const limiter = createTokenBucket({ rate: 10, concurrency: 10, burst: 1 });
    const paced = rateLimitProvider(mix.provider, limiter, { stopSignal: stop.signal });
    const [id] = mix.voidable as [string];
    await paced.doGetInvoice(id, { attempt: 1 }); // takes the one token: the rest wait
    const calls = {
      firstVoid: paced.doVoidInvoice(
        { invoiceId: id, appliedBalance: 'return' },
        { attempt: 1, idempotencyKey: 'k1' },
      ),
      check: paced.doCheckVoidable(id, { attempt: 1 }),
      read: paced.doGetInvoice(id, { attempt: 1 }),
      notes: paced.doListCreditNotes({ invoiceId: id }, { attempt: 1 }),
      retry: paced.doVoidInvoice(
        { invoiceId: id, appliedBalance: 'return' },
        { attempt: 2, idempotencyKey: 'k2' },
      ),
    };
    stop.abort();
    const settled = Object.fromEntries(
      await Promise.all(
        Object.entries(calls).map(async ([name, call]) => [
          name,
          await call.then(
            () => 'sent',
            (error: unknown) => (AbortedError.isInstance(error) ? `aborted ${error.outcome}` : String(error)),
          ),
        ]),
      ),
    );
    expect(settled).toEqual({
      firstVoid: 'aborted not_executed',
      check: 'aborted not_executed',
      read: 'sent',
      notes: 'sent',
      retry: 'sent',
    });
  });

  it('a dry run stopped while reads wait leaves them out of the plan instead of reporting failures', async () => {
    const { mix, stop, client } = pacedAndStoppable(8);
    const plan = await planBulkVoid({
      client,
      invoiceIds: mix.invoiceIds,
      concurrency: 8,
      stopSignal: stop.signal,
      onRecord: () => stop.abort(),
    });
    expect(plan.records.length).toBeLessThanOrEqual(2);
    expect(plan.records.every((record) => record.status !== 'failed')).toBe(true);
    expect(plan.summary.interrupted).toBe(true);
  });
});

describe('planBulkVoid', () => {
  it('names voidable invoices, blockers, the balance to return per currency and the credit notes to expect', async () => {
    const mix = seedInvoiceMix(14, 'chargebee', { voidCreatesCreditNote: true });
    const plan = await planBulkVoid({
      client: createBillingClient({ provider: mix.provider }),
      invoiceIds: mix.invoiceIds,
    });
    expect(mix.provider.calls.every((call) => call.operation === 'checkVoidable')).toBe(true);
    expect(plan.records.map((record) => record.invoiceId)).toEqual(mix.invoiceIds);
    expect(plan.summary).toMatchObject({
      total: 14,
      voidable: mix.voidable.length,
      refused: mix.blocked.size,
      blocked: { paid: 2, draft: 2, already_void: 2, has_payments: 2 },
    });
    // Balance: customers 0 and 1 of each 7 had 100 + index credit applied (usd on even, eur on odd).
    expect(plan.summary.balanceReturned).toEqual([
      { amount: 101 + 107, currency: 'eur' },
      { amount: 100 + 108, currency: 'usd' },
    ]);
    const voidable = plan.records.filter((record) => record.status === 'voidable');
    expect(voidable.every((record) => record.creditNote && record.creditNote.id === null)).toBe(true);
    expect(plan.summary.creditNotes?.count).toBe(voidable.length);
  });
});
