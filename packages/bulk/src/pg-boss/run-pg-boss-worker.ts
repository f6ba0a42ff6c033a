import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { AuthenticationError, type BillingClient, PermissionError } from '@billbridge/core';
import type { BulkInvoiceRecord } from '../bulk-records.js';
import { type JournalJobRecord, journalJobRecordSchema } from '../journal-records.js';
import { createTokenBucket, type RateLimiter } from '../rate-limiter.js';
import {
  type AccountLease,
  anyWorkLeft,
  type BulkQueueFilter,
  claimAccountLeases,
  jobsOfOtherCredentials,
  queuesWithWork,
  releaseAccountLease,
  renewAccountLeases,
} from './account-lease.js';
import { BULK_SCHEMA } from './bulk-tables.js';
import { holdWorkerId } from './hold-worker-id.js';
import { type BulkDatabaseOptions, openBulkDatabase } from './open-bulk-database.js';
import { type PgBossEngineTimings, resolvePgBossTimings } from './pg-boss-engine-settings.js';
import { appendJournalRow, createPostgresJournalStore } from './postgres-journal-store.js';
import { runQueuePass } from './run-queue-pass.js';

/** Which calls a client is wanted for: one provider account, for one job. */
export interface BulkAccountTarget {
  jobId: string;
  /** The job's provider (`stripe`, `chargebee`, `memory`). */
  provider: string;
  /** The provider account (Stripe account id, Chargebee site, …) the invoices belong to. */
  account: string;
  /** The credentials the job was enqueued with (its job record's `account`; never a key). */
  credentials: string;
}

/** What a worker reports as it goes (for logs and tests). */
export type PgBossWorkerEvent =
  | { type: 'lease'; account: string; provider: string; rate: number }
  | { type: 'lease-lost'; account: string }
  | { type: 'lease-released'; account: string }
  /**
   * A job this worker leaves alone, untouched, for a worker that can serve it: all of it (`account`
   * `*`: enqueued with other credentials) or one account's queue of it (refused by `refuse`). Once
   * per job or queue and worker.
   */
  | { type: 'skip'; jobId: string; account: string; reason: string };

/** Settings of `runPgBossWorker`. */
export interface PgBossWorkerOptions {
  database: BulkDatabaseOptions;
  /**
   * The client for one account's calls, its provider paced by `limiter`
   * (`createBillingClient({ provider: rateLimitProvider(provider, limiter) })`): every request the
   * worker makes for the account, retries and reconciling reads included, must go through it.
   * `stopSignal` aborts when the worker stops or loses the account's lease: pass it to
   * `rateLimitProvider` so that a request still waiting for its token is not sent.
   */
  clientFor(
    target: BulkAccountTarget,
    limiter: RateLimiter,
    stopSignal: AbortSignal,
  ): BillingClient | Promise<BillingClient>;
  /**
   * The credentials this worker calls with, as job records name them (the CLI's provider account
   * descriptor: provider, mode, site, key fingerprint, base URL; never a key). Given, the worker
   * works only jobs enqueued with the same (`enqueuePgBossBulkVoid`'s `account`), as the JSONL
   * engine resumes a journal only with the credentials it was started with: another key's job
   * (another Chargebee site, another Stripe account) is left queued and untouched, reported once
   * (`skip`). Omitted: every job is worked, and `clientFor` must serve each `target.credentials`.
   */
  credentials?: string;
  /**
   * Why this worker cannot serve a queue (a reason to log), or `undefined` when it can: e.g. a
   * Chargebee worker asked for another site than its key's. A refused queue is left queued and
   * untouched for another worker, reported once (`skip`); the worker goes on with the others.
   */
  refuse?: (target: BulkAccountTarget) => string | undefined;
  /**
   * Names the worker in leases and journal rows (default `<host>:<pid>:<random>`). A worker started
   * again under its id (a supervisor's slot) takes back the leases of its dead predecessor at once;
   * the id is held by one live process at a time (`holdWorkerId`: a second start under a live id
   * waits up to `leaseSeconds` for it, then fails).
   */
  workerId?: string;
  /** Invoices worked on at once per account (default 4). */
  concurrency?: number;
  /** Accounts leased at once (default 32): with many accounts, several workers share them. */
  maxAccounts?: number;
  /** Work only these provider accounts (default: any; e.g. the Chargebee site this worker has a key for). */
  accounts?: readonly string[];
  /** Work only jobs of this provider (default: any; `clientFor` must then serve every provider). */
  provider?: string;
  timings?: Partial<PgBossEngineTimings>;
  /** Aborting stops taking work: calls in flight finish and are journaled, leases are given back. */
  stopSignal?: AbortSignal;
  /** Stop once no job has work left anywhere (for one-off runs, tests and benches). */
  exitWhenIdle?: boolean;
  onRecord?: (record: BulkInvoiceRecord, where: BulkAccountTarget) => void;
  onEvent?: (event: PgBossWorkerEvent) => void;
  now?: () => Date;
}

/** What a worker did before it stopped. */
export interface PgBossWorkerReport {
  workerId: string;
  /** Invoices whose outcome this worker journaled. */
  settled: number;
  requeued: number;
  /** Account leases taken. */
  leases: number;
  /** Queues given up because the provider refused the credentials (401/403): left queued. */
  credentialsRefused: number;
}

/** The default worker id: host, pid and a random suffix (two workers never share one). */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * A pg-boss worker (DESIGN §16): leases provider accounts that have work (at most `maxAccounts`,
 * one worker per account at a time), and for each runs the engine-neutral loop (`runBulkWorker`)
 * over the account's queues, one job after another, with one token bucket at the rate stored with
 * the job, a journal in PostgreSQL and pg-boss as the source. Leases are renewed every third of
 * `leaseSeconds`; one lost (taken over after a stall) stops that account's loop. pg-boss
 * maintenance runs in every worker (pg-boss lets one per interval do it): it returns the active
 * jobs of a killed worker to `retry`, and the account's next lease holder reconciles them. Only
 * jobs of `credentials` (when given) and queues `refuse` lets through are leased and worked; the
 * others are left untouched, each reported once (`skip`). An invoice's requeues after 429s are
 * capped across passes by its pg-boss job's fetch count (`runQueuePass`, `PG_BOSS_MAX_REQUEUES`).
 * Resolves when `stopSignal` aborts (or, with `exitWhenIdle`, when nothing it may work is left); a
 * journal or database error stops the worker and is thrown.
 */
export async function runPgBossWorker(options: PgBossWorkerOptions): Promise<PgBossWorkerReport> {
  const timings = resolvePgBossTimings(options.timings);
  const concurrency = options.concurrency ?? 4;
  const maxAccounts = options.maxAccounts ?? 32;
  for (const [name, value] of [
    ['concurrency', concurrency],
    ['maxAccounts', maxAccounts],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  const workerId = options.workerId ?? defaultWorkerId();
  const now = options.now ?? (() => new Date());
  const stop = options.stopSignal ?? new AbortController().signal;
  const identity =
    options.workerId === undefined
      ? undefined
      : await holdWorkerId(options.database.connectionString, workerId, {
          waitMs: timings.leaseSeconds * 1000,
          signal: stop,
        });
  const db = await openBulkDatabase(options.database, {
    supervise: true,
    maintenanceIntervalSeconds: timings.maintenanceIntervalSeconds,
  }).catch(async (error) => {
    await identity?.release();
    throw error;
  });
  const report: PgBossWorkerReport = { workerId, settled: 0, requeued: 0, leases: 0, credentialsRefused: 0 };
  const runners = new Map<string, { lease: AccountLease; abort: AbortController; done: Promise<void> }>();
  const jobs = new Map<string, Promise<JournalJobRecord>>();
  /** Queues this worker cannot serve, and jobs it said it leaves alone. */
  const refused = new Set<string>();
  const told = new Set<string>();
  const queueFilter = (): BulkQueueFilter => ({
    accounts: options.accounts,
    provider: options.provider,
    credentials: options.credentials,
    skip: [...refused],
  });
  const skipJob = (jobId: string, credentials: string) => {
    if (told.has(jobId)) return;
    told.add(jobId);
    const reason = `it was enqueued with ${credentials}, not this worker's ${options.credentials}: left queued for a worker with its credentials`;
    options.onEvent?.({ type: 'skip', jobId, account: '*', reason });
  };
  const failed = new AbortController();
  let fatal: unknown;
  let wake: () => void = () => {};
  let renewedAt = Date.now();
  const lostIdentity = () => {
    const error = new Error(`lost the database session holding worker id ${workerId}`, {
      cause: identity?.lost.reason,
    });
    fatal ??= error;
    failed.abort(error);
  };
  // It may have ended while the database was being opened.
  if (identity?.lost.aborted) lostIdentity();
  else identity?.lost.addEventListener('abort', lostIdentity, { once: true });

  const loadJob = (jobId: string) => {
    let job = jobs.get(jobId);
    if (!job) {
      job = db
        .query<{ record: unknown }>(`SELECT record FROM ${BULK_SCHEMA}.job WHERE job_id = $1`, [jobId])
        .then((result) => journalJobRecordSchema.parse(result.rows[0]?.record));
      jobs.set(jobId, job);
    }
    return job;
  };

  async function workAccount(lease: AccountLease, abort: AbortController) {
    const limiter = createTokenBucket({ rate: lease.rate });
    const started = new Set<string>();
    const signal = AbortSignal.any([abort.signal, failed.signal]);
    try {
      while (!signal.aborted) {
        const queues = await queuesWithWork(db, lease.accountKey, queueFilter());
        if (queues.length === 0) break;
        let fetched = 0;
        for (const queue of queues) {
          if (signal.aborted) break;
          if (refused.has(queue.queue)) continue;
          const job = await loadJob(queue.jobId);
          const target: BulkAccountTarget = {
            jobId: job.jobId,
            provider: job.provider,
            account: queue.account,
            credentials: job.account,
          };
          // Never another key's job: the SQL leaves them out, this is the last word before a call.
          if (options.credentials !== undefined && job.account !== options.credentials) {
            refused.add(queue.queue);
            skipJob(job.jobId, job.account);
            continue;
          }
          const reason = options.refuse?.(target);
          if (reason !== undefined) {
            refused.add(queue.queue);
            options.onEvent?.({ type: 'skip', jobId: job.jobId, account: queue.account, reason });
            continue;
          }
          const scope = { jobId: job.jobId, account: queue.account, worker: workerId };
          let runWritten = started.has(queue.jobId);
          let result: Awaited<ReturnType<typeof runQueuePass>>;
          try {
            result = await runQueuePass({
              db,
              queue: queue.queue,
              client: await options.clientFor(target, limiter, signal),
              journal: createPostgresJournalStore(db, scope),
              void: job.void,
              concurrency,
              stopSignal: signal,
              async beforeItem() {
                if (runWritten) return;
                runWritten = true;
                started.add(queue.jobId);
                const at = now().toISOString();
                await appendJournalRow(db, scope, { type: 'run', at, resume: false, pid: process.pid });
              },
              onRecord: (record) => options.onRecord?.(record, target),
              now,
            });
          } catch (error) {
            // One account's refused credentials (a Connect account's 403 too) stop that queue, not
            // the worker: it is left queued, the refused invoice not settled, the others served.
            if (!AuthenticationError.isInstance(error) && !PermissionError.isInstance(error)) throw error;
            refused.add(queue.queue);
            report.credentialsRefused += 1;
            options.onEvent?.({
              type: 'skip',
              jobId: job.jobId,
              account: queue.account,
              reason: `${error.message}: left queued for a worker whose credentials the provider accepts`,
            });
            continue;
          }
          fetched += result.fetched;
          report.settled += result.settled;
          report.requeued += result.requeued;
        }
        // Nothing to fetch, yet work left: active jobs of a killed worker (back after their expiry) or
        // requeued ones waiting out their retry delay.
        if (fetched === 0) await sleep(timings.pollIntervalSeconds * 1000, signal);
      }
    } finally {
      const reason = signal.aborted ? 'interrupted' : 'finished';
      for (const jobId of started) {
        const scope = { jobId, account: lease.account, worker: workerId };
        await appendJournalRow(db, scope, { type: 'stop', at: now().toISOString(), reason }).catch(() => {});
      }
      if (!abort.signal.reason || abort.signal.reason !== 'lease-lost') {
        await releaseAccountLease(db, workerId, lease.accountKey).catch(() => {});
        options.onEvent?.({ type: 'lease-released', account: lease.account });
      }
    }
  }

  function startRunner(lease: AccountLease) {
    const abort = new AbortController();
    report.leases += 1;
    options.onEvent?.({ type: 'lease', account: lease.account, provider: lease.provider, rate: lease.rate });
    const done = workAccount(lease, abort)
      .catch((error) => {
        fatal ??= error;
        failed.abort(error);
      })
      .finally(() => {
        runners.delete(lease.accountKey);
        wake();
      });
    runners.set(lease.accountKey, { lease, abort, done });
  }

  async function renew() {
    const keys = [...runners.keys()];
    try {
      const held = await renewAccountLeases(db, workerId, keys, timings.leaseSeconds);
      renewedAt = Date.now();
      for (const key of keys) {
        const runner = runners.get(key);
        if (runner && !held.has(key)) {
          options.onEvent?.({ type: 'lease-lost', account: runner.lease.account });
          runner.abort.abort('lease-lost');
        }
      }
    } catch {
      // The database is out of reach: past the lease, another worker may hold the accounts now.
      if (Date.now() - renewedAt > timings.leaseSeconds * 1000) {
        for (const runner of runners.values()) runner.abort.abort('lease-lost');
      }
    }
  }
  const renewal = setInterval(() => void renew(), (timings.leaseSeconds * 1000) / 3);

  try {
    const halt = AbortSignal.any([stop, failed.signal]);
    while (!halt.aborted) {
      if (options.credentials !== undefined) {
        const others = await jobsOfOtherCredentials(db, {
          ...queueFilter(),
          credentials: options.credentials,
          seen: [...told],
        });
        for (const other of others) skipJob(other.jobId, other.credentials);
      }
      if (runners.size < maxAccounts) {
        const leases = await claimAccountLeases(db, workerId, {
          limit: maxAccounts - runners.size,
          leaseSeconds: timings.leaseSeconds,
          held: [...runners.keys()],
          ...queueFilter(),
        });
        for (const lease of leases) startRunner(lease);
      }
      if (options.exitWhenIdle && runners.size === 0 && !(await anyWorkLeft(db, queueFilter()))) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        sleep(timings.pollIntervalSeconds * 1000, halt).then(resolve);
      });
    }
  } catch (error) {
    fatal ??= error;
  } finally {
    for (const runner of runners.values()) runner.abort.abort('stopped');
    await Promise.all([...runners.values()].map((runner) => runner.done));
    clearInterval(renewal);
    await db.close();
    await identity?.release();
  }
  if (fatal !== undefined) throw fatal;
  return report;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
