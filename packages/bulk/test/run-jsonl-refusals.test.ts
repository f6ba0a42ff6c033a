import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthenticationError,
  type BillingProvider,
  createBillingClient,
  PermissionError,
  ValidationError,
} from '@billbridge/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkWorkItem } from '../src/bulk-engine.js';
import { bulkIdempotencyKey } from '../src/bulk-idempotency-key.js';
import { journalStates, readJsonlJournal } from '../src/jsonl-journal.js';
import { runBulkWorker } from '../src/run-bulk-worker.js';
import { runJsonlBulkVoid } from '../src/run-jsonl-bulk-void.js';
import { seedInvoiceMix, voidsPerInvoice } from './support/seed-invoice-mix.js';

/**
 * What `runJsonlBulkVoid` refuses, and what it stops on: void options and concurrency the client
 * would refuse (before the journal exists), a resume of another account (the journal untouched),
 * and credentials the provider refuses (the run stops at the first refusal, nothing final journaled
 * for the refused invoices, so a later run does them).
 */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulk-refusals-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The mix's provider, refusing every void with a 401 while `keys.refused` is set (as with a revoked key). */
function withKeys(mix: ReturnType<typeof seedInvoiceMix>) {
  const keys = { refused: false };
  const provider: BillingProvider = Object.create(mix.provider);
  provider.doVoidInvoice = (...args) => {
    if (keys.refused) {
      return Promise.reject(
        new AuthenticationError({ message: 'Invalid API Key provided', provider: 'memory' }),
      );
    }
    return mix.provider.doVoidInvoice(...args);
  };
  return { keys, client: createBillingClient({ provider }) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('it did not reject');
}

describe('runJsonlBulkVoid refuses before the journal is written', () => {
  it.each([
    [{ reasonCode: '' }, 'void.reasonCode must not be empty'],
    [{ comment: 'x'.repeat(301) }, 'void.comment must be at most 300 characters'],
    [{ comment: '' }, 'void.comment must not be empty'],
  ])('void options %j: a ValidationError naming the option, no journal', async (options, message) => {
    const mix = seedInvoiceMix(3);
    const journalPath = join(dir, 'job.jsonl');
    const error = await rejection(
      runJsonlBulkVoid({
        client: createBillingClient({ provider: mix.provider }),
        invoiceIds: mix.invoiceIds,
        journalPath,
        account: 'memory:test',
        void: options,
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(message);
    await expect(stat(journalPath)).rejects.toThrow(/ENOENT/);
    expect(mix.provider.calls).toEqual([]);
  });

  it('a concurrency of 0: a ValidationError, no journal', async () => {
    const mix = seedInvoiceMix(3);
    const journalPath = join(dir, 'job.jsonl');
    const run = runJsonlBulkVoid({
      client: createBillingClient({ provider: mix.provider }),
      invoiceIds: mix.invoiceIds,
      journalPath,
      account: 'memory:test',
      concurrency: 0,
    });
    await expect(run).rejects.toThrow(/concurrency must be a positive integer/);
    await expect(stat(journalPath)).rejects.toThrow(/ENOENT/);
  });

  it('a resume refused (another account) leaves the journal byte for byte, its torn last line included', async () => {
    const mix = seedInvoiceMix(4);
    const client = createBillingClient({ provider: mix.provider });
    const journalPath = join(dir, 'job.jsonl');
    const base = { client, invoiceIds: mix.invoiceIds, journalPath, account: 'memory:test' };
    await runJsonlBulkVoid(base);
    await appendFile(journalPath, Buffer.from([0x7b, 0x22, 0x74, 0xe2, 0x80]));
    const before = await readFile(journalPath);
    await expect(runJsonlBulkVoid({ ...base, resume: true, account: 'memory:other' })).rejects.toThrow(
      /account the journal's job ran against memory:test/,
    );
    expect((await readFile(journalPath)).equals(before)).toBe(true);
  });

  // Journals written before 2026-12-07 kept --api-base as typed; the CLI now writes its origin.
  it('resumes a journal whose account names the same base URL spelled otherwise, and no other', async () => {
    const mix = seedInvoiceMix(2);
    const client = createBillingClient({ provider: mix.provider });
    const journalPath = join(dir, 'spelled.jsonl');
    const base = { client, invoiceIds: mix.invoiceIds, journalPath };
    await runJsonlBulkVoid({ ...base, account: 'stripe:test:d43ba757@http://127.0.0.1:12111/' });
    const resumed = await runJsonlBulkVoid({
      ...base,
      resume: true,
      account: 'stripe:test:d43ba757@http://127.0.0.1:12111',
    });
    expect(resumed.summary.total).toBe(2);
    await expect(
      runJsonlBulkVoid({ ...base, resume: true, account: 'stripe:test:d43ba757@http://127.0.0.1:12112' }),
    ).rejects.toThrow(/ran against/);
  });
});

describe('refused credentials stop the run at the first refusal', () => {
  it('a new job: at most --concurrency voids go out, none journaled final, the journal removed; the fixed run voids everything once', async () => {
    const mix = seedInvoiceMix(30);
    const { keys, client } = withKeys(mix);
    keys.refused = true;
    const journalPath = join(dir, 'job.jsonl');
    const notices: string[] = [];
    const intents: string[] = [];
    const base = {
      client,
      invoiceIds: mix.invoiceIds,
      journalPath,
      account: 'memory:test',
      jobId: 'job_keys',
      concurrency: 3,
    };
    const error = await rejection(
      runJsonlBulkVoid({
        ...base,
        onNotice: (message) => notices.push(message),
        wrapJournal: (journal) => ({
          ...journal,
          appendIntent: (intent) => {
            intents.push(intent.invoiceId);
            return journal.appendIntent(intent);
          },
        }),
      }),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^memory refused the credentials \(authentication_failed, HTTP 401\) at \S+: the run stopped there/,
    );
    expect(intents.length).toBeGreaterThan(0);
    expect(intents.length).toBeLessThanOrEqual(3);
    expect(voidsPerInvoice(mix.provider).size).toBe(0);
    await expect(stat(journalPath)).rejects.toThrow(/ENOENT/);
    expect(notices.at(-1)).toContain(`removed the journal ${journalPath}`);

    keys.refused = false;
    const fixed = await runJsonlBulkVoid(base);
    expect(fixed.summary).toMatchObject({ voided: mix.voidable.length, failed: 0, pending: 0 });
    expect([...voidsPerInvoice(mix.provider).values()]).toEqual(Array(mix.voidable.length).fill(1));
  });

  it('refused mid-run: what was voided stays journaled, the refused invoice is not final, and --resume does it', async () => {
    const mix = seedInvoiceMix(14);
    const { keys, client } = withKeys(mix);
    const journalPath = join(dir, 'job.jsonl');
    const base = { client, invoiceIds: mix.invoiceIds, journalPath, account: 'memory:test', concurrency: 1 };
    let voided = 0;
    const error = await rejection(
      runJsonlBulkVoid({
        ...base,
        onRecord: (record) => {
          // The key is revoked after the third void.
          if (record.status === 'voided' && ++voided === 3) keys.refused = true;
        },
      }),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    const journal = (await readJsonlJournal(journalPath))!;
    const outcomes = journal.records.filter((record) => record.type === 'outcome');
    const refused = outcomes.filter((record) => record.error?.code === 'authentication_failed');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.error?.outcome).toBe('not_executed');
    expect(journalStates(journal.records).get(refused[0]!.invoiceId)?.state).toBe('failed');
    expect(journal.records.at(-1)).toMatchObject({ type: 'stop', reason: 'interrupted' });
    expect(voidsPerInvoice(mix.provider).size).toBe(3);

    keys.refused = false;
    const resumed = await runJsonlBulkVoid({ ...base, resume: true });
    expect(resumed.summary).toMatchObject({ voided: mix.voidable.length, failed: 0, pending: 0 });
    expect(voidsPerInvoice(mix.provider).get(refused[0]!.invoiceId)).toBe(1);
    expect([...voidsPerInvoice(mix.provider).values()]).toEqual(Array(mix.voidable.length).fill(1));
  });

  it('runBulkWorker (shared with the pg-boss engine) gives the refused item back instead of settling it', async () => {
    const mix = seedInvoiceMix(7);
    mix.provider.failNext(
      'voidInvoice',
      () => new PermissionError({ message: 'not allowed', provider: 'memory' }),
      { times: 1000 },
    );
    const items: BulkWorkItem[] = mix.voidable.map((invoiceId) => ({
      invoiceId,
      idempotencyKey: bulkIdempotencyKey('job_perm', invoiceId),
    }));
    const settled: string[] = [];
    const records: unknown[] = [];
    const states = new Map();
    const run = runBulkWorker({
      client: createBillingClient({ provider: mix.provider }),
      source: {
        next: async () => items.shift(),
        settle: async (item, result) => {
          settled.push(`${item.invoiceId} ${result}`);
        },
      },
      journal: {
        lookup: async (id) => states.get(id) ?? { state: 'new' },
        appendIntent: async () => {},
        appendOutcome: async () => {},
      },
      void: { appliedBalance: 'return' },
      concurrency: 1,
      onRecord: (record) => records.push(record),
    });
    await expect(run).rejects.toThrow(/permission_denied, HTTP 403/);
    // Given back untried (`return`): refused credentials are none of the invoice's doing, so a
    // source that caps tries (pg-boss) does not count them.
    expect(settled).toEqual([`${mix.voidable[0]} return`]);
    expect(records).toEqual([]);
    expect(items).toHaveLength(mix.voidable.length - 1);
  });
});
