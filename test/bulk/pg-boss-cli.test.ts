import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundleWithSdk } from '../../packages/billbridge/test/cli/support/build-cli-bundle.js';
import {
  emulatorControl,
  type SeededInvoice,
  seedStripeInvoices,
} from '../../packages/billbridge/test/cli/support/seed-emulator-invoices.js';
import {
  type RunningBillbridge,
  runBillbridge,
  startBillbridge,
} from '../../packages/billbridge/test/cli/support/spawn-billbridge.js';
import { startEmulatorWith } from '../../packages/emulator/src/start-emulator.js';
import { dispatchedSdkOptions } from '../support/dispatching-http-clients.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';

/**
 * The operator's side of the pg-boss engine (DESIGN §16), through the built bin against a real
 * PostgreSQL and the emulator: `bulk-status` as text (before any worker, and once done), and
 * `bulk-void --engine … --wait` following its job to the end while a `billbridge worker` works
 * it (exit code, the records, the summary, as text and as NDJSON).
 */
const KEY = 'sk_test_billbridgePgBossCli';

let postgres: PostgresServer;
let emulator: Awaited<ReturnType<typeof startEmulatorWith>>;
/** Seeding dispatches in this process (test/support/dispatching-http-clients.ts); the workers use HTTP. */
let seeding: ReturnType<typeof dispatchedSdkOptions>;
let control: ReturnType<typeof emulatorControl>;
let bin: string;
let dir: string;
const spawned: RunningBillbridge[] = [];

beforeAll(async () => {
  [postgres, emulator, bin] = await Promise.all([
    startPostgres(),
    startEmulatorWith({}),
    buildCliBundleWithSdk(),
  ]);
  seeding = dispatchedSdkOptions(emulator);
  control = emulatorControl(emulator.url);
  dir = await mkdtemp(join(tmpdir(), 'bulk-cli-'));
}, 120_000);
afterAll(async () => {
  for (const child of spawned) child.child.kill('SIGKILL');
  await emulator?.close();
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = () => ({ STRIPE_SECRET_KEY: KEY, BILLBRIDGE_PROVIDER: 'stripe' });
const engine = () => ['--engine', postgres.connectionString, '--api-base', emulator.url];

function start(args: readonly string[]): RunningBillbridge {
  const child = startBillbridge(bin, args, { env: env() });
  spawned.push(child);
  return child;
}

async function inputFile(name: string, invoices: readonly SeededInvoice[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `invoice\n${invoices.map((invoice) => invoice.id).join('\n')}\n`);
  return path;
}

/** The cells of the first line of `text` whose first cell is `first` (columns are two spaces apart). */
function row(text: string, first: string): string[] | undefined {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/))
    .find((cells) => cells[0] === first);
}

/** A worker that stops once nothing is left, with short timings. */
function startWorker(): RunningBillbridge {
  return start([
    'worker',
    ...engine(),
    '--worker-id',
    'cli-worker',
    '--exit-when-idle',
    '--poll-seconds',
    '0.5',
  ]);
}

/** `bulk-void --engine … --wait` of `invoices` as job `jobId`. */
async function startWaiter(jobId: string, invoices: readonly SeededInvoice[], flags: readonly string[]) {
  const input = await inputFile(`${jobId}.csv`, invoices);
  return start(['bulk-void', ...engine(), '--input', input, '--job-id', jobId, '--wait', ...flags]);
}

/** Successful, non-replayed voids per invoice in the emulator's log. */
async function voidsPerInvoice(): Promise<Map<string, number>> {
  const voids = new Map<string, number>();
  for (const entry of await control.requests()) {
    const match = /^\/v1\/invoices\/([^/]+)\/void$/.exec(entry.path);
    if (entry.method !== 'POST' || !match || entry.status !== 200 || entry.replayed) continue;
    voids.set(match[1]!, (voids.get(match[1]!) ?? 0) + 1);
  }
  return voids;
}

describe('bulk-void --engine --wait and bulk-status, through the bin', () => {
  let first: SeededInvoice[];

  it('bulk-status as text before any worker: the job, its account and rate, all pending, no worker yet', async () => {
    first = await seedStripeInvoices(seeding.stripe, KEY, [
      { status: 'open', total: 1200 },
      { status: 'open', total: 1300, applied: 300 },
      { status: 'open', total: 1400 },
      { status: 'open', total: 1500 },
      { status: 'paid', total: 1600 },
      { status: 'draft', total: 1700 },
    ]);
    const enqueued = await runBillbridge(
      bin,
      [
        'bulk-void',
        ...engine(),
        '--input',
        await inputFile('first.csv', first),
        '--job-id',
        'cli_1',
        '--rate',
        '20',
      ],
      { env: env() },
    );
    expect(enqueued.code, enqueued.stderr).toBe(0);
    expect(enqueued.stdout).toBe('cli_1\n');

    const status = await runBillbridge(bin, ['bulk-status', ...engine()], { env: env() });
    expect(status.code, status.stderr).toBe(0);
    const text = status.stdout;
    expect(row(text, 'job')).toEqual(['job', 'cli_1']);
    expect(row(text, 'provider')?.[1]).toMatch(/^stripe \(/);
    expect(row(text, 'state')).toEqual(['state', 'running (0 in flight or in doubt)']);
    expect(row(text, 'account')).toEqual([
      'account',
      'rate/s',
      'invoices',
      'voided',
      'refused',
      'failed',
      'in doubt',
      'pending',
      'leased by',
    ]);
    expect(row(text, 'self')).toEqual(['self', '20', '6', '0', '0', '0', '0', '6', '-']);
    expect(text).toContain('no worker has written yet\n');
    expect(row(text, 'invoices')).toEqual(['invoices', '6']);
    expect(row(text, 'pending')?.[1]).toBe('6');
    // Nothing was voided: no worker ran.
    expect((await voidsPerInvoice()).size).toBe(0);
  });

  it('bulk-void --wait follows its job while a worker works it: the rows, the summary, exit 1 for a refused invoice', async () => {
    const invoices = await seedStripeInvoices(seeding.stripe, KEY, [
      { status: 'open', total: 2100 },
      { status: 'open', total: 2200, applied: 500 },
      { status: 'open', total: 2300 },
      { status: 'paid', total: 2400 },
    ]);
    const waiter = await startWaiter('cli_2', invoices, ['--rate', '20', '--progress-interval', '1']);
    await waiter.waitFor(/enqueued 4 invoices/);
    // Still following: the job has no worker yet.
    expect(waiter.child.exitCode).toBeNull();
    const worker = startWorker();
    const [waited, worked] = await Promise.all([waiter.done, worker.done]);
    expect(worked.code, worked.stderr).toBe(0);
    expect(waited.code, waited.stderr).toBe(1);
    const lines = waited.stdout.split('\n');
    expect(lines[0]).toBe('cli_2');
    for (const invoice of invoices) {
      const cells = row(waited.stdout, invoice.id);
      expect(cells?.[1], invoice.id).toBe(invoice.status === 'paid' ? 'refused' : 'voided');
    }
    expect(row(waited.stdout, invoices[1]!.id)?.[2]).toBe('returns USD 5.00');
    expect(waited.stdout).toContain('job cli_2\n');
    expect(row(waited.stdout, 'invoices')).toEqual(['invoices', '4']);
    expect(row(waited.stdout, 'voided')).toEqual(['voided', '3']);
    expect(row(waited.stdout, 'refused')?.[1]).toBe('1');
    expect(row(waited.stdout, 'balance returned')).toEqual(['balance returned', 'USD 5.00']);
    // Off a terminal: progress lines on stderr, the last one at the end.
    expect(waited.stderr).toMatch(/progress 4\/4 100% \| [\d.]+\/s \| ETA 0s \| voided 3 refused 1 failed 0/);
    // The worker also worked off the first job; each open invoice of both voided once.
    const voids = await voidsPerInvoice();
    const open = [...first, ...invoices].filter((invoice) => invoice.status === 'open');
    expect([...voids.keys()].sort()).toEqual(open.map((invoice) => invoice.id).sort());
    expect(new Set(voids.values())).toEqual(new Set([1]));
  });

  it('bulk-void --wait --json: the job, a record per invoice and the summary as NDJSON, exit 0 when all are voided', async () => {
    const invoices = await seedStripeInvoices(seeding.stripe, KEY, [
      { status: 'open', total: 3100 },
      { status: 'open', total: 3200 },
    ]);
    const waiter = await startWaiter('cli_3', invoices, ['--json']);
    await waiter.waitFor(/enqueued 2 invoices/);
    const worker = startWorker();
    const [waited, worked] = await Promise.all([waiter.done, worker.done]);
    expect(worked.code, worked.stderr).toBe(0);
    expect(waited.code, waited.stderr).toBe(0);
    const records = waited.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ type: 'job', jobId: 'cli_3' });
    const rows = records.filter((record) => record.type === 'invoice');
    expect(rows.map((record) => record.invoiceId).sort()).toEqual(
      invoices.map((invoice) => invoice.id).sort(),
    );
    for (const record of rows) expect(record.status).toBe('voided');
    expect(records.at(-1), `${waited.stdout}\n${worked.stderr}`).toMatchObject({
      type: 'summary',
      total: 2,
      voided: 2,
      refused: 0,
      failed: 0,
    });
  });

  it('bulk-status as text once done: counts per account, the worker that wrote; an unknown job is exit 2', async () => {
    const status = await runBillbridge(bin, ['bulk-status', ...engine(), '--job', 'cli_1'], { env: env() });
    expect(status.code, status.stderr).toBe(0);
    const text = status.stdout;
    expect(row(text, 'job')).toEqual(['job', 'cli_1']);
    expect(row(text, 'state')).toEqual(['state', 'done']);
    expect(row(text, 'self')).toEqual(['self', '20', '6', '4', '2', '0', '0', '0', '-']);
    expect(row(text, 'worker')).toEqual(['worker', 'records', 'last write']);
    // A run row, an intent and an outcome per invoice, and a stop row.
    expect(row(text, 'cli-worker')?.slice(0, 2)).toEqual(['cli-worker', String(6 * 2 + 2)]);
    expect(row(text, 'voided')).toEqual(['voided', '4']);
    expect(row(text, 'balance returned')).toEqual(['balance returned', 'USD 3.00']);
    // No job named: the latest.
    const latest = await runBillbridge(bin, ['bulk-status', ...engine()], { env: env() });
    expect(row(latest.stdout, 'job')).toEqual(['job', 'cli_3']);
    const unknown = await runBillbridge(bin, ['bulk-status', ...engine(), '--job', 'no_such_job'], {
      env: env(),
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no_such_job/);
    expect(unknown.stderr).not.toContain(new URL(postgres.connectionString).password);
  });

  it('worker --worker-id must be a plain name: exit 2 before connecting', async () => {
    const bad = await runBillbridge(
      bin,
      ['worker', '--engine', 'postgres://u:p@127.0.0.1:1/none', '--worker-id', 'two words'],
      { env: env() },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--worker-id must be 1 to 200 letters/);
    expect(bad.stderr).not.toMatch(/cannot open the bulk database/);
  });
});
