import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConflictError,
  ConnectionError,
  createBillingClient,
  type Money,
  RateLimitError,
} from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { seededRandom } from '@billbridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkJournalStore } from '../src/bulk-engine.js';
import { bulkIdempotencyKey } from '../src/bulk-idempotency-key.js';
import { journalStates, readJsonlJournal } from '../src/jsonl-journal.js';
import { planBulkVoid } from '../src/plan-bulk-void.js';
import { runJsonlBulkVoid } from '../src/run-jsonl-bulk-void.js';
import { seedInvoiceMix, voidsPerInvoice } from './support/seed-invoice-mix.js';

class SimulatedCrash extends Error {}

/**
 * The journal of a process that dies at its `crashAt`-th write: before the write (the record is
 * lost) or after it (the record is on disk, nothing after it is), sometimes leaving half a line.
 * Every later write fails as well, so nothing more is journaled — as after a SIGKILL — while the
 * voids already sent still take effect at the provider.
 */
function dyingJournal(
  store: BulkJournalStore,
  path: string,
  crashAt: number,
  mode: 'before' | 'after' | 'torn',
): BulkJournalStore {
  let writes = 0;
  let dead = false;
  // Writes are in order in one process: the half line comes after every write already started.
  const started: Promise<void>[] = [];
  async function write<T>(record: T, append: (record: T) => Promise<void>) {
    if (dead) throw new SimulatedCrash('the process is gone');
    writes += 1;
    if (writes < crashAt) {
      const written = append(record);
      started.push(written.catch(() => undefined));
      return written;
    }
    dead = true;
    if (mode === 'after') await append(record);
    if (mode === 'torn') {
      await Promise.all(started);
      await appendFile(path, JSON.stringify(record).slice(0, 17));
    }
    throw new SimulatedCrash(`killed at write ${writes}`);
  }
  return {
    lookup: (invoiceId) => store.lookup(invoiceId),
    appendIntent: (intent) => write(intent, (record) => store.appendIntent(record)),
    appendOutcome: (outcome) => write(outcome, (record) => store.appendOutcome(record)),
  };
}

/** Credit the customers' ledgers got back from voids, per currency (`customers`: id → currency). */
function ledgerReturned(mix: ReturnType<typeof seedInvoiceMix>, customers: Map<string, string>): Money[] {
  const sums = new Map<string, number>();
  for (const [customerId, currency] of customers) {
    for (const entry of mix.provider.ledger(customerId)) {
      if (entry.reason !== 'returned_on_void') continue;
      sums.set(currency, (sums.get(currency) ?? 0) + entry.amount);
    }
  }
  return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ amount, currency }));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulk-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a bulk void killed at random points and resumed until done', () => {
  it('voids every voidable invoice exactly once, refuses the rest with their blockers, and returns what the plan said', async () => {
    const figures = { jobs: 0, kills: 0, resumes: 0, invoices: 0, voids: 0, torn: 0 };
    for (let seed = 1; seed <= 30; seed++) {
      const rand = seededRandom(seed);
      const flavor = seed % 3 === 0 ? 'chargebee' : 'stripe';
      const mix = seedInvoiceMix(40 + Math.floor(rand() * 40), flavor, {
        voidCreatesCreditNote: seed % 2 === 0,
      });
      const client = createBillingClient({
        provider: mix.provider,
        retry: { baseDelayMs: 0, maxDelayMs: 0 },
      });
      const plan = await planBulkVoid({ client, invoiceIds: mix.invoiceIds });
      const journalPath = join(dir, `job-${seed}.jsonl`);
      const jobId = `crash_${seed}`;
      let summary: Awaited<ReturnType<typeof runJsonlBulkVoid>>['summary'] | undefined;
      for (let run = 0; run < 60; run++) {
        // Faults the client retries with the same key (sent or not sent: it cannot know).
        if (rand() < 0.5) {
          const faults = [
            () => new RateLimitError({ message: '429', provider: 'memory', retryAfterMs: 0 }),
            () => new ConflictError({ message: 'lock', provider: 'memory' }),
            () => new ConnectionError({ message: 'reset', provider: 'memory' }),
          ];
          mix.provider.failNext('voidInvoice', faults[Math.floor(rand() * faults.length)]!, { times: 1 });
        }
        const crashes = run < 4 || rand() < 0.6;
        const mode = (['before', 'after', 'torn'] as const)[Math.floor(rand() * 3)]!;
        // Somewhere within the writes this run has left to make (two per invoice not done yet).
        const sofar = await readJsonlJournal(journalPath).catch(() => undefined);
        const done = new Set(
          sofar?.records.flatMap((r) => (r.type === 'outcome' && r.status !== 'failed' ? [r.invoiceId] : [])),
        );
        const crashAt = 1 + Math.floor(rand() * 2 * Math.max(1, mix.invoiceIds.length - done.size));
        try {
          const result = await runJsonlBulkVoid({
            client,
            invoiceIds: mix.invoiceIds,
            journalPath,
            jobId,
            account: 'memory:test',
            resume: true,
            // The simulated crash does not depend on fsync; without it 30 jobs take a second, not ten.
            journal: { durability: 'write' },
            concurrency: 1 + Math.floor(rand() * 6),
            ...(crashes ? { wrapJournal: (store) => dyingJournal(store, journalPath, crashAt, mode) } : {}),
          });
          if (run > 0) figures.resumes += 1;
          if (result.summary.pending === 0 && result.summary.failed === 0) {
            summary = result.summary;
            break;
          }
        } catch (error) {
          if (!(error instanceof SimulatedCrash)) throw error;
          if (run > 0) figures.resumes += 1;
          figures.kills += 1;
          if (mode === 'torn') figures.torn += 1;
        }
      }
      expect(summary, `seed ${seed}: the job never finished`).toBeDefined();
      figures.jobs += 1;
      figures.invoices += mix.invoiceIds.length;

      // Exactly once, per the provider's own call log; always with the job's key for that invoice.
      const voids = voidsPerInvoice(mix.provider);
      expect([...voids.keys()].sort(), `seed ${seed}`).toEqual([...mix.voidable].sort());
      for (const [invoiceId, count] of voids) {
        expect(count, `seed ${seed}: ${invoiceId}`).toBe(1);
        figures.voids += count;
      }
      for (const call of mix.provider.calls) {
        if (call.operation !== 'voidInvoice') continue;
        const invoiceId = (call.input as { invoiceId: string }).invoiceId;
        expect(call.idempotencyKey).toBe(bulkIdempotencyKey(jobId, invoiceId));
      }
      // The journal says the same: every voidable voided, every other refused with its blocker.
      const journal = await readJsonlJournal(journalPath);
      const finals = new Map<string, { status: string; blockers?: string[] }>();
      for (const record of journal!.records)
        if (record.type === 'outcome') finals.set(record.invoiceId, record);
      for (const invoiceId of mix.voidable) expect(finals.get(invoiceId)?.status).toBe('voided');
      for (const [invoiceId, blocker] of mix.blocked) {
        expect(finals.get(invoiceId), `seed ${seed}: ${invoiceId}`).toMatchObject({
          status: 'refused',
          blockers: [blocker],
        });
      }
      // Balances: the job's sum is the plan's, and is what the customers' ledgers got back.
      expect(summary!.balanceReturned, `seed ${seed}`).toEqual(plan.summary.balanceReturned);
      const invoices = await Promise.all(mix.invoiceIds.map((id) => client.getInvoice(id)));
      const customers = new Map(invoices.map((invoice) => [invoice.customerId, invoice.currency]));
      expect(ledgerReturned(mix, customers)).toEqual(plan.summary.balanceReturned);
      expect(summary!.creditNotes?.count ?? 0).toBe(plan.summary.creditNotes?.count ?? 0);
    }
    expect(figures.kills).toBeGreaterThanOrEqual(120);
    expect(figures.resumes).toBeGreaterThanOrEqual(figures.kills);
    expect(figures.torn).toBeGreaterThan(0);
    console.info(`crash test: ${JSON.stringify(figures)}`);
  }, 60_000);
});

/**
 * One open invoice of 1 000 (500 of credit applied) on a memory provider whose clock the test moves
 * (`advance`) and which keeps idempotency keys 30 minutes (Chargebee's retention), and a JSONL job
 * over it whose client retries once without waiting.
 */
function resumeFixture(journalName: string) {
  let clock = Date.parse('2026-03-01T00:00:00Z');
  const now = () => new Date(clock);
  const provider = createMemoryProvider({ now, limits: { idempotencyTtlMs: 30 * 60_000 } });
  const { customerId } = provider.createCustomer({ currency: 'usd', credit: 500 });
  const invoiceId = provider.finalizeInvoice(
    provider.createInvoice({ customerId, lines: [{ amount: 1000 }] }).id,
  ).id;
  const client = createBillingClient({ provider, retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 } });
  const journalPath = join(dir, journalName);
  const base = { client, invoiceIds: [invoiceId], journalPath, account: 'memory:test', now };
  return {
    provider,
    client,
    invoiceId,
    journalPath,
    base,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

// Until 2026-12-07 a resume that reconciled a void in doubt, and met a 429 (or a stop) on the
// reconciling void, journaled it "failed, not executed"; the next attempt then sent the void
// without reconciling, and once the provider had forgotten the key its `already_void` journaled the
// job's own void as someone else's (`refused`, its balance left out).
describe('a resume whose reconciling void is rate limited, after the provider forgot the key', () => {
  it('reconciles again on the next attempt: the job’s own void, with its balance', async () => {
    const { provider, client, invoiceId, journalPath, base, advance } = resumeFixture('reconcile-429.jsonl');
    // Run 1: the void takes effect, the process dies before its outcome is journaled.
    await expect(
      runJsonlBulkVoid({
        ...base,
        jobId: 'reconcile_429',
        wrapJournal: (journal) => ({
          ...journal,
          appendOutcome: async () => {
            throw new SimulatedCrash('SIGKILL');
          },
        }),
      }),
    ).rejects.toThrow('SIGKILL');
    expect((await client.getInvoice(invoiceId)).status).toBe('void');
    advance(31 * 60_000); // past the 30 minutes the provider keeps a key
    // Both attempts of the client's reconciling void are 429s: requeued, then tried again.
    provider.failNext('voidInvoice', new RateLimitError({ message: '429', provider: 'memory' }), {
      times: 2,
    });
    const resumed = await runJsonlBulkVoid({ ...base, resume: true });
    expect(resumed.summary).toMatchObject({ voided: 1, refused: 0, failed: 0, pending: 0 });
    expect(resumed.summary.balanceReturned).toEqual([{ amount: 500, currency: 'usd' }]);
    const states = [...journalStates((await readJsonlJournal(journalPath))!.records).values()];
    expect(states).toEqual([
      expect.objectContaining({
        state: 'done',
        outcome: expect.objectContaining({ status: 'voided', reconciled: true }),
      }),
    ]);
  });
});

// The review of the fix above: only a void sent to learn whose an earlier void was (the invoice
// read back void) keeps the doubt when it is not sent. One sent after the read found the invoice
// open did not, and the next attempt took someone else's later void for the job's.
describe('a resume whose read finds the invoice open and whose void is rate limited', () => {
  it('does not count a later void by someone else as the job’s', async () => {
    const { provider, invoiceId, journalPath, base, advance } = resumeFixture('reconcile-open-429.jsonl');
    // Run 1: the intent is journaled, the process dies before the void is sent.
    await expect(
      runJsonlBulkVoid({
        ...base,
        jobId: 'reconcile_open',
        wrapJournal: (journal) => ({
          ...journal,
          appendIntent: async (record) => {
            await journal.appendIntent(record);
            throw new SimulatedCrash('SIGKILL');
          },
        }),
      }),
    ).rejects.toThrow('SIGKILL');
    advance(40 * 60_000);
    // Run 2: the read finds it open; every void attempt is a 429 (20 requeues, then final).
    provider.failNext('voidInvoice', new RateLimitError({ message: '429', provider: 'memory' }), {
      times: 42,
    });
    await runJsonlBulkVoid({ ...base, resume: true });
    advance(5 * 60_000);
    await createBillingClient({ provider }).voidInvoice(invoiceId, { idempotencyKey: 'someone-else' });
    advance(5 * 60_000);
    const resumed = await runJsonlBulkVoid({ ...base, resume: true });
    expect(resumed.summary).toMatchObject({ voided: 0, refused: 1 });
    const states = journalStates((await readJsonlJournal(journalPath))!.records);
    expect(states.get(invoiceId)).toMatchObject({
      state: 'done',
      outcome: { status: 'refused', blockers: ['already_void'] },
    });
  });
});
