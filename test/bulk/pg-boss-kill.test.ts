import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from '../../packages/billbridge/test/cli/support/build-cli-bundle.js';
import {
  type RunningBillbridge,
  runBillbridge,
  startBillbridge,
} from '../../packages/billbridge/test/cli/support/spawn-billbridge.js';
import { BULK_SCHEMA, PG_BOSS_ENGINE_DEFAULTS, takeoverBoundSeconds } from '../../packages/bulk/src/index.js';
import { peakPerSecond } from '../../packages/bulk/test/support/peak-per-second.js';
import type { RequestLogEntry } from '../../packages/emulator/src/index.js';
import { type RunningEmulator, startEmulator } from '../../packages/emulator/src/index.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';

/**
 * DESIGN §16 end to end, as operators run it: the built `billbridge` bin enqueues 1 000 invoices
 * over two Stripe connected accounts with different rates into a real PostgreSQL, three
 * `billbridge worker` processes work them off against the emulator (state per `Stripe-Account`,
 * a rate limit per account, every request logged), and the worker holding the fast account is
 * SIGKILLed mid-call, twice: first the one that leased it, then the one that took it over (each
 * killed process started again in its slot, as a supervisor would). Then: every
 * voidable invoice voided exactly once (the emulator's log), each account's observed request rate
 * within its limit with no 429, and the journal complete.
 */
const KEY = 'sk_test_billbridgePgBossKillTest';
const ACCOUNTS = [
  // rate: what the job asks for; limit: what the emulator enforces (429 beyond it, per second).
  { id: 'acct_fast', rate: 80, limit: 100, invoices: 500 },
  { id: 'acct_slow', rate: 50, limit: 64, invoices: 500 },
] as const;
/** Shortened for the test (the defaults: lease 15 s, expiry 30 s, maintenance 10 s, takeover ≤ 42 s). */
const TIMINGS = { lease: 2, expire: 3, maintenance: 1, poll: 0.5 };

let postgres: PostgresServer;
let emulator: RunningEmulator;
let bin: string;
let dir: string | undefined;
const workers: RunningBillbridge[] = [];

beforeAll(async () => {
  [postgres, emulator, bin] = await Promise.all([startPostgres(), startEmulator(), buildCliBundle()]);
}, 120_000);
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await emulator?.close();
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}/_emulator/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

/** Seeds one account through stripe-node: mostly open invoices, every tenth paid, every twentieth a draft. */
async function seedAccount(account: string, count: number) {
  const stripe = new Stripe(KEY, { ...emulator.stripe, stripeAccount: account, maxNetworkRetries: 0 });
  const voidable: string[] = [];
  const ids: string[] = new Array(count);
  let next = 0;
  // One customer per lane: an invoice takes in every pending item of its customer.
  async function one() {
    const customer = await stripe.customers.create({ balance: -500 });
    while (next < count) {
      const index = next++;
      await stripe.invoiceItems.create({ customer: customer.id, amount: 1000 + index, currency: 'usd' });
      const draft = await stripe.invoices.create({
        customer: customer.id,
        auto_advance: false,
        pending_invoice_items_behavior: 'include',
      });
      ids[index] = draft.id;
      if (index % 20 === 19) continue;
      await stripe.invoices.finalizeInvoice(draft.id);
      if (index % 10 === 9) await stripe.invoices.pay(draft.id, { paid_out_of_band: true });
      else voidable.push(draft.id);
    }
  }
  await Promise.all(Array.from({ length: 16 }, one));
  return { ids, voidable };
}

const env = () => ({ STRIPE_SECRET_KEY: KEY, BILLBRIDGE_PROVIDER: 'stripe' });

function startWorker(): RunningBillbridge {
  const worker = startBillbridge(
    bin,
    [
      'worker',
      '--engine',
      postgres.connectionString,
      '--api-base',
      emulator.url,
      '--max-accounts',
      '1',
      '--exit-when-idle',
      '--json',
      '--lease-seconds',
      String(TIMINGS.lease),
      '--maintenance-seconds',
      String(TIMINGS.maintenance),
      '--poll-seconds',
      String(TIMINGS.poll),
    ],
    { env: env() },
  );
  workers.push(worker);
  return worker;
}

describe('the pg-boss engine across worker processes', () => {
  it('3 workers, 1 000 invoices over 2 accounts, one worker SIGKILLed twice mid-call: each voidable invoice voided once, within each rate, journal complete', async () => {
    // The configuration that ships keeps the 60 s promise; the test only shortens it.
    expect(takeoverBoundSeconds(PG_BOSS_ENGINE_DEFAULTS)).toBeLessThanOrEqual(60);

    const seedStart = Date.now();
    const seeded = await Promise.all(ACCOUNTS.map((account) => seedAccount(account.id, account.invoices)));
    const seedMs = Date.now() - seedStart;
    const csv = ['invoice,account'];
    ACCOUNTS.forEach((account, index) => {
      for (const id of seeded[index]!.ids) csv.push(`${id},${account.id}`);
    });
    dir = await mkdtemp(join(tmpdir(), 'bulk-kill-'));
    const input = join(dir, 'invoices.csv');
    await writeFile(input, `${csv.join('\n')}\n`);
    await control('DELETE', 'requests');
    for (const account of ACCOUNTS) {
      await control('POST', 'faults', { path: '/v1/**', account: account.id, ratePerSecond: account.limit });
    }
    // Every void takes 20 ms, so a worker always has calls in flight when it is killed.
    await control('POST', 'faults', { path: '/v1/invoices/*/void', delayMs: 20, times: 100_000 });

    const enqueued = await runBillbridge(
      bin,
      [
        'bulk-void',
        '--engine',
        postgres.connectionString,
        '--api-base',
        emulator.url,
        '--input',
        input,
        '--job-id',
        'kill_1',
        '--rate',
        String(ACCOUNTS[0].rate),
        '--account-rate',
        `${ACCOUNTS[1].id}=${ACCOUNTS[1].rate}`,
        '--expire-seconds',
        String(TIMINGS.expire),
      ],
      { env: env() },
    );
    expect(enqueued.stderr).toMatch(/enqueued 1000 invoices/);
    expect(enqueued.code).toBe(0);
    expect(enqueued.stdout).toBe('kill_1\n');
    // The database password never shows.
    expect(enqueued.stderr).not.toContain(new URL(postgres.connectionString).password);

    const pool = postgres.pool();
    const slots = [startWorker(), startWorker(), startWorker()];
    const started = Date.now();
    const kills: { pid: number; at: number; inDoubt: number; takenOverAfterMs?: number }[] = [];
    for (let kill = 0; kill < 2; kill++) {
      // The worker holding acct_fast, once it has journaled some outcomes and has calls in flight.
      let victim: { pid: number; slot: number; inDoubt: number } | undefined;
      while (!victim) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const { rows } = await pool.query<{ holder: string; done: number; in_doubt: number }>(
          `SELECT l.holder,
             (SELECT count(*)::int FROM ${BULK_SCHEMA}.journal o WHERE o.worker = l.holder AND o.type = 'outcome') AS done,
             (SELECT count(*)::int FROM ${BULK_SCHEMA}.journal i WHERE i.worker = l.holder AND i.type = 'intent'
                AND NOT EXISTS (SELECT 1 FROM ${BULK_SCHEMA}.journal o WHERE o.invoice_id = i.invoice_id
                                AND o.type = 'outcome' AND o.seq > i.seq)) AS in_doubt
           FROM ${BULK_SCHEMA}.account_lease l WHERE l.account_key = 'stripe:acct_fast' AND l.expires_at > now()`,
        );
        const row = rows[0];
        if (!row || row.done < 20 || row.in_doubt === 0) continue;
        const pid = Number(row.holder.split(':')[1]);
        const slot = slots.findIndex((worker) => worker.child.pid === pid);
        if (slot !== -1) victim = { pid, slot, inDoubt: row.in_doubt };
      }
      slots[victim.slot]!.child.kill('SIGKILL');
      const at = Date.now();
      kills.push({ pid: victim.pid, at, inDoubt: victim.inDoubt });
      await slots[victim.slot]!.done;
      slots[victim.slot] = startWorker();
      // Wait until another worker holds acct_fast, so the second kill hits its new holder.
      for (;;) {
        const { rows } = await pool.query<{ holder: string }>(
          `SELECT holder FROM ${BULK_SCHEMA}.account_lease WHERE account_key = 'stripe:acct_fast' AND expires_at > now()`,
        );
        const holder = rows[0]?.holder;
        if (holder && Number(holder.split(':')[1]) !== victim.pid) {
          kills[kill]!.takenOverAfterMs = Date.now() - at;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    const runs = await Promise.all(slots.map((worker) => worker.done));
    const elapsed = Date.now() - started;
    for (const run of runs) expect(run.code, run.stderr).toBe(0);

    // Exactly once, by the emulator's own log: one successful, non-replayed void per voidable invoice.
    const log = (await control<{ data: RequestLogEntry[] }>('GET', 'requests')).data;
    const figures: Record<string, unknown>[] = [];
    ACCOUNTS.forEach((account, index) => {
      const entries = log.filter((entry) => entry.account === account.id);
      const voids = new Map<string, number>();
      for (const entry of entries) {
        const match = /^\/v1\/invoices\/([^/]+)\/void$/.exec(entry.path);
        if (entry.method !== 'POST' || !match || entry.status !== 200 || entry.replayed) continue;
        voids.set(match[1]!, (voids.get(match[1]!) ?? 0) + 1);
      }
      expect([...voids.keys()].sort()).toEqual([...seeded[index]!.voidable].sort());
      expect(Math.max(...voids.values())).toBe(1);
      const peak = peakPerSecond(entries.map((entry) => Date.parse(entry.at)));
      const limited = entries.filter((entry) => entry.status === 429).length;
      expect(limited).toBe(0);
      expect(peak).toBeLessThanOrEqual(account.limit);
      figures.push({
        account: account.id,
        invoices: account.invoices,
        voidable: seeded[index]!.voidable.length,
        voidsPerInvoice: [...new Set(voids.values())],
        replayedVoids: entries.filter((entry) => entry.replayed).length,
        requests: entries.length,
        peakPerSecond: peak,
        rate: account.rate,
        limit: account.limit,
        status429: limited,
      });
    });

    // The journal: every invoice ends voided or refused; what the killed workers left in doubt was
    // finished by another worker with the same idempotency key.
    const status = await runBillbridge(
      bin,
      ['bulk-status', '--engine', postgres.connectionString, '--json'],
      {
        env: env(),
      },
    );
    expect(status.code).toBe(0);
    const summary = JSON.parse(status.stdout);
    expect(summary).toMatchObject({
      type: 'status',
      done: true,
      inDoubt: 0,
      summary: { total: 1000, failed: 0, pending: 0 },
    });
    expect(summary.summary.voided).toBe(seeded[0]!.voidable.length + seeded[1]!.voidable.length);
    const { rows: orphans } = await pool.query<{
      invoice_id: string;
      key: string;
      finisher: string | null;
      finisher_key: string | null;
    }>(
      `SELECT i.invoice_id, i.record->>'idempotencyKey' AS key,
         (SELECT o.worker FROM ${BULK_SCHEMA}.journal o WHERE o.invoice_id = i.invoice_id AND o.type = 'outcome'
          AND o.seq > i.seq ORDER BY o.seq LIMIT 1) AS finisher,
         (SELECT o.record->>'idempotencyKey' FROM ${BULK_SCHEMA}.journal o WHERE o.invoice_id = i.invoice_id
          AND o.type = 'outcome' AND o.seq > i.seq ORDER BY o.seq LIMIT 1) AS finisher_key
       FROM ${BULK_SCHEMA}.journal i
       WHERE i.type = 'intent' AND NOT EXISTS (
         SELECT 1 FROM ${BULK_SCHEMA}.journal o WHERE o.invoice_id = i.invoice_id AND o.type = 'outcome'
           AND o.worker = i.worker AND o.seq > i.seq)`,
    );
    const killedWorkers = new Set(kills.map((kill) => kill.pid));
    expect(orphans.length).toBeGreaterThanOrEqual(kills.length);
    for (const orphan of orphans) {
      expect(orphan.finisher).not.toBeNull();
      expect(orphan.finisher_key).toBe(orphan.key);
    }
    for (const kill of kills) expect(kill.takenOverAfterMs).toBeLessThanOrEqual((TIMINGS.lease + 2) * 1000);
    console.info(
      JSON.stringify({
        kills: kills.map(({ at, ...kill }) => ({ ...kill, atMs: at - started })),
        killedWorkers: killedWorkers.size,
        inDoubtLeftByKilled: orphans.length,
        seedMs,
        workMs: elapsed,
        accounts: figures,
      }),
    );
  }, 120_000);
});
