import { join } from 'node:path';
import { type BillingClient, createBillingClient, ValidationError } from '@billbridge/core';
import type { MemoryProvider } from '@billbridge/memory';
import { describe, expect, it } from 'vitest';
import type { PostgresServer } from '../../../test/support/postgres-server.js';
import { bulkIdempotencyKey } from '../src/bulk-idempotency-key.js';
import type { JournalOutcomeRecord, JournalRecord } from '../src/journal-records.js';
import { journalStates, readJsonlJournal } from '../src/jsonl-journal.js';
import { holdWorkerId } from '../src/pg-boss/hold-worker-id.js';
import {
  appendJournalRow,
  BULK_SCHEMA,
  type BulkDatabase,
  bulkPgBossJobId,
  bulkQueueName,
  enqueuePgBossBulkVoid,
  openBulkDatabase,
  PG_BOSS_ENGINE_DEFAULTS,
  type PgBossWorkerEvent,
  readPgBossBulkStatus,
  readPostgresJournal,
  runPgBossWorker,
  takeoverBoundSeconds,
} from '../src/pg-boss/index.js';
import { rateLimitProvider } from '../src/rate-limit-provider.js';
import type { RateLimiter } from '../src/rate-limiter.js';
import { runJsonlBulkVoid } from '../src/run-jsonl-bulk-void.js';
import { peakPerSecond } from './support/peak-per-second.js';
import { type InvoiceMix, seedInvoiceMix, voidsPerInvoice } from './support/seed-invoice-mix.js';
import { FAST, useBulkDatabase } from './support/use-bulk-database.js';

/**
 * The pg-boss engine in one process against a real PostgreSQL (test/support/postgres-server.ts),
 * over memory providers (one per provider account): several workers, per-account rates, the
 * journal table, the status query, the takeover of a dead worker's account and jobs, and the same
 * job on the JSONL engine for comparison.
 */
let postgres: PostgresServer;
let db: BulkDatabase;
let dir: string;

useBulkDatabase('bulk-pgboss-', (started) => {
  ({ postgres, db, dir } = started);
});

/** The start times of every provider request per account, as the paced provider made them. */
function accountClients(mixes: Record<string, InvoiceMix>) {
  const starts = new Map<string, number[]>();
  const clientFor = ({ account }: { account: string }, limiter: RateLimiter): BillingClient => {
    const mix = mixes[account];
    if (!mix) throw new Error(`no provider for account ${account}`);
    const times = starts.get(account) ?? [];
    starts.set(account, times);
    const paced = rateLimitProvider(mix.provider, limiter);
    const timed = Object.create(paced) as typeof paced;
    for (const method of ['doVoidInvoice', 'doGetInvoice', 'doListCreditNotes'] as const) {
      const original = paced[method] as (...args: unknown[]) => Promise<unknown>;
      (timed as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
        original.apply(paced, args).finally(() => times.push(Date.now()));
    }
    return createBillingClient({ provider: timed, retry: { baseDelayMs: 0, maxDelayMs: 0 } });
  };
  return { clientFor, starts };
}

/**
 * Each invoice's outcome without what differs by nature between two runs: the time, the key (it
 * has the job id in it) and the credit note's id (the provider numbers notes in the order voids arrive).
 */
function outcomesByInvoice(records: readonly JournalRecord[]) {
  const result = new Map<
    string,
    Omit<JournalOutcomeRecord, 'at' | 'idempotencyKey' | 'creditNote'> & { creditNote?: unknown }
  >();
  for (const [invoiceId, state] of journalStates(records)) {
    if (state.state !== 'done' && state.state !== 'failed') continue;
    const { at: _at, idempotencyKey: _key, creditNote, ...rest } = state.outcome;
    result.set(invoiceId, { ...rest, creditNote: creditNote ? { total: creditNote.total } : creditNote });
  }
  return result;
}

function expectVoidedOnce(mix: InvoiceMix) {
  const voids = voidsPerInvoice(mix.provider);
  expect([...voids.keys()].sort()).toEqual([...mix.voidable].sort());
  for (const count of voids.values()) expect(count).toBe(1);
}

describe('the pg-boss engine, in one process', () => {
  it('the defaults take a killed worker’s work up within 60 s, and are what the jobs carry', async () => {
    expect(takeoverBoundSeconds(PG_BOSS_ENGINE_DEFAULTS)).toBeLessThanOrEqual(60);
    expect(PG_BOSS_ENGINE_DEFAULTS.expireInSeconds).toBeLessThan(15 * 60);
    const mix = seedInvoiceMix(3);
    const { jobId } = await enqueuePgBossBulkVoid(db, {
      jobId: 'defaults_1',
      provider: 'memory',
      account: 'memory:test',
      items: mix.invoiceIds.map((invoiceId) => ({ invoiceId, account: 'acct_d' })),
      rate: 10,
    });
    const { rows } = await db.query<{
      expire: number;
      retry_limit: number;
      singleton_key: string;
      id: string;
      policy: string;
    }>(
      `SELECT EXTRACT(epoch FROM expire_in)::int AS expire, retry_limit, singleton_key, id::text, policy
       FROM ${db.bossSchema}.job WHERE name = $1 ORDER BY singleton_key`,
      [bulkQueueName(jobId, 'acct_d')],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.expire).toBe(PG_BOSS_ENGINE_DEFAULTS.expireInSeconds);
      expect(row.policy).toBe('stately');
      expect(row.retry_limit).toBeGreaterThanOrEqual(100);
      expect(row.id).toBe(bulkPgBossJobId(row.singleton_key));
    }
    expect(rows.map((row) => row.singleton_key).sort()).toEqual(
      mix.invoiceIds.map((id) => bulkIdempotencyKey(jobId, id)).sort(),
    );
    // Nothing is left for the other tests' workers: this job's queue is emptied.
    await db.query(`DELETE FROM ${db.bossSchema}.job WHERE name = $1`, [bulkQueueName(jobId, 'acct_d')]);
  });

  it('three workers share two accounts: each voidable invoice voided once, within each rate, journal complete', async () => {
    const mixes = { acct_fast: seedInvoiceMix(42), acct_slow: seedInvoiceMix(28) };
    const { jobId, queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'share_1',
      provider: 'memory',
      account: 'memory:test',
      items: [
        ...mixes.acct_fast.invoiceIds.map((invoiceId) => ({ invoiceId, account: 'acct_fast' })),
        ...mixes.acct_slow.invoiceIds.map((invoiceId) => ({ invoiceId, account: 'acct_slow' })),
      ],
      rate: 40,
      accountRates: { acct_slow: 20 },
      void: { reasonCode: 'duplicate' },
      timings: FAST,
    });
    expect(queues.map((queue) => [queue.account, queue.rate, queue.invoices])).toEqual([
      ['acct_fast', 40, 42],
      ['acct_slow', 20, 28],
    ]);
    const { clientFor, starts } = accountClients(mixes);
    const events: (PgBossWorkerEvent & { worker: string; at: number })[] = [];
    const reports = await Promise.all(
      ['w1', 'w2', 'w3'].map((workerId) =>
        runPgBossWorker({
          database: { connectionString: postgres.connectionString },
          clientFor,
          workerId,
          maxAccounts: 1,
          timings: FAST,
          exitWhenIdle: true,
          onEvent: (event) => events.push({ ...event, worker: workerId, at: performance.now() }),
        }),
      ),
    );
    expect(reports.reduce((sum, report) => sum + report.settled, 0)).toBe(70);
    // One lease per account at a time: no account was worked by two workers at once.
    const leased = events.filter((event) => event.type === 'lease');
    expect(new Set(leased.map((event) => event.account))).toEqual(new Set(['acct_fast', 'acct_slow']));
    const holder = new Map<string, string>();
    for (const event of events) {
      if (event.type === 'lease') {
        expect(holder.get(event.account), `${event.account} leased twice`).toBeUndefined();
        holder.set(event.account, event.worker);
      } else if (holder.get(event.account) === event.worker) holder.delete(event.account);
    }
    expectVoidedOnce(mixes.acct_fast);
    expectVoidedOnce(mixes.acct_slow);
    // The token bucket allows a tenth of a second's burst on top of the rate.
    expect(peakPerSecond(starts.get('acct_fast')!)).toBeLessThanOrEqual(40 + 4);
    expect(peakPerSecond(starts.get('acct_slow')!)).toBeLessThanOrEqual(20 + 2);
    expect(peakPerSecond(starts.get('acct_slow')!)).toBeGreaterThan(10);

    const status = await readPgBossBulkStatus(db, { jobId });
    expect(status?.summary).toMatchObject({
      total: 70,
      voided: mixes.acct_fast.voidable.length + mixes.acct_slow.voidable.length,
      refused: mixes.acct_fast.blocked.size + mixes.acct_slow.blocked.size,
      failed: 0,
      pending: 0,
    });
    expect(status?.done).toBe(true);
    expect(status?.inDoubt).toBe(0);
    expect(status?.accounts.map((account) => [account.account, account.voided, account.pending])).toEqual([
      ['acct_fast', mixes.acct_fast.voidable.length, 0],
      ['acct_slow', mixes.acct_slow.voidable.length, 0],
    ]);
    // The journal: the job record first, then for every invoice an intent before its outcome.
    const records = await readPostgresJournal(db, jobId);
    expect(records[0]).toMatchObject({ type: 'job', jobId, void: { reasonCode: 'duplicate' } });
    const intents = records.filter((record) => record.type === 'intent');
    const outcomes = records.filter((record) => record.type === 'outcome');
    expect(intents).toHaveLength(70);
    expect(outcomes).toHaveLength(70);
    for (const record of records) {
      if (record.type !== 'outcome') continue;
      const intent = records.findIndex((r) => r.type === 'intent' && r.invoiceId === record.invoiceId);
      expect(intent).toBeLessThan(records.indexOf(record));
    }
    // Records are only ever added.
    await expect(
      db.query(`UPDATE ${BULK_SCHEMA}.journal SET worker = 'x' WHERE job_id = $1`, [jobId]),
    ).rejects.toThrow(/append-only/);
  });

  it('the same job on the JSONL engine and on pg-boss journals the same outcome per invoice', async () => {
    const jsonlMix = seedInvoiceMix(28, 'chargebee', { voidCreatesCreditNote: true });
    const pgMix = seedInvoiceMix(28, 'chargebee', { voidCreatesCreditNote: true });
    const journalPath = join(dir, 'same.jsonl');
    await runJsonlBulkVoid({
      client: createBillingClient({ provider: jsonlMix.provider }),
      invoiceIds: jsonlMix.invoiceIds,
      journalPath,
      account: 'memory:test',
      jobId: 'same_1',
      void: { comment: 'incident 42' },
    });
    const { jobId } = await enqueuePgBossBulkVoid(db, {
      jobId: 'same_2',
      provider: 'memory',
      account: 'memory:test',
      items: pgMix.invoiceIds.map((invoiceId) => ({ invoiceId, account: 'site_a' })),
      rate: 500,
      void: { comment: 'incident 42' },
      timings: FAST,
    });
    const { clientFor } = accountClients({ site_a: pgMix });
    await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      clientFor,
      timings: FAST,
      exitWhenIdle: true,
    });
    const jsonl = outcomesByInvoice((await readJsonlJournal(journalPath))!.records);
    const pg = outcomesByInvoice(await readPostgresJournal(db, jobId));
    expect(pg.size).toBe(28);
    expect(pg).toEqual(jsonl);
    expect([...pg.values()].filter((outcome) => outcome.creditNote).length).toBeGreaterThan(0);
  });

  it('a dead worker’s account and its job in flight are taken up and reconciled, not voided twice', async () => {
    const mix = seedInvoiceMix(14);
    const provider: MemoryProvider = mix.provider;
    const { jobId } = await enqueuePgBossBulkVoid(db, {
      jobId: 'dead_1',
      provider: 'memory',
      account: 'memory:test',
      items: mix.invoiceIds.map((invoiceId) => ({ invoiceId, account: 'acct_dead' })),
      rate: 200,
      timings: FAST,
    });
    const queue = bulkQueueName(jobId, 'acct_dead');
    // What a worker SIGKILLed mid-call leaves: the account leased to it, one pg-boss job active, the
    // intent journaled, the void sent (and done at the provider), no outcome, nothing completed.
    const [fetched] = await db.boss.fetch<{ invoiceId: string; idempotencyKey: string }>(queue, {
      batchSize: 1,
    });
    const { invoiceId, idempotencyKey } = fetched!.data;
    expect(mix.voidable).toContain(invoiceId);
    await db.query(
      `INSERT INTO ${BULK_SCHEMA}.account_lease VALUES ('memory:acct_dead', 'dead-worker', now() + interval '2 seconds')`,
    );
    await db.query(
      `INSERT INTO ${BULK_SCHEMA}.journal (job_id, type, invoice_id, account, worker, at, record)
       VALUES ($1, 'intent', $2, 'acct_dead', 'dead-worker', now(), $3)`,
      [jobId, invoiceId, { type: 'intent', invoiceId, idempotencyKey, at: new Date().toISOString() }],
    );
    await createBillingClient({ provider }).voidInvoice(invoiceId, { idempotencyKey });
    const killedAt = Date.now();
    let leasedAt = 0;
    const { clientFor } = accountClients({ acct_dead: mix });
    await runPgBossWorker({
      database: { connectionString: postgres.connectionString },
      clientFor,
      workerId: 'survivor',
      timings: FAST,
      exitWhenIdle: true,
      onEvent: (event) => {
        if (event.type === 'lease' && leasedAt === 0) leasedAt = Date.now();
      },
    });
    expect(leasedAt - killedAt).toBeGreaterThanOrEqual(1000);
    expect((Date.now() - killedAt) / 1000).toBeLessThanOrEqual(
      takeoverBoundSeconds({ ...PG_BOSS_ENGINE_DEFAULTS, ...FAST }) + 3,
    );
    expectVoidedOnce(mix);
    const records = await readPostgresJournal(db, jobId);
    const state = journalStates(records).get(invoiceId);
    expect(state).toMatchObject({ state: 'done', outcome: { status: 'voided' } });
    const outcome = (state as { outcome: JournalOutcomeRecord }).outcome;
    expect(outcome.replayed || outcome.reconciled).toBe(true);
    const status = await readPgBossBulkStatus(db, { jobId });
    expect(status).toMatchObject({ done: true, inDoubt: 0, summary: { pending: 0, failed: 0 } });
    expect(status?.workers.map((worker) => worker.worker)).toEqual(['dead-worker', 'survivor']);
  });

  it('a worker id is held by one live process: a second start waits, then fails; an ended session frees it', async () => {
    const url = postgres.connectionString;
    const first = await holdWorkerId(url, 'slot-a', { waitMs: 0 });
    const refused = holdWorkerId(url, 'slot-a', { waitMs: 300, pollMs: 50 });
    await expect(refused).rejects.toThrow(/worker id "slot-a" is held by a running worker/);
    await expect(refused).rejects.not.toThrow(new URL(url).password);
    // The worker refuses to start under it (after waiting its lease), before any lease or journal row.
    await expect(
      runPgBossWorker({
        database: { connectionString: url },
        workerId: 'slot-a',
        clientFor: () => {
          throw new Error('no client is wanted');
        },
        timings: { ...FAST, leaseSeconds: 1 },
        exitWhenIdle: true,
      }),
    ).rejects.toThrow(/held by a running worker/);
    const other = await holdWorkerId(url, 'slot-b', { waitMs: 0 });
    await other.release();
    // As when the process is SIGKILLed: the server ends the session, the lock goes with it.
    const lost = new Promise((resolve) => first.lost.addEventListener('abort', resolve));
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'billbridge-bulk-worker-id' AND pid <> pg_backend_pid()`,
    );
    await lost;
    const again = await holdWorkerId(url, 'slot-a', { waitMs: 2000 });
    expect(again.lost.aborted).toBe(false);
    await again.release();
    await first.release();
    // A worker whose session holding its id ends stops with an error: another may take the id now.
    let leased = false;
    const running = runPgBossWorker({
      database: { connectionString: url },
      workerId: 'slot-c',
      clientFor: () => {
        throw new Error('no client is wanted');
      },
      // An account with no work: jobs other tests left are not this test's.
      accounts: ['acct_none'],
      timings: FAST,
      onEvent: () => {
        leased = true;
      },
    });
    // Observed at once (it may end before the test's next await).
    const stopped = running.then(
      () => undefined,
      (error: Error) => error,
    );
    let ended: Error | undefined | 'running' = 'running';
    void stopped.then((error) => {
      ended = error;
    });
    // The session that holds slot-c's lock, not any worker-id session: the ones released above may
    // linger in pg_stat_activity for a moment after their sockets close (CI once saw this loop stop
    // at such a leftover, kill it, and the worker then run on untouched until the timeout).
    let holder: number | undefined;
    while (holder === undefined) {
      const { rows } = await db.query<{ pid: number }>(
        `SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('billbridge_bulk.worker:' || $1, 0)`,
        ['slot-c'],
      );
      holder = rows[0]?.pid;
      if (holder !== undefined) break;
      expect(ended, 'the worker ended before its id was seen held').toBe('running');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await db.query('SELECT pg_terminate_backend($1)', [holder]);
    expect((await stopped)?.message).toMatch(/lost the database session holding worker id slot-c/);
    expect(leased).toBe(false);
  });

  it('status names the latest job when none is given, and none for an unknown id', async () => {
    const latest = await readPgBossBulkStatus(db);
    expect(latest?.job.jobId).toBe('dead_1');
    expect(await readPgBossBulkStatus(db, { jobId: 'no_such_job' })).toBeUndefined();
  });

  it('refuses bad input before writing anything', async () => {
    const before = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${BULK_SCHEMA}.journal`);
    const base = { provider: 'memory', account: 'memory:test', rate: 10 };
    const bad = [
      { ...base, items: [] },
      { ...base, items: [{ invoiceId: 'in_1', account: 'a' }], rate: 0 },
      { ...base, items: [{ invoiceId: 'in_1', account: 'a b' }] },
      { ...base, items: [{ invoiceId: 'in/1', account: 'a' }] },
      {
        ...base,
        items: [
          { invoiceId: 'in_1', account: 'a' },
          { invoiceId: 'in_1', account: 'a' },
        ],
      },
      { ...base, items: [{ invoiceId: 'in_1', account: 'a' }], accountRates: { b: 3 } },
      { ...base, items: [{ invoiceId: 'in_1', account: 'a' }], jobId: 'dead_1' },
      { ...base, items: [{ invoiceId: 'in_1', account: 'a' }], jobId: 'not a job id' },
      // Until 2026-12-07 enqueued, then every invoice failed the client's check of the comment.
      { ...base, items: [{ invoiceId: 'in_1', account: 'a' }], void: { comment: '' } },
    ];
    for (const options of bad) {
      await expect(enqueuePgBossBulkVoid(db, options)).rejects.toBeInstanceOf(ValidationError);
    }
    const after = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${BULK_SCHEMA}.journal`);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    // The same invoice number in two accounts (Chargebee sites) is two invoices.
    const { queues } = await enqueuePgBossBulkVoid(db, {
      ...base,
      jobId: 'two_sites',
      items: [
        { invoiceId: '1001', account: 'site_a' },
        { invoiceId: '1001', account: 'site_b' },
      ],
    });
    expect(queues).toHaveLength(2);
    for (const { queue } of queues)
      await db.query(`DELETE FROM ${db.bossSchema}.job WHERE name = $1`, [queue]);
  });
  it('opening the database does not lock the journal (a worker starting does not stall the others’ writes)', async () => {
    const pool = postgres.pool({ max: 1 });
    const writer = await pool.connect();
    try {
      // What a worker's journal insert holds until it commits.
      await writer.query('BEGIN');
      await writer.query(`LOCK TABLE ${BULK_SCHEMA}.journal IN ROW EXCLUSIVE MODE`);
      const opened = openBulkDatabase({ connectionString: postgres.connectionString, poolSize: 2 });
      const first = await Promise.race([
        opened.then(() => 'opened'),
        new Promise((resolve) => setTimeout(resolve, 5000, 'blocked')),
      ]);
      expect(first).toBe('opened');
      await (await opened).close();
    } finally {
      await writer.query('ROLLBACK');
      writer.release();
    }
  });

  it('status reads pg-boss before the journal: done only once every outcome is in what it reports', async () => {
    const { jobId, queues } = await enqueuePgBossBulkVoid(db, {
      jobId: 'race_1',
      provider: 'memory',
      account: 'memory:test',
      items: [{ invoiceId: 'in_race', account: 'acct_race' }],
      rate: 10,
      timings: FAST,
    });
    const queue = queues[0]!.queue;
    const [fetched] = await db.boss.fetch<{ idempotencyKey: string }>(queue, { batchSize: 1 });
    const { idempotencyKey } = fetched!.data;
    const scope = { jobId, account: 'acct_race', worker: 'racer' };
    const at = () => new Date().toISOString();
    await appendJournalRow(db, scope, { type: 'intent', invoiceId: 'in_race', idempotencyKey, at: at() });
    // The worker journals the outcome and then completes the pg-boss job just as the status query
    // reads pg-boss's counts; a journal read already under way by then sees neither.
    let journalRead: Promise<unknown> | undefined;
    let finished = false;
    const query = (text: string, values?: unknown[]) => {
      if (text.includes('DISTINCT ON')) {
        journalRead = db.query(text, values);
        return journalRead;
      }
      if (!finished && text.includes(`${db.bossSchema}.job j`)) {
        finished = true;
        return (async () => {
          await journalRead;
          await appendJournalRow(db, scope, {
            type: 'outcome',
            invoiceId: 'in_race',
            idempotencyKey,
            at: at(),
            status: 'voided',
            balanceReturned: null,
          });
          await db.boss.complete(queue, fetched!.id);
          return db.query(text, values);
        })();
      }
      return db.query(text, values);
    };
    const racing = { bossSchema: db.bossSchema, query: query as BulkDatabase['query'] };
    const status = await readPgBossBulkStatus(racing, { jobId });
    expect(finished).toBe(true);
    expect(status).toMatchObject({ done: true, inDoubt: 0, summary: { total: 1, voided: 1, pending: 0 } });
  });
});
