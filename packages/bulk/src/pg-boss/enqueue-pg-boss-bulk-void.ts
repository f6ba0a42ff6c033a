import { createHash } from 'node:crypto';
import { isProviderId, ValidationError, type ValidationIssue } from '@billbridge/core';
import { assertJobId, bulkIdempotencyKey, newJobId } from '../bulk-idempotency-key.js';
import type { BulkVoidOptionsInput, JournalJobRecord } from '../journal-records.js';
import { invoiceListDigest, parseVoidOptions } from '../run-jsonl-bulk-void.js';
import { BULK_SCHEMA } from './bulk-tables.js';
import type { BulkDatabase } from './open-bulk-database.js';
import {
  PG_BOSS_JOB_RETENTION_DAYS,
  type PgBossEngineTimings,
  resolvePgBossTimings,
} from './pg-boss-engine-settings.js';
import { appendJournalRow } from './postgres-journal-store.js';

/** A provider account name: a Stripe account id (`acct_…`), a Chargebee site, or a name of your own. */
const ACCOUNT = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * The account of invoices given without one: the credentials' own (no `Stripe-Account`; on
 * Chargebee the site of the key). Which account that is depends on the job's credentials.
 */
export const BULK_SELF_ACCOUNT = 'self';

/** Inserted per statement: pg-boss takes the jobs as one JSON array. */
const INSERT_CHUNK = 500;

/** One invoice of a pg-boss bulk job and the provider account it belongs to. */
export interface PgBossBulkItem {
  invoiceId: string;
  /** The provider account (Stripe account id, Chargebee site, …); its queue and rate are its own. */
  account: string;
}

/** What `enqueuePgBossBulkVoid` creates. */
export interface EnqueuePgBossBulkVoidOptions {
  /** The new job's id (default `newJobId()`); part of every idempotency key of the job. */
  jobId?: string;
  /** `stripe`, `chargebee`, `memory`: what the workers must call. */
  provider: string;
  /**
   * Which credentials the job runs with, as a JSONL job record names them (the CLI's provider,
   * mode, site, key fingerprint and base URL); never a key. Only workers with the same
   * `credentials` work the job (`runPgBossWorker`).
   */
  account: string;
  items: readonly PgBossBulkItem[];
  /** Requests per second for every account without its own in `accountRates`. `Infinity`: unlimited. */
  rate: number;
  /** Requests per second per provider account, stored with the job. */
  accountRates?: Readonly<Record<string, number>>;
  void?: BulkVoidOptionsInput;
  /** Only `expireInSeconds` and `retryDelaySeconds` matter here: they are set on each pg-boss job. */
  timings?: Partial<PgBossEngineTimings>;
  now?: () => Date;
}

/** A created job: its id and its queue per account. */
export interface EnqueuedPgBossBulkVoid {
  jobId: string;
  queues: { account: string; queue: string; rate: number; invoices: number }[];
}

/** The pg-boss queue of one job's invoices of one account. */
export function bulkQueueName(jobId: string, account: string): string {
  return `billbridge-bulk.${jobId}.${account}`;
}

/**
 * The key an account is leased under: one lease per provider account, whatever the job. A named
 * account (a Stripe account id, a Chargebee site) names the same account whoever calls it:
 * `<provider>:<account>`. `self` is the credentials' own account, a different one per key (two
 * Chargebee sites, two Stripe accounts): `<provider>:self@<credentials>`, so that workers of two
 * keys neither share nor wait for one lease.
 */
export function accountKey(provider: string, account: string, credentials?: string): string {
  if (account === BULK_SELF_ACCOUNT && credentials !== undefined) return `${provider}:self@${credentials}`;
  return `${provider}:${account}`;
}

/**
 * The pg-boss job id of one invoice's void: a UUID made from its idempotency key, so that enqueuing
 * the same invoice twice inserts one job (pg-boss inserts with `ON CONFLICT DO NOTHING`).
 */
export function bulkPgBossJobId(idempotencyKey: string): string {
  const hex = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32).split('');
  hex[12] = '8'; // RFC 9562 version 8 (custom), variant 10xx
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Creates a bulk job on the pg-boss engine (DESIGN §16): per provider account a pg-boss queue
 * (policy `stately`: one queued and one active job per singleton key at most) and one pg-boss job
 * per invoice, its singleton key the invoice's idempotency key and its id made from it; the job,
 * its queues with their rates and the journal's job record in the same transaction as the pg-boss
 * jobs. Everything is checked before anything is written: bad input is a `ValidationError`.
 * Returns once the job is committed; workers (`runPgBossWorker`) work it off.
 */
export async function enqueuePgBossBulkVoid(
  db: BulkDatabase,
  options: EnqueuePgBossBulkVoidOptions,
): Promise<EnqueuedPgBossBulkVoid> {
  const now = options.now ?? (() => new Date());
  const timings = resolvePgBossTimings(options.timings);
  // The client's own rules too (an empty comment was enqueued, then failed every invoice).
  const voidOptions = parseVoidOptions(options.void ?? {});
  const jobId = assertJobId(options.jobId ?? newJobId(now()));
  const byAccount = checkItems(options);
  const rates = options.accountRates ?? {};
  const queues = [...byAccount].map(([account, invoiceIds]) => ({
    account,
    queue: bulkQueueName(jobId, account),
    // Own keys only: account names come from the invoice list, and `constructor` or `__proto__`
    // would find Object.prototype's member and store it as the queue's rate.
    rate: (Object.hasOwn(rates, account) ? rates[account] : undefined) ?? options.rate,
    invoices: invoiceIds.length,
  }));
  const invoiceIds = options.items.map((item) => item.invoiceId);
  const job: JournalJobRecord = {
    type: 'job',
    version: 1,
    jobId,
    createdAt: now().toISOString(),
    provider: options.provider,
    account: options.account,
    input: { count: invoiceIds.length, sha256: invoiceListDigest(invoiceIds) },
    void: voidOptions,
  };
  // retryLimit: a backstop only (the worker journals an invoice failed after PG_BOSS_MAX_REQUEUES).
  const jobOptions = {
    retryLimit: 1000,
    retryDelay: timings.retryDelaySeconds,
    expireInSeconds: timings.expireInSeconds,
  };
  // Kept until worked: pg-boss's default (14 days) archives jobs still queued (PG_BOSS_JOB_RETENTION_DAYS).
  const keepUntil = new Date(now().getTime() + PG_BOSS_JOB_RETENTION_DAYS * 86_400_000).toISOString();
  const existing = await db.query(`SELECT 1 FROM ${BULK_SCHEMA}.job WHERE job_id = $1`, [jobId]);
  if (existing.rowCount !== 0) throw jobExists(jobId);
  // Queues are created first (pg-boss makes a partition each; creating one again does nothing), so
  // the jobs' INSERT … JOIN queue below finds them.
  for (const { queue } of queues) {
    await db.boss.createQueue(queue, {
      name: queue,
      policy: 'stately',
      ...jobOptions,
      retentionMinutes: PG_BOSS_JOB_RETENTION_DAYS * 24 * 60,
    });
  }
  await db.transaction(async (client, txDb) => {
    const created = await client.query(
      `INSERT INTO ${BULK_SCHEMA}.job (job_id, record) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [jobId, job],
    );
    if (created.rowCount !== 1) throw jobExists(jobId);
    for (const queue of queues) {
      await client.query(
        `INSERT INTO ${BULK_SCHEMA}.job_queue (job_id, account, account_key, queue, rate, invoices)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          jobId,
          queue.account,
          accountKey(options.provider, queue.account, options.account),
          queue.queue,
          queue.rate,
          queue.invoices,
        ],
      );
    }
    await appendJournalRow({ query: (text, values) => client.query(text, values) }, { jobId }, job);
    for (const { account, queue } of queues) {
      const ids = byAccount.get(account)!;
      for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
        const jobs = ids.slice(start, start + INSERT_CHUNK).map((invoiceId) => {
          const idempotencyKey = bulkIdempotencyKey(jobId, invoiceId);
          return {
            id: bulkPgBossJobId(idempotencyKey),
            name: queue,
            data: { jobId, invoiceId, idempotencyKey },
            singletonKey: idempotencyKey,
            ...jobOptions,
            keepUntil,
          };
        });
        await db.boss.insert(jobs, { db: txDb });
      }
    }
  });
  return { jobId, queues };
}

function jobExists(jobId: string): ValidationError {
  return new ValidationError({
    issues: [{ path: 'jobId', message: `${jobId} exists already: give another job id` }],
    context: 'bulk job',
  });
}

function checkItems(options: EnqueuePgBossBulkVoidOptions): Map<string, string[]> {
  const issues: ValidationIssue[] = [];
  // The job's rate on its own: an account literally named `rate` must not stand in for it.
  const rates: [path: string, rate: unknown][] = [
    ['rate', options.rate],
    ...Object.entries(options.accountRates ?? {}).map(([name, rate]): [string, unknown] => [
      `accountRates.${name}`,
      rate,
    ]),
  ];
  for (const [path, rate] of rates) {
    if (typeof rate !== 'number' || !(rate > 0)) {
      issues.push({ path, message: 'must be > 0 requests per second' });
    }
  }
  if (options.items.length === 0) issues.push({ path: 'items', message: 'has no invoices' });
  const byAccount = new Map<string, string[]>();
  const seen = new Set<string>();
  options.items.forEach((item, index) => {
    // Chargebee invoice numbers repeat across sites: an invoice is one per account.
    const key = `${item.account}\0${item.invoiceId}`;
    if (!isProviderId(item.invoiceId as unknown)) {
      issues.push({ path: `items.${index}.invoiceId`, message: 'is not an invoice id' });
    } else if (seen.has(key)) {
      issues.push({
        path: `items.${index}.invoiceId`,
        message: `${item.invoiceId} of account ${item.account} is listed twice`,
      });
    }
    seen.add(key);
    if (!ACCOUNT.test(item.account)) {
      issues.push({
        path: `items.${index}.account`,
        message: 'must be 1-100 letters, digits, "_", ".", ":" or "-"',
      });
    }
    const list = byAccount.get(item.account) ?? [];
    list.push(item.invoiceId);
    byAccount.set(item.account, list);
  });
  for (const name of Object.keys(options.accountRates ?? {})) {
    if (!byAccount.has(name))
      issues.push({ path: `accountRates.${name}`, message: 'names no account of the items' });
  }
  if (issues.length > 0) {
    const named = issues.slice(0, 10);
    if (issues.length > 10) named.push({ path: 'items', message: `and ${issues.length - 10} more` });
    throw new ValidationError({ issues: named, context: 'bulk job' });
  }
  return byAccount;
}
