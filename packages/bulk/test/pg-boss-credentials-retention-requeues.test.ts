import { join } from 'node:path';
import { type BillingClient, createBillingClient, PermissionError, RateLimitError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import type { PostgresServer } from '../../../test/support/postgres-server.js';
import type { BulkInvoiceRecord } from '../src/bulk-records.js';
import { journalStates } from '../src/jsonl-journal.js';
import {
  BULK_SCHEMA,
  type BulkDatabase,
  bulkQueueName,
  enqueuePgBossBulkVoid,
  PG_BOSS_JOB_RETENTION_DAYS,
  type PgBossWorkerEvent,
  readPgBossBulkStatus,
  readPgBossInvoiceRecords,
  readPostgresJournal,
  redactConnectionString,
  runPgBossWorker,
} from '../src/pg-boss/index.js';
import { createPgBossJobSource } from '../src/pg-boss/pg-boss-job-source.js';
import { rateLimitProvider } from '../src/rate-limit-provider.js';
import { runJsonlBulkVoid } from '../src/run-jsonl-bulk-void.js';
import { seedInvoiceMix, voidsPerInvoice } from './support/seed-invoice-mix.js';
import { FAST, useBulkDatabase } from './support/use-bulk-database.js';

/**
 * The pg-boss engine's guards, in one process against a real PostgreSQL: a worker works only jobs
 * enqueued with its own credentials and skips queues it cannot serve (both left untouched, one
 * event each); jobs are kept by pg-boss until worked (an explicit retention), and invoices pg-boss
 * dropped without an outcome keep a job from being done; an invoice rate limited again and again
 * is journaled failed after as many requeues as on the JSONL engine; the connection string's
 * secrets are masked wherever they are.
 */
let postgres: PostgresServer;
let db: BulkDatabase;
let dir: string;

useBulkDatabase('bulk-pgboss-guards-', (started) => {
  ({ postgres, db, dir } = started);
});

async function queueStates(queue: string) {
  const { rows } = await db.query<{ state: string; retry_count: number }>(
    `SELECT state::text, retry_count FROM ${db.bossSchema}.job WHERE name = $1 ORDER BY id`,
    [queue],
  );
  return rows;
}

/** A client whose every void is a 429 that outlasted the client's retries; counts the attempts. */
function alwaysRateLimited(mix = seedInvoiceMix(1)) {
  let attempts = 0;
  const provider = Object.create(mix.provider) as typeof mix.provider;
  provider.doVoidInvoice = async () => {
    attempts += 1;
    throw new RateLimitError({ message: 'always 429', provider: 'memory' });
  };
  const client: BillingClient = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  return {
    mix,
    client,
    get attempts() {
      return attempts;
    },
  };
}

describe('pg-boss engine guards', () => {
  it('a worker works only jobs of its own credentials: another’s is left queued, said once, never called', async () => {
    const mix = seedInvoiceMix(4);
    const { jobId, queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'creds_1',
      provider: 'memory',
      account: 'memory:test:key-a',
      items: mix.invoiceIds.map((invoiceId) => ({ invoiceId, account: 'self' })),
      rate: 200,
      timings: FAST,
    });
    const other = await enqueuePgBossBulkVoid(db, {
      jobId: 'creds_2',
      provider: 'memory',
      account: 'memory:test:key-b',
      items: [{ invoiceId: mix.invoiceIds[0]!, account: 'self' }],
      rate: 200,
      timings: FAST,
    });
    // `self` is the key's own account: each key's is leased on its own.
    const keys = await db.query<{ account_key: string }>(
      `SELECT account_key FROM ${BULK_SCHEMA}.job_queue WHERE job_id = ANY($1) ORDER BY job_id`,
      [[jobId, other.jobId]],
    );
    expect(new Set(keys.rows.map((row) => row.account_key)).size).toBe(2);

    const events: PgBossWorkerEvent[] = [];
    const calls: string[] = [];
    await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      credentials: 'memory:test:key-b',
      clientFor: (target) => {
        calls.push(target.jobId);
        return createBillingClient({ provider: seedInvoiceMix(1).provider });
      },
      timings: FAST,
      exitWhenIdle: true,
      onEvent: (event) => events.push(event),
    });
    const skips = events.filter((event) => event.type === 'skip');
    expect(skips).toEqual([
      {
        type: 'skip',
        jobId,
        account: '*',
        reason: expect.stringMatching(/enqueued with memory:test:key-a, not this worker's memory:test:key-b/),
      },
    ]);
    expect(calls).toEqual([other.jobId]);
    expect(await queueStates(queues[0]!.queue)).toEqual(
      mix.invoiceIds.map(() => ({ state: 'created', retry_count: 0 })),
    );
    expect((await readPostgresJournal(db, jobId)).map((record) => record.type)).toEqual(['job']);
    expect(voidsPerInvoice(mix.provider).size).toBe(0);

    // The right credentials work it.
    await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      credentials: 'memory:test:key-a',
      clientFor: () => createBillingClient({ provider: mix.provider }),
      timings: FAST,
      exitWhenIdle: true,
    });
    expect((await readPgBossBulkStatus(db, { jobId }))?.done).toBe(true);
  });

  it('a queue the worker cannot serve is skipped with one event, not fatal, and left queued', async () => {
    const mix = seedInvoiceMix(2);
    const { jobId, queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'refuse_1',
      provider: 'memory',
      account: 'memory:test:key-c',
      items: [
        { invoiceId: mix.invoiceIds[0]!, account: 'site_mine' },
        { invoiceId: mix.invoiceIds[1]!, account: 'site_other' },
      ],
      rate: 200,
      timings: FAST,
    });
    const events: PgBossWorkerEvent[] = [];
    const report = await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      credentials: 'memory:test:key-c',
      clientFor: (target) => {
        if (target.account !== 'site_mine') throw new Error(`called for ${target.account}`);
        return createBillingClient({ provider: mix.provider });
      },
      refuse: (target) => (target.account === 'site_mine' ? undefined : `no key for ${target.account}`),
      timings: FAST,
      exitWhenIdle: true,
      onEvent: (event) => events.push(event),
    });
    expect(report.settled).toBe(1);
    expect(events.filter((event) => event.type === 'skip')).toEqual([
      { type: 'skip', jobId, account: 'site_other', reason: 'no key for site_other' },
    ]);
    const other = queues.find((queue) => queue.account === 'site_other')!.queue;
    expect(await queueStates(other)).toEqual([{ state: 'created', retry_count: 0 }]);
  });

  it('pg-boss keeps queued jobs until they are worked: an explicit retention on each job and queue', async () => {
    const { jobId } = await enqueuePgBossBulkVoid(db, {
      jobId: 'keep_1',
      provider: 'memory',
      account: 'memory:test',
      items: [{ invoiceId: 'in_keep', account: 'acct_keep' }],
      rate: 10,
    });
    const queue = bulkQueueName(jobId, 'acct_keep');
    const { rows } = await db.query<{ days: number; queue_minutes: number | null }>(
      `SELECT EXTRACT(epoch FROM j.keep_until - j.created_on) / 86400 AS days, q.retention_minutes AS queue_minutes
       FROM ${db.bossSchema}.job j JOIN ${db.bossSchema}.queue q ON q.name = j.name WHERE j.name = $1`,
      [queue],
    );
    // pg-boss's default is 14 days, after which maintenance archives a job still queued.
    expect(Number(rows[0]!.days)).toBeGreaterThanOrEqual(365);
    expect(Number(rows[0]!.days)).toBeGreaterThan(PG_BOSS_JOB_RETENTION_DAYS - 1);
    expect(rows[0]!.queue_minutes).toBe(PG_BOSS_JOB_RETENTION_DAYS * 24 * 60);
    await db.query(`DELETE FROM ${db.bossSchema}.job WHERE name = $1`, [queue]);
  });

  it('invoices archived by pg-boss without an outcome are lost, and the job is not done', async () => {
    const { jobId, queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'lost_1',
      provider: 'memory',
      account: 'memory:test',
      items: ['in_l1', 'in_l2', 'in_l3'].map((invoiceId) => ({ invoiceId, account: 'acct_lost' })),
      rate: 10,
    });
    const before = await readPgBossBulkStatus(db, { jobId });
    expect(before?.done).toBe(false);
    // What pg-boss's maintenance does once a queued job's keep_until has passed.
    const queue = queues[0]!.queue;
    await db.query(
      `UPDATE ${db.bossSchema}.job SET keep_until = now() - interval '1 second' WHERE name = $1`,
      [queue],
    );
    await (db.boss as unknown as { archive(): Promise<void> }).archive();
    expect(await queueStates(queue)).toEqual([]);
    const status = await readPgBossBulkStatus(db, { jobId });
    // Before: done, with every invoice pending (and `--wait` exited 0).
    expect(status?.done).toBe(false);
    // Nothing is left to work them: stalled (`--wait` stops on it), where queued it was not.
    expect([before?.stalled, status?.stalled]).toEqual([false, true]);
    expect(status).toMatchObject({
      lost: 3,
      summary: { total: 3, pending: 3 },
      accounts: [{ account: 'acct_lost', pending: 3, lost: 3 }],
    });
    // Queued, they were pending, not lost.
    expect(before).toMatchObject({ lost: 0, accounts: [{ pending: 3, lost: 0 }] });
  });

  it('one account’s refused credentials (403) leave that queue queued; the worker serves the others', async () => {
    const refusedMix = seedInvoiceMix(2);
    const refusing = Object.create(refusedMix.provider) as typeof refusedMix.provider;
    let refusedCalls = 0;
    refusing.doVoidInvoice = async () => {
      refusedCalls += 1;
      throw new PermissionError({ message: 'no permission on acct_denied', provider: 'memory' });
    };
    const served = seedInvoiceMix(2);
    const { jobId, queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'denied_1',
      provider: 'memory',
      account: 'memory:test',
      items: [
        ...refusedMix.voidable.map((invoiceId) => ({ invoiceId, account: 'acct_denied' })),
        ...served.voidable.map((invoiceId) => ({ invoiceId, account: 'acct_served' })),
      ],
      rate: 1000,
      timings: FAST,
    });
    const events: PgBossWorkerEvent[] = [];
    const report = await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      clientFor: (target) =>
        createBillingClient({
          provider: target.account === 'acct_denied' ? refusing : served.provider,
          retry: { maxAttempts: 1 },
        }),
      accounts: ['acct_denied', 'acct_served'],
      timings: FAST,
      exitWhenIdle: true,
      stopSignal: AbortSignal.timeout(12_000),
      onEvent: (event) => events.push(event),
    });
    expect(report.credentialsRefused).toBe(1);
    expect(events.filter((event) => event.type === 'skip').map((event) => event.account)).toEqual([
      'acct_denied',
    ]);
    for (const invoiceId of served.voidable) {
      expect((await served.provider.doGetInvoice(invoiceId, { attempt: 1 })).status).toBe('void');
    }
    // At most the loop's concurrency met the refusal; the refused queue's jobs are still there.
    expect(refusedCalls).toBeGreaterThan(0);
    const deniedQueue = queues.find((queue) => queue.account === 'acct_denied')!.queue;
    expect((await queueStates(deniedQueue)).every((row) => row.state !== 'completed')).toBe(true);
    expect((await readPgBossBulkStatus(db, { jobId }))?.done).toBe(false);
  });

  it('an invoice rate limited again and again is journaled failed after 20 requeues, as on the JSONL engine', async () => {
    // The JSONL engine: the first attempt and 20 requeues, then failed.
    const jsonl = alwaysRateLimited();
    const ran = await runJsonlBulkVoid({
      client: jsonl.client,
      invoiceIds: jsonl.mix.invoiceIds,
      journalPath: join(dir, 'requeues.jsonl'),
      account: 'memory:test',
      jobId: 'requeue_jsonl',
    });
    expect(jsonl.attempts).toBe(21);
    expect(ran.summary).toMatchObject({ failed: 1, pending: 0 });

    const limited = alwaysRateLimited();
    const invoiceId = limited.mix.invoiceIds[0]!;
    const { jobId, queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'requeue_1',
      provider: 'memory',
      account: 'memory:test',
      items: [{ invoiceId, account: 'acct_429' }],
      rate: 1000,
      timings: { ...FAST, retryDelaySeconds: 1 },
    });
    const queue = queues[0]!.queue;
    // What 19 attempts ended by a 429 and put back leave: the job fetched 19 times (pg-boss counts
    // every fetch after the first in retry_count, when it makes the job active again).
    await db.query(
      `UPDATE ${db.bossSchema}.job SET state = 'retry', retry_count = 18, started_on = now() WHERE name = $1`,
      [queue],
    );
    const records: BulkInvoiceRecord[] = [];
    const report = await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      clientFor: () => limited.client,
      accounts: ['acct_429'],
      timings: FAST,
      exitWhenIdle: true,
      // The old worker put it back ~1000 times (pg-boss's retry limit), one pass after another.
      stopSignal: AbortSignal.timeout(12_000),
      onRecord: (record) => records.push(record),
    });
    // The 20th attempt is put back, the 21st is the last.
    expect(limited.attempts).toBe(2);
    expect(report).toMatchObject({ settled: 1, requeued: 1 });
    expect(records).toEqual([
      expect.objectContaining({
        invoiceId,
        status: 'failed',
        error: expect.objectContaining({ code: 'rate_limited' }),
      }),
    ]);
    expect(await queueStates(queue)).toEqual([{ state: 'completed', retry_count: 20 }]);
    const state = journalStates(await readPostgresJournal(db, jobId)).get(invoiceId);
    expect(state).toMatchObject({
      state: 'failed',
      outcome: { status: 'failed', error: { code: 'rate_limited' } },
    });
    expect(await readPgBossBulkStatus(db, { jobId })).toMatchObject({
      done: true,
      lost: 0,
      summary: { failed: 1, pending: 0 },
    });
  }, 30_000);

  // Until 2026-12-07 a job given back untried (a stop caught its void waiting for its token, or
  // it was fetched but not handed out) counted like a 429's requeue: 20 stops used up its cap.
  it('a job given back untried does not count toward its requeue cap; a requeue does', async () => {
    const mix = seedInvoiceMix(2);
    const { queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'returned_1',
      provider: 'memory',
      account: 'memory:test',
      items: mix.invoiceIds.map((invoiceId) => ({ invoiceId, account: 'acct_returned' })),
      rate: 1000,
      timings: { ...FAST, retryDelaySeconds: 0 },
    });
    const queue = queues[0]!.queue;
    const signal = new AbortController().signal;
    const source = createPgBossJobSource(db, queue, { batchSize: 2 });
    const take = async () => {
      const item = await source.next(signal);
      expect(item).toBeDefined();
      return { item: item!, before: source.fetchedBefore(item!) };
    };
    const first = await take();
    expect(first.before).toBe(0);
    await source.settle(first.item, 'return'); // a stop caught it
    await source.release(); // the second was fetched but not handed out
    const rows = async () =>
      (
        await db.query<{ retry_count: number; returned: number | null }>(
          `SELECT retry_count, (output->>'returned')::int AS returned FROM ${db.bossSchema}.job WHERE name = $1 ORDER BY data->>'invoiceId'`,
          [queue],
        )
      ).rows;
    expect((await rows()).map((row) => row.returned)).toEqual([1, 1]);

    // Each job comes back once more after a 429's requeue: fetched before 0 times that count
    // (its one earlier fetch was given back untried), then 1 (the requeue).
    const again = createPgBossJobSource(db, queue, { batchSize: 1 });
    const seen = new Map<string, number[]>();
    for (let fetches = 0; fetches < 4; fetches++) {
      const item = await again.next(signal);
      const before = [...(seen.get(item!.invoiceId) ?? []), again.fetchedBefore(item!)];
      seen.set(item!.invoiceId, before);
      await again.settle(item!, before.length === 1 ? 'requeue' : 'done');
    }
    expect(await again.next(signal)).toBeUndefined();
    expect([...seen.values()]).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect((await rows()).map((row) => row.retry_count)).toEqual([2, 2]);
  });

  // Until 2026-12-07 bulk-status counted the voids a stop caught waiting for their token as failed.
  it('bulk-status counts invoices a stopped worker handed back untried as pending, not failed', async () => {
    const mix = seedInvoiceMix(8);
    // Each void takes 300 ms: the worker (4 at once) has the others waiting for their token (one
    // a second) when the first record stops it.
    const slow = Object.create(mix.provider) as typeof mix.provider;
    slow.doVoidInvoice = async (request, context) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return mix.provider.doVoidInvoice(request, context);
    };
    const { jobId } = await enqueuePgBossBulkVoid(db, {
      jobId: 'status_stop',
      provider: 'memory',
      account: 'memory:test',
      items: mix.voidable.map((invoiceId) => ({ invoiceId, account: 'acct_status' })),
      rate: 1,
      timings: FAST,
    });
    const stop = new AbortController();
    await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      clientFor: (_target, limiter, stopSignal) =>
        createBillingClient({ provider: rateLimitProvider(slow, limiter, { stopSignal }) }),
      accounts: ['acct_status'],
      timings: FAST,
      stopSignal: stop.signal,
      onRecord: () => stop.abort(),
    });
    const voided = voidsPerInvoice(mix.provider);
    const status = (await readPgBossBulkStatus(db, { jobId }))!;
    const aborted = journalStates(await readPostgresJournal(db, jobId));
    // At least one void was caught waiting: journaled failed/aborted, and pending in the status.
    expect(
      [...aborted.values()].filter(
        (state) => state.state === 'failed' && state.outcome.error?.code === 'aborted',
      ).length,
    ).toBeGreaterThan(0);
    const total = mix.voidable.length;
    expect(status.summary).toMatchObject({ voided: voided.size, failed: 0, pending: total - voided.size });
    expect(status.accounts[0]).toMatchObject({ failed: 0, pending: total - voided.size, lost: 0 });
    // The records `--wait` prints: the voided ones, none of those handed back.
    const printed = await readPgBossInvoiceRecords(db, status.job);
    expect(printed.map((record) => record.status)).toEqual([...voided.keys()].map(() => 'voided'));
    expect(status.done).toBe(false);
  });

  // Until 2026-12-07 pg-boss's complete() of a job that had expired (back in `retry`) did nothing:
  // the job was fetched again and the invoice reported twice (`skipped` the second time).
  it('a void that outlasts its job’s expiry is reported once, and its job does not come back', async () => {
    const mix = seedInvoiceMix(1);
    const invoiceId = mix.voidable[0]!;
    const slow = Object.create(mix.provider) as typeof mix.provider;
    slow.doVoidInvoice = async (request, context) => {
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      return mix.provider.doVoidInvoice(request, context);
    };
    const { queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'outlasts_expiry',
      provider: 'memory',
      account: 'memory:test',
      items: [{ invoiceId, account: 'acct_expiry' }],
      rate: 100,
      timings: { ...FAST, expireInSeconds: 1, retryDelaySeconds: 0 },
    });
    const records: BulkInvoiceRecord[] = [];
    const report = await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      clientFor: () => createBillingClient({ provider: slow }),
      accounts: ['acct_expiry'],
      concurrency: 1,
      timings: { ...FAST, maintenanceIntervalSeconds: 1, expireInSeconds: 1, leaseSeconds: 15 },
      exitWhenIdle: true,
      stopSignal: AbortSignal.timeout(15_000),
      onRecord: (record) => records.push(record),
    });
    expect(records.map((record) => [record.invoiceId, record.status])).toEqual([[invoiceId, 'voided']]);
    expect(report.settled).toBe(1);
    expect(voidsPerInvoice(mix.provider).get(invoiceId)).toBe(1);
    const states = (await queueStates(queues[0]!.queue)).map((row) => row.state);
    expect(states).toHaveLength(1);
    expect(['completed', 'cancelled']).toContain(states[0]);
  }, 30_000);

  it('a connection string’s secrets are masked in its user info and in its query', () => {
    const masked = redactConnectionString(
      'postgres://app:hunter2@db.internal:5432/billing?password=s3cret&sslpassword=p4ss&sslmode=require&sslkey=/etc/key.pem&application_name=x',
    );
    for (const secret of ['hunter2', 's3cret', 'p4ss']) expect(masked).not.toContain(secret);
    expect(masked).toBe(
      'postgres://app:***@db.internal:5432/billing?password=***&sslpassword=***&sslmode=require&sslkey=/etc/key.pem&application_name=x',
    );
    expect(redactConnectionString('postgres://postgres@127.0.0.1:5432/postgres?PASSWORD=abc')).not.toContain(
      'abc',
    );
  });
});
