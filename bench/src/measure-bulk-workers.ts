import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BULK_SCHEMA, enqueuePgBossBulkVoid, openBulkDatabase } from '@billbridge/bulk';
import { startEmulator } from '@billbridge/emulator';
import Stripe from 'stripe';
import { startPostgres } from '../../test/support/postgres-server.js';

/**
 * Voids per second of the pg-boss engine with 1, 2, 4 … worker processes against the emulator,
 * the per-account rate lifted (`Infinity`), over `accounts` Stripe connected accounts (one lease
 * per account: more workers than accounts would idle). Each round seeds fresh invoices in the
 * emulator (a voided invoice cannot be voided again), enqueues one job and times the workers from
 * start to exit; it reports the workers' CPU per void, PostgreSQL's CPU per void (the postmaster's
 * process tree, Linux only) and its transactions and rows written per void (pg_stat_database).
 */
export interface BulkWorkersResult {
  workers: number;
  invoices: number;
  /** From the first outcome journaled to the last. */
  voidsPerSecond: number;
  /** From starting the worker processes to their exit (start-up and the idle check included). */
  wallSeconds: number;
  workerCpuUsPerVoid: number;
  postgresCpuUsPerVoid: number | null;
  transactionsPerVoid: number;
  rowsWrittenPerVoid: number;
}

const KEY = 'sk_test_billbridgeBulkBench';
const CLOCK_TICKS = 100;

/** CPU seconds of PostgreSQL on `port` so far: the postmaster (with reaped children) and its live children. */
function postgresCpuSeconds(port: number): number | null {
  if (process.platform !== 'linux') return null;
  const stats = new Map<number, { ppid: number; ticks: number; own: number; cmd: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const own = Number(fields[11]) + Number(fields[12]);
      const children = Number(fields[13]) + Number(fields[14]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      stats.set(Number(name), { ppid: Number(fields[1]), ticks: own + children, own, cmd });
    } catch {
      // The process ended meanwhile.
    }
  }
  const postmaster = [...stats].find(
    ([, stat]) => stat.cmd.includes('postgres') && stat.cmd.includes(String(port)),
  );
  if (!postmaster) return null;
  let ticks = postmaster[1].ticks;
  for (const stat of stats.values()) if (stat.ppid === postmaster[0]) ticks += stat.own;
  return ticks / CLOCK_TICKS;
}

async function seed(
  emulator: { stripe: { host: string; port: number; protocol: 'http' } },
  account: string,
  count: number,
) {
  const stripe = new Stripe(KEY, { ...emulator.stripe, stripeAccount: account, maxNetworkRetries: 0 });
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      const customer = await stripe.customers.create({});
      while (next < count) {
        next += 1;
        await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd' });
        const draft = await stripe.invoices.create({
          customer: customer.id,
          auto_advance: false,
          pending_invoice_items_behavior: 'include',
        });
        ids.push((await stripe.invoices.finalizeInvoice(draft.id)).id);
      }
    }),
  );
  return ids;
}

function runWorker(env: Record<string, string>): Promise<{ settled: number; cpuMs: number }> {
  const script = fileURLToPath(new URL('./bulk-worker-process.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench worker exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

/** Runs one round per worker count; `invoicesPerAccount` fresh invoices in each of `accounts` accounts. */
export async function measureBulkWorkers(options: {
  workerCounts: readonly number[];
  accounts: number;
  invoicesPerAccount: number;
  concurrency: number;
}): Promise<BulkWorkersResult[]> {
  const [postgres, emulator] = await Promise.all([startPostgres(), startEmulator()]);
  const port = Number(new URL(postgres.connectionString).port);
  const db = await openBulkDatabase({ connectionString: postgres.connectionString });
  const results: BulkWorkersResult[] = [];
  try {
    for (const [round, workers] of options.workerCounts.entries()) {
      const accounts = Array.from({ length: options.accounts }, (_, index) => `acct_bench${round}x${index}`);
      const seeded = await Promise.all(
        accounts.map((account) => seed(emulator, account, options.invoicesPerAccount)),
      );
      const items = accounts.flatMap((account, index) =>
        seeded[index]!.map((invoiceId) => ({ invoiceId, account })),
      );
      await enqueuePgBossBulkVoid(db, {
        jobId: `bench_${round}_${workers}`,
        provider: 'stripe',
        account: 'stripe:test:bench',
        items,
        rate: Number.POSITIVE_INFINITY,
      });
      const statsBefore = await db.query<{ xact: string; rows: string }>(
        'SELECT xact_commit AS xact, tup_inserted + tup_updated + tup_deleted AS rows FROM pg_stat_database WHERE datname = current_database()',
      );
      const cpuBefore = postgresCpuSeconds(port);
      const started = performance.now();
      const env = {
        BULK_BENCH_WORKER: JSON.stringify({
          connectionString: postgres.connectionString,
          stripe: emulator.stripe,
          apiKey: KEY,
          maxAccounts: Math.ceil(options.accounts / workers),
          concurrency: options.concurrency,
        }),
      };
      const reports = await Promise.all(Array.from({ length: workers }, () => runWorker(env)));
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = postgresCpuSeconds(port);
      // pg_stat_database is updated by backends at transaction end, with a short delay.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const statsAfter = await db.query<{ xact: string; rows: string }>(
        'SELECT xact_commit AS xact, tup_inserted + tup_updated + tup_deleted AS rows FROM pg_stat_database WHERE datname = current_database()',
      );
      const voids = reports.reduce((sum, report) => sum + report.settled, 0);
      // Steady state: from the first outcome journaled to the last (process start-up left out).
      const span = await db.query<{ seconds: number }>(
        `SELECT EXTRACT(epoch FROM max(at) - min(at))::float8 AS seconds FROM ${BULK_SCHEMA}.journal
         WHERE job_id = $1 AND type = 'outcome'`,
        [`bench_${round}_${workers}`],
      );
      if (voids !== items.length) throw new Error(`bench: ${voids} of ${items.length} invoices settled`);
      results.push({
        workers,
        invoices: voids,
        voidsPerSecond: voids / (span.rows[0]?.seconds || seconds),
        wallSeconds: seconds,
        workerCpuUsPerVoid: (reports.reduce((sum, report) => sum + report.cpuMs, 0) * 1000) / voids,
        postgresCpuUsPerVoid:
          cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1e6) / voids,
        transactionsPerVoid: (Number(statsAfter.rows[0]!.xact) - Number(statsBefore.rows[0]!.xact)) / voids,
        rowsWrittenPerVoid: (Number(statsAfter.rows[0]!.rows) - Number(statsBefore.rows[0]!.rows)) / voids,
      });
    }
  } finally {
    await db.close();
    await emulator.close();
    await postgres.stop();
  }
  return results;
}
