import { ValidationError } from '@billbridge/core';
import type { BulkInvoiceRecord, BulkSummaryRecord } from '../bulk-records.js';
import { createBulkTally } from '../bulk-tally.js';
import {
  type JournalJobRecord,
  type JournalOutcomeRecord,
  journalJobRecordSchema,
  journalOutcomeRecordSchema,
  stoppedBeforeSent,
} from '../journal-records.js';
import { invoiceRecord } from '../void-one-invoice.js';
import { BULK_SCHEMA } from './bulk-tables.js';
import type { BulkDatabase } from './open-bulk-database.js';

/** pg-boss's job states, counted per queue. */
export interface PgBossQueueCounts {
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
}

/** Progress of one provider account of a job. */
export interface PgBossAccountStatus {
  account: string;
  /** Requests per second, as stored with the job. */
  rate: number;
  invoices: number;
  voided: number;
  refused: number;
  failed: number;
  /** Intents without an outcome: a call in flight, or one a killed worker left (reconciled when retried). */
  inDoubt: number;
  /** No outcome journaled yet (as in the summary: `invoices - voided - refused - failed`). */
  pending: number;
  /**
   * Of `pending`, invoices no pg-boss job is left to work (archived or deleted from pg-boss's
   * queue without an outcome, or failed there past its retry limit while in doubt): no worker will
   * take them up; enqueue them again, as a new job. Exact once the account's queue has no job
   * created, retried or active; until then a lower bound (`pending` less the queue's live jobs).
   */
  lost: number;
  /** The pg-boss jobs of the account's queue by state (completed ones may be archived by pg-boss later). */
  queue: PgBossQueueCounts;
  /** The worker holding the account's lease now, or `null`. */
  leasedBy: string | null;
}

/** Where a bulk job on the pg-boss engine stands, across all workers. */
export interface PgBossBulkStatus {
  job: JournalJobRecord;
  /** The job's totals from the journal (each invoice's latest final outcome, else its latest failure). */
  summary: BulkSummaryRecord;
  inDoubt: number;
  accounts: PgBossAccountStatus[];
  /** Workers that wrote to the job's journal, with their last write. */
  workers: { worker: string; lastAt: string; records: number }[];
  /** Invoices pending with no pg-boss job left to work them, across accounts (`PgBossAccountStatus.lost`). */
  lost: number;
  /**
   * No work left in any of the job's queues and every invoice journaled `voided`, `refused` or
   * `failed`. Never while an invoice is `lost`: a job pg-boss dropped invoices of is not done.
   */
  done: boolean;
  /**
   * Invoices are `lost` and no queue of the job has a job left to work (created, retried or
   * active): nothing more will happen to this job, though it is not done. `--wait` stops on it.
   */
  stalled: boolean;
}

/**
 * Reads a job's progress from the journal table and pg-boss's queues (any worker's writes, as
 * committed). `jobId` omitted: the latest job. Returns `undefined` when there is no such job (or
 * none at all). One query per part; the journal part reads one row per invoice (the latest, via
 * the `(job_id, invoice_id, account, seq)` index), fine for a progress bar polling every second up to ~10^5
 * invoices per job.
 */
export async function readPgBossBulkStatus(
  db: Pick<BulkDatabase, 'query' | 'bossSchema'>,
  options: { jobId?: string } = {},
): Promise<PgBossBulkStatus | undefined> {
  const jobRow = await db.query<{ record: unknown }>(
    options.jobId === undefined
      ? `SELECT record FROM ${BULK_SCHEMA}.job ORDER BY created_at DESC, job_id DESC LIMIT 1`
      : `SELECT record FROM ${BULK_SCHEMA}.job WHERE job_id = $1`,
    options.jobId === undefined ? [] : [options.jobId],
  );
  if (jobRow.rows.length === 0) return undefined;
  const job = journalJobRecordSchema.parse(jobRow.rows[0]!.record);
  // pg-boss's counts first, the journal after: a worker journals an outcome before it completes
  // the pg-boss job, so once the counts say done, every outcome is in the journal read after them
  // (read together, on two connections, the journal could be read before the last outcomes and the
  // counts after their completions: done, with invoices still pending).
  const counts = await db.query<{ name: string; state: keyof PgBossQueueCounts; n: string }>(
    `SELECT j.name, j.state::text AS state, count(*) AS n FROM ${db.bossSchema}.job j
     WHERE j.name IN (SELECT queue FROM ${BULK_SCHEMA}.job_queue WHERE job_id = $1)
     GROUP BY j.name, j.state`,
    [job.jobId],
  );
  const [queues, latest, workers] = await Promise.all([
    db.query<{
      account: string;
      account_key: string;
      queue: string;
      rate: number;
      invoices: number;
      holder: string | null;
    }>(
      `SELECT q.account, q.account_key, q.queue, q.rate, q.invoices,
              (SELECT l.holder FROM ${BULK_SCHEMA}.account_lease l
               WHERE l.account_key = q.account_key AND l.expires_at > now()) AS holder
       FROM ${BULK_SCHEMA}.job_queue q WHERE q.job_id = $1 ORDER BY q.account`,
      [job.jobId],
    ),
    latestPerInvoice(db, job.jobId),
    db.query<{ worker: string; last_at: Date; records: string }>(
      `SELECT worker, max(at) AS last_at, count(*) AS records FROM ${BULK_SCHEMA}.journal
       WHERE job_id = $1 AND worker IS NOT NULL GROUP BY worker ORDER BY worker`,
      [job.jobId],
    ),
  ]);
  const tally = createBulkTally(job.input.count);
  const perAccount = new Map<string, PgBossAccountStatus>();
  for (const row of queues.rows) {
    perAccount.set(row.account, {
      account: row.account,
      rate: Number(row.rate),
      invoices: row.invoices,
      voided: 0,
      refused: 0,
      failed: 0,
      inDoubt: 0,
      pending: row.invoices,
      lost: 0,
      queue: { created: 0, retry: 0, active: 0, completed: 0, failed: 0 },
      leasedBy: row.holder,
    });
  }
  let inDoubt = 0;
  for (const row of latest.rows) {
    const account = row.account === null ? undefined : perAccount.get(row.account);
    if (row.type !== 'outcome') {
      inDoubt += 1;
      if (account) account.inDoubt += 1;
      continue;
    }
    const outcome: JournalOutcomeRecord = journalOutcomeRecordSchema.parse(row.record);
    // Handed back untried at a worker's stop: pending, as in the JSONL run's summary (until
    // 2026-12-07 it was counted failed here).
    if (stoppedBeforeSent(outcome)) continue;
    tally.add(invoiceRecord(outcome, job.void));
    if (account) {
      account[outcome.status] += 1;
      account.pending -= 1;
    }
  }
  const byQueue = new Map(queues.rows.map((row) => [row.queue, perAccount.get(row.account)!]));
  for (const row of counts.rows) {
    const account = byQueue.get(row.name);
    if (account && row.state in account.queue) account.queue[row.state] += Number(row.n);
  }
  const accounts = [...perAccount.values()];
  for (const account of accounts) {
    const live = account.queue.created + account.queue.retry + account.queue.active;
    // A live job is one invoice's; one with a failed outcome being retried is not pending.
    account.lost = Math.max(0, account.pending - live);
  }
  const { skipped: _runOnly, ...summary } = tally.summary();
  return {
    job,
    summary: { ...summary, jobId: job.jobId },
    inDoubt,
    accounts,
    workers: workers.rows.map((row) => ({
      worker: row.worker,
      lastAt: new Date(row.last_at).toISOString(),
      records: Number(row.records),
    })),
    lost: accounts.reduce((sum, account) => sum + account.lost, 0),
    done: accounts.every((account) => idle(account) && account.pending === 0),
    stalled: accounts.some((account) => account.lost > 0) && accounts.every(idle),
  };
}

/**
 * Each invoice's latest record in a job's journal: its latest final outcome (`voided`/`refused`)
 * when it has one, else its latest intent or failure.
 */
function latestPerInvoice(db: Pick<BulkDatabase, 'query'>, jobId: string) {
  return db.query<{ account: string | null; type: string; record: unknown }>(
    `SELECT DISTINCT ON (invoice_id, account) account, type, record FROM ${BULK_SCHEMA}.journal
     WHERE job_id = $1 AND invoice_id IS NOT NULL
     ORDER BY invoice_id, account, (type = 'outcome' AND record->>'status' <> 'failed') DESC, seq DESC`,
    [jobId],
  );
}

/**
 * The output record of every invoice of a job with an outcome journaled (its latest final one,
 * else its latest failure), in invoice id order, with the account it belongs to.
 */
export async function readPgBossInvoiceRecords(
  db: Pick<BulkDatabase, 'query'>,
  job: JournalJobRecord,
): Promise<(BulkInvoiceRecord & { account: string | null })[]> {
  const { rows } = await latestPerInvoice(db, job.jobId);
  // Handed back untried at a stop: pending, as in the summary, not a `failed` record.
  return rows
    .filter((row) => row.type === 'outcome')
    .map((row) => ({ row, outcome: journalOutcomeRecordSchema.parse(row.record) }))
    .filter(({ outcome }) => !stoppedBeforeSent(outcome))
    .map(({ row, outcome }) => ({ ...invoiceRecord(outcome, job.void), account: row.account }));
}

/** `readPgBossBulkStatus`, but a job that does not exist is a `ValidationError` naming it. */
export async function requirePgBossBulkStatus(
  db: Pick<BulkDatabase, 'query' | 'bossSchema'>,
  options: { jobId?: string } = {},
): Promise<PgBossBulkStatus> {
  const status = await readPgBossBulkStatus(db, options);
  if (status) return status;
  throw new ValidationError({
    issues: [
      {
        path: options.jobId === undefined ? 'job' : 'jobId',
        message:
          options.jobId === undefined
            ? 'there is no bulk job in this database yet'
            : `no job ${options.jobId}`,
      },
    ],
    context: 'bulk-status',
  });
}

/** No job of the account's queue is left to work: none created, retried or active. */
function idle(account: PgBossAccountStatus): boolean {
  return account.queue.created + account.queue.retry + account.queue.active === 0;
}
