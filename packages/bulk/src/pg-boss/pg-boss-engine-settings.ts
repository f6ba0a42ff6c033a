import { ValidationError } from '@billbridge/core';

/**
 * The timings of the pg-boss engine (DESIGN §16), in seconds. Together they decide how soon the
 * work of a killed worker is taken up by another (`takeoverBoundSeconds`), which must stay within
 * 60 s; and how much a live worker writes to keep what it holds.
 *
 * pg-boss 10.4.2 has no heartbeat for active jobs (no such option in its `types.d.ts` or `src/`):
 * an active job is failed into `retry` by the maintenance run once `started_on + expire_in` has
 * passed (`failJobsByTimeout` in `src/plans.js`), and maintenance runs at most every
 * `maintenanceIntervalSeconds` across all instances (`trySetMaintenanceTime`, default 120 s), with
 * `expire_in` from the job (`expireInSeconds`, default 15 min). Both defaults are replaced here.
 */
export interface PgBossEngineTimings {
  /** An account's lease lasts this long unless renewed (renewed every third of it). */
  leaseSeconds: number;
  /** An active pg-boss job not completed within this is failed back to `retry` (set on each job at enqueue). */
  expireInSeconds: number;
  /** How often pg-boss maintenance (which expires active jobs) runs, across all workers together. */
  maintenanceIntervalSeconds: number;
  /** How long an idle worker waits before looking for work again. */
  pollIntervalSeconds: number;
  /** Wait before a requeued or expired job is fetched again (pg-boss `retryDelay`). */
  retryDelaySeconds: number;
}

/**
 * The defaults: an account's lease 15 s, a job's expiry 30 s, maintenance every 10 s, polling
 * every second. A killed worker's accounts are leased again after at most 15 + 1 s and its jobs in
 * flight come back after at most 30 + 10 + 1 + 1 s: `takeoverBoundSeconds(PG_BOSS_ENGINE_DEFAULTS)`
 * is 42 s, within DESIGN §16's 60 s. A single void (with the client's retries, budget 30 s by
 * default) fits the 30 s expiry in normal operation; one that outlasts it is fetched again only by
 * the lease holder, which does not hand it out twice (see `createPgBossJobSource`).
 */
export const PG_BOSS_ENGINE_DEFAULTS: Readonly<PgBossEngineTimings> = Object.freeze({
  leaseSeconds: 15,
  expireInSeconds: 30,
  maintenanceIntervalSeconds: 10,
  pollIntervalSeconds: 1,
  retryDelaySeconds: 1,
});

/**
 * How long pg-boss keeps a job of a bulk job that is still queued, in days (set on each pg-boss job
 * as `keepUntil` and on its queue as `retentionMinutes` at enqueue). pg-boss's default is 14 days
 * from the job's creation, after which its maintenance archives a job in `created` or `retry` as
 * if it had been worked (`archive` in pg-boss's `src/plans.js`: `state < 'active' AND keep_until <
 * now()`): the invoice would be left unvoided, with no outcome, while the job looked done. Ten
 * years: a job is kept until it is worked.
 */
export const PG_BOSS_JOB_RETENTION_DAYS = 3650;

/**
 * How often one invoice is put back after a 429 that outlasted the client's retries before its
 * next attempt is its last (journaled `failed` if rate limited again): 20, as on the JSONL engine
 * (`runBulkWorker`'s default `maxRequeues`). The pg-boss engine counts the times the invoice's
 * pg-boss job was fetched again (its `retry_count`), so the count holds across passes, leases and
 * workers; an expiry (a killed worker, a void outlasting `expireInSeconds`) counts too.
 */
export const PG_BOSS_MAX_REQUEUES = 20;

/** The longest the takeover of a killed worker's accounts and jobs in flight can take, in seconds. */
export function takeoverBoundSeconds(timings: PgBossEngineTimings): number {
  const lease = timings.leaseSeconds + timings.pollIntervalSeconds;
  const inFlight =
    timings.expireInSeconds +
    timings.maintenanceIntervalSeconds +
    timings.retryDelaySeconds +
    timings.pollIntervalSeconds;
  return Math.max(lease, inFlight);
}

/**
 * The timings with `overrides` applied, checked: whole seconds of at least 1 (pg-boss's own minimum
 * for expiry and maintenance; polling may be 0.5 s), at most 24 h for an expiry (pg-boss's limit).
 */
export function resolvePgBossTimings(overrides: Partial<PgBossEngineTimings> = {}): PgBossEngineTimings {
  const timings = { ...PG_BOSS_ENGINE_DEFAULTS, ...overrides };
  const issues: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(timings)) {
    const min = key === 'pollIntervalSeconds' ? 0.5 : key === 'retryDelaySeconds' ? 0 : 1;
    const whole = key !== 'pollIntervalSeconds';
    if (typeof value !== 'number' || !(value >= min) || (whole && !Number.isInteger(value))) {
      issues.push({
        path: key,
        message: `must be ${whole ? 'a whole number' : 'a number'} of seconds ≥ ${min}`,
      });
    }
  }
  if (timings.expireInSeconds >= 24 * 3600) {
    issues.push({ path: 'expireInSeconds', message: 'must be under 24 hours (pg-boss refuses more)' });
  }
  if (issues.length > 0) throw new ValidationError({ issues, context: 'pg-boss engine timings' });
  return timings;
}
