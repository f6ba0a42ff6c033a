import { BULK_SCHEMA } from './bulk-tables.js';
import type { BulkDatabase } from './open-bulk-database.js';

/**
 * Leases of provider accounts: at most one worker works an account at a time, so the account's
 * rate is kept by one token bucket in one process (see docs/bulk.md, "Why a lease per account").
 * A lease is a row of `billbridge_bulk.account_lease` with its holder and an expiry; it is taken
 * with one `INSERT … ON CONFLICT DO UPDATE … WHERE` (atomic: of two workers racing for an
 * expired lease one gets it), renewed by its holder, and lapses when the holder dies.
 */

/** An account leased to this worker, with what it needs to work it. */
export interface AccountLease {
  accountKey: string;
  provider: string;
  account: string;
  /** The lowest rate of the account's queues that have work (two jobs on one account share its limit). */
  rate: number;
}

/** Which pg-boss states count as work left: created, retry, active (pg-boss's `job_state` enum order). */
function workLeft(bossSchema: string, queue: string): string {
  return `EXISTS (SELECT 1 FROM ${bossSchema}.job j WHERE j.name = ${queue} AND j.state < 'completed')`;
}

/** Which queues a worker may work (`q` a `job_queue` row, `j` its `job` row); each field given narrows it. */
export interface BulkQueueFilter {
  /** Only these provider accounts (a worker that has credentials for some only). */
  accounts?: readonly string[] | undefined;
  /** Only jobs of this provider (the one the worker has credentials for). */
  provider?: string | undefined;
  /** Only jobs enqueued with these credentials (the job record's `account`): the worker's own. */
  credentials?: string | undefined;
  /** Not these pg-boss queues (ones the worker cannot serve). */
  skip?: readonly string[] | undefined;
}

/** `filter` as SQL over `q` and `j`, its values from `$first` on. */
function queueFilter(filter: BulkQueueFilter, first: number): { sql: string; values: unknown[] } {
  const [accounts, provider, credentials, skip] = [first, first + 1, first + 2, first + 3].map(
    (n) => `$${n}`,
  );
  return {
    sql: `(${accounts}::text[] IS NULL OR q.account = ANY(${accounts}::text[]))
      AND (${provider}::text IS NULL OR j.record->>'provider' = ${provider})
      AND (${credentials}::text IS NULL OR j.record->>'account' = ${credentials})
      AND NOT (q.queue = ANY(${skip}::text[]))`,
    values: [filter.accounts ?? null, filter.provider ?? null, filter.credentials ?? null, filter.skip ?? []],
  };
}

/**
 * Takes up to `limit` leases of accounts that have work left and no live lease of another worker,
 * for `leaseSeconds`. Returns the leases taken.
 */
export async function claimAccountLeases(
  db: Pick<BulkDatabase, 'query' | 'bossSchema'>,
  holder: string,
  options: BulkQueueFilter & {
    limit: number;
    leaseSeconds: number;
    held: readonly string[];
  },
): Promise<AccountLease[]> {
  if (options.limit <= 0) return [];
  const filter = queueFilter(options, 5);
  const { rows } = await db.query<{ account_key: string }>(
    `WITH candidates AS (
       SELECT q.account_key, min(j.created_at) AS first_job
       FROM ${BULK_SCHEMA}.job_queue q JOIN ${BULK_SCHEMA}.job j USING (job_id)
       WHERE ${workLeft(db.bossSchema, 'q.queue')}
         AND NOT (q.account_key = ANY($3::text[]))
         AND ${filter.sql}
         AND NOT EXISTS (
           SELECT 1 FROM ${BULK_SCHEMA}.account_lease l
           WHERE l.account_key = q.account_key AND l.expires_at > now() AND l.holder <> $1)
       GROUP BY q.account_key
       ORDER BY first_job
       LIMIT $2
     )
     INSERT INTO ${BULK_SCHEMA}.account_lease (account_key, holder, expires_at)
     SELECT account_key, $1, now() + $4 * interval '1 second' FROM candidates
     ON CONFLICT (account_key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE ${BULK_SCHEMA}.account_lease.expires_at <= now()
          OR ${BULK_SCHEMA}.account_lease.holder = EXCLUDED.holder
     RETURNING account_key`,
    [holder, options.limit, options.held, options.leaseSeconds, ...filter.values],
  );
  if (rows.length === 0) return [];
  return describeLeases(
    db,
    rows.map((row) => row.account_key),
    options,
  );
}

async function describeLeases(
  db: Pick<BulkDatabase, 'query' | 'bossSchema'>,
  keys: readonly string[],
  queues: BulkQueueFilter,
): Promise<AccountLease[]> {
  const filter = queueFilter(queues, 2);
  const { rows } = await db.query<{ account_key: string; provider: string; account: string; rate: number }>(
    `SELECT q.account_key, j.record->>'provider' AS provider, q.account, min(q.rate) AS rate
     FROM ${BULK_SCHEMA}.job_queue q JOIN ${BULK_SCHEMA}.job j USING (job_id)
     WHERE q.account_key = ANY($1::text[]) AND ${workLeft(db.bossSchema, 'q.queue')} AND ${filter.sql}
     GROUP BY q.account_key, j.record->>'provider', q.account`,
    [keys, ...filter.values],
  );
  return rows.map((row) => ({
    accountKey: row.account_key,
    provider: row.provider,
    account: row.account,
    rate: Number(row.rate),
  }));
}

/** Renews this worker's leases; returns the keys still held (a lease taken over meanwhile is lost). */
export async function renewAccountLeases(
  db: Pick<BulkDatabase, 'query'>,
  holder: string,
  keys: readonly string[],
  leaseSeconds: number,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.query<{ account_key: string }>(
    `UPDATE ${BULK_SCHEMA}.account_lease SET expires_at = now() + $3 * interval '1 second'
     WHERE holder = $1 AND account_key = ANY($2::text[]) AND expires_at > now()
     RETURNING account_key`,
    [holder, keys, leaseSeconds],
  );
  return new Set(rows.map((row) => row.account_key));
}

/** Gives a lease back (the account has no work left, or the worker stops). */
export async function releaseAccountLease(
  db: Pick<BulkDatabase, 'query'>,
  holder: string,
  key: string,
): Promise<void> {
  await db.query(`DELETE FROM ${BULK_SCHEMA}.account_lease WHERE holder = $1 AND account_key = $2`, [
    holder,
    key,
  ]);
}

/** The account's queues that have work left (of those `filter` lets through), oldest job first. */
export async function queuesWithWork(
  db: Pick<BulkDatabase, 'query' | 'bossSchema'>,
  key: string,
  queues: BulkQueueFilter = {},
): Promise<{ jobId: string; queue: string; account: string }[]> {
  const filter = queueFilter(queues, 2);
  const { rows } = await db.query<{ job_id: string; queue: string; account: string }>(
    `SELECT q.job_id, q.queue, q.account
     FROM ${BULK_SCHEMA}.job_queue q JOIN ${BULK_SCHEMA}.job j USING (job_id)
     WHERE q.account_key = $1 AND ${workLeft(db.bossSchema, 'q.queue')} AND ${filter.sql}
     ORDER BY j.created_at, q.job_id`,
    [key, ...filter.values],
  );
  return rows.map((row) => ({ jobId: row.job_id, queue: row.queue, account: row.account }));
}

/** Whether any queue (of those `filter` lets through) still has work (created, retry or active pg-boss jobs). */
export async function anyWorkLeft(
  db: Pick<BulkDatabase, 'query' | 'bossSchema'>,
  queues: BulkQueueFilter = {},
): Promise<boolean> {
  const filter = queueFilter(queues, 1);
  const { rows } = await db.query(
    `SELECT 1 FROM ${BULK_SCHEMA}.job_queue q JOIN ${BULK_SCHEMA}.job j USING (job_id)
     WHERE ${filter.sql} AND ${workLeft(db.bossSchema, 'q.queue')} LIMIT 1`,
    filter.values,
  );
  return rows.length > 0;
}

/**
 * Jobs with work left (of `accounts` and `provider`, when given) enqueued with credentials other
 * than `credentials`, but not those in `seen`: the jobs a worker leaves for another, to say so once.
 */
export async function jobsOfOtherCredentials(
  db: Pick<BulkDatabase, 'query' | 'bossSchema'>,
  queues: BulkQueueFilter & { credentials: string; seen: readonly string[] },
): Promise<{ jobId: string; credentials: string }[]> {
  const filter = queueFilter({ ...queues, credentials: undefined }, 3);
  const { rows } = await db.query<{ job_id: string; credentials: string }>(
    `SELECT DISTINCT q.job_id, j.record->>'account' AS credentials
     FROM ${BULK_SCHEMA}.job_queue q JOIN ${BULK_SCHEMA}.job j USING (job_id)
     WHERE j.record->>'account' IS DISTINCT FROM $1 AND NOT (q.job_id = ANY($2::text[]))
       AND ${filter.sql} AND ${workLeft(db.bossSchema, 'q.queue')}
     ORDER BY q.job_id`,
    [queues.credentials, queues.seen, ...filter.values],
  );
  return rows.map((row) => ({ jobId: row.job_id, credentials: row.credentials }));
}
