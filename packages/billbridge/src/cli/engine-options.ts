import { assertConnectionString, type PgBossEngineTimings } from '@billbridge/bulk';
import type { Command } from 'commander';
import { UsageError } from './cli-command.js';

/** The flags the pg-boss engine adds to `bulk-void`. */
export interface EngineFlags {
  engine?: string;
  wait?: boolean;
  account?: string;
  accountRate?: string[];
  expireSeconds?: string;
}

/** The account of invoices given without one: the key's own (no `Stripe-Account`; Chargebee: `CHARGEBEE_SITE`). */
export const SELF_ACCOUNT = 'self';

/**
 * The bounds of `--concurrency` and `--rate` (bulk-void, and the engine's `--account-rate` and
 * `billbridge worker --concurrency`, which had none until 2026-12-07). Each invoice in flight holds a worker, a request
 * and its journal writes; past rate × latency more only wait in the token bucket, so 1000 (1000/s
 * at a second a void, 40 times Stripe's 25/s) is more than any provider takes, and 10^8 ran out of
 * memory. No provider takes 10 000 requests a second; below one every 100 s a run never ends.
 */
export const BULK_LIMITS = {
  concurrency: { min: 1, max: 1000 },
  rate: { min: 0.01, max: 10_000 },
} as const;

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds `--engine`, `--wait`, `--account`, `--account-rate` and `--expire-seconds` to `bulk-void`. */
export function withEngineOptions(command: Command): Command {
  return command
    .option(
      '--engine <url>',
      'run on the pg-boss engine: enqueue the job in this PostgreSQL and return (DESIGN §16)',
    )
    .option(
      '--wait',
      'with --engine: follow the job to its end (progress from the journal), then print the records',
    )
    .option(
      '--account <id>',
      `with --engine: the provider account of invoices without an "account" CSV column (default ${SELF_ACCOUNT}: the key's own)`,
    )
    .option(
      '--account-rate <id=n>',
      'with --engine: requests per second for one account (repeatable)',
      collect,
    )
    .option(
      '--expire-seconds <n>',
      'with --engine: an active job left this long by a dead worker goes back to the queue (default 30)',
    );
}

/** The `--engine` URL, checked (a `ValidationError` when it is no PostgreSQL URL). */
export function engineUrl(value: string | undefined): string {
  if (value === undefined) throw new UsageError('--engine <postgres://…> is required');
  return assertConnectionString(value, '--engine');
}

/** `--account-rate acct_1=20 --account-rate acct_2=5` as rates per account. */
export function accountRates(values: readonly string[] | undefined): Record<string, number> {
  // A Map, then own properties (Object.fromEntries defines them): `rates['__proto__'] = 5` would
  // set the prototype instead, and the rate would vanish unchecked.
  const rates = new Map<string, number>();
  for (const value of values ?? []) {
    const match = /^([^=]+)=(.+)$/.exec(value);
    const rate = match ? Number(match[2]) : Number.NaN;
    if (!match || !(rate > 0)) {
      throw new UsageError(
        `--account-rate must be <account>=<requests per second>, not ${JSON.stringify(value)}`,
      );
    }
    if (rate < BULK_LIMITS.rate.min || rate > BULK_LIMITS.rate.max) {
      throw new UsageError(
        `--account-rate ${match[1]}: the rate must be from ${BULK_LIMITS.rate.min} to ${BULK_LIMITS.rate.max} requests per second`,
      );
    }
    rates.set(match[1]!, rate);
  }
  return Object.fromEntries(rates);
}

/** A positive number of seconds from a flag, or `undefined`. */
export function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!(parsed > 0) || !Number.isFinite(parsed))
    throw new UsageError(`${flag} must be a positive number of seconds`);
  return parsed;
}

/** The worker's timing flags as engine timings (only those given). */
export function timingFlags(flags: {
  leaseSeconds?: string;
  maintenanceSeconds?: string;
  pollSeconds?: string;
}): Partial<PgBossEngineTimings> {
  const timings: Partial<PgBossEngineTimings> = {};
  const lease = seconds(flags.leaseSeconds, '--lease-seconds');
  const maintenance = seconds(flags.maintenanceSeconds, '--maintenance-seconds');
  const poll = seconds(flags.pollSeconds, '--poll-seconds');
  if (lease !== undefined) timings.leaseSeconds = lease;
  if (maintenance !== undefined) timings.maintenanceIntervalSeconds = maintenance;
  if (poll !== undefined) timings.pollIntervalSeconds = poll;
  return timings;
}
