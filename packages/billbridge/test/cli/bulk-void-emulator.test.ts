import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningEmulator } from '@billbridge/emulator';
import { seededRandom } from '@billbridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinAndEmulator, invoiceListFile, ndjson, startBinAndEmulator } from './support/bin-output.js';
import {
  type emulatorControl,
  type SeededInvoice,
  type SeedSpec,
  seedStripeInvoices,
} from './support/seed-emulator-invoices.js';
import { runBillbridge, startBillbridge } from './support/spawn-billbridge.js';

/**
 * The bin, spawned with `node` as an operator runs it, against the emulator (packages/emulator)
 * over real HTTP with the real stripe-node SDK and adapter. What was sent and what changed are
 * read from the emulator's request log and state snapshot, not from the CLI's own word.
 */
let bin: string;
let dir: string;
let emulator: RunningEmulator;
let control: ReturnType<typeof emulatorControl>;
let seeding: BinAndEmulator['seeding'];
const KEY = 'sk_test_bulkVoidEmulator0123';

let setup: BinAndEmulator | undefined;
beforeAll(async () => {
  // The crash test starts the bin nine times or more: the SDK inside (build-cli-bundle.ts).
  setup = await startBinAndEmulator('billbridge-cli-emulator-', { sdkInside: true });
  ({ bin, dir, emulator, control, seeding } = setup);
}, 60_000);
afterAll(() => setup?.close());

const stripeEnv = () => ({
  BILLBRIDGE_PROVIDER: 'stripe',
  STRIPE_SECRET_KEY: KEY,
  BILLBRIDGE_STRIPE_API_BASE: emulator.url,
});

const inputFile = (name: string, invoices: readonly SeededInvoice[]) => invoiceListFile(dir, name, invoices);

type LoggedRequest = Awaited<ReturnType<ReturnType<typeof emulatorControl>['requests']>>[number];

/** Successful, non-replayed `POST /v1/invoices/:id/void` answers per invoice in the request log. */
function successfulVoids(requests: readonly LoggedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    if (request.method !== 'POST' || !request.path.endsWith('/void')) continue;
    if (request.status !== 200 || request.replayed) continue;
    const id = request.path.split('/')[3]!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const blockerOf: Record<SeededInvoice['status'], string | undefined> = {
  open: undefined,
  paid: 'paid',
  draft: 'draft',
  void: 'already_void',
};

/** 500 invoices: 200 open with customer credit applied, 100 open without, 100 paid (half with credit), 50 drafts, 50 void. */
function crashMix(): SeedSpec[] {
  return Array.from({ length: 500 }, (_, index): SeedSpec => {
    const kind = index % 10;
    const total = 1_000 + index * 7;
    if (kind < 4) return { status: 'open', total, applied: 100 + (index % 97) * 3 };
    if (kind < 6) return { status: 'open', total };
    if (kind < 8) return { status: 'paid', total, ...(kind === 6 ? { applied: 250 } : {}) };
    return { status: kind === 8 ? 'draft' : 'void', total };
  });
}

/**
 * Counts the outcome records in a JSONL journal as it grows, reading only the bytes after the last
 * complete line it counted (the crash test polls every few milliseconds while the bin writes;
 * reading the whole file each time was ~0.7 ms of CPU per poll at 180 kB). Sound because the only
 * change ever made to written bytes is cutting an unfinished last line (`resumeJsonlJournal`),
 * and this never counts past the last newline.
 */
function journalOutcomeCounter(path: string): () => Promise<number> {
  let counted = 0;
  let offset = 0;
  return async () => {
    const handle = await open(path, 'r').catch(() => undefined);
    if (!handle) return counted;
    try {
      const { size } = await handle.stat();
      if (size <= offset) return counted;
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(size - offset), 0, size - offset, offset);
      const complete = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      counted += (
        buffer
          .subarray(0, complete)
          .toString('utf8')
          .match(/"type":"outcome"/g) ?? []
      ).length;
      offset += complete;
      return counted;
    } finally {
      await handle.close();
    }
  };
}

describe('bulk-void against the emulator, through the real bin', () => {
  it('crash test: 500 invoices, SIGKILL at random points, --resume until done: each voidable invoice voided exactly once', async () => {
    const started = Date.now();
    const seeded = await seedStripeInvoices(seeding.stripe, KEY, crashMix());
    const seededMs = Date.now() - started;
    const input = await inputFile('crash.csv', seeded);
    const voidable = seeded.filter((invoice) => invoice.status === 'open');
    const appliedToReturn = voidable.reduce((sum, invoice) => sum + invoice.applied, 0);
    await control.clearRequests(); // the seeding's own requests

    // The plan first: exact per invoice and in its totals.
    const plan = await runBillbridge(
      bin,
      ['bulk-void', '--input', input, '--dry-run', '--json', '--rate', '400'],
      {
        env: stripeEnv(),
      },
    );
    expect(plan.code, plan.stderr).toBe(0);
    const planRecords = ndjson(plan.stdout);
    const planSummary = planRecords.at(-1)!;
    expect(planSummary).toEqual({
      type: 'summary',
      total: 500,
      voided: 0,
      refused: 200,
      failed: 0,
      voidable: 300,
      blocked: { paid: 100, draft: 50, already_void: 50 },
      balanceReturned: [{ amount: appliedToReturn, currency: 'usd' }],
    });
    const planned = new Map(planRecords.slice(0, -1).map((record) => [record.invoiceId, record]));
    for (const invoice of seeded) {
      const blocker = blockerOf[invoice.status];
      expect(planned.get(invoice.id), invoice.id).toMatchObject(
        blocker
          ? { status: 'refused', blockers: [blocker] }
          : {
              status: 'voidable',
              balanceReturned: invoice.applied > 0 ? { amount: invoice.applied, currency: 'usd' } : null,
            },
      );
    }
    const sentByPlan = await control.requests('?provider=stripe');
    expect(sentByPlan.filter((request) => request.method !== 'GET')).toEqual([]);

    // The real run, killed at random points (after a random number of journaled outcomes).
    const seed = Number(process.env.BILLBRIDGE_CRASH_SEED ?? Date.now() % 1_000_000);
    const next = seededRandom(seed);
    const journal = join(dir, 'crash.journal.jsonl');
    const args = ['bulk-void', '--input', input, '--journal', journal, '--job-id', 'crash500'];
    const pace = ['--rate', '200', '--concurrency', '8'];
    const outcomesIn = journalOutcomeCounter(journal);
    let kills = 0;
    let killAt = 0;
    for (let round = 0; round < 4; round++) {
      killAt = Math.max(killAt + 1, Math.floor(killAt + 5 + next() * (460 - killAt) * 0.4));
      const running = startBillbridge(bin, [...args, ...pace, ...(round > 0 ? ['--resume'] : [])], {
        env: stripeEnv(),
      });
      let ended = false;
      void running.done.then(() => {
        ended = true;
      });
      while (!ended && (await outcomesIn()) < killAt) await new Promise((resolve) => setTimeout(resolve, 3));
      expect(ended, `the run ended before ${killAt} outcomes (seed ${seed})`).toBe(false);
      running.child.kill('SIGKILL');
      expect((await running.done).signal).toBe('SIGKILL');
      kills += 1;
    }
    let resumes = 3; // rounds 1–3 above were resumes too
    const last = await runBillbridge(bin, [...args, ...pace, '--resume', '--json'], { env: stripeEnv() });
    resumes += 1;
    expect(last.code, last.stderr).toBe(1); // 200 refused: exit 1, as DESIGN §15
    const summary = ndjson(last.stdout).at(-1)!;
    expect(summary).toMatchObject({
      total: 500,
      voided: 300,
      refused: 200,
      failed: 0,
      pending: 0,
      blocked: { paid: 100, draft: 50, already_void: 50 },
      jobId: 'crash500',
    });
    expect(summary.balanceReturned).toEqual(planSummary.balanceReturned);

    // The emulator's request log: exactly one successful, non-replayed void per voidable invoice.
    const voids = (await control.requests('?provider=stripe&method=POST')).filter(
      (request) => request.path.endsWith('/void') && !sentByPlan.includes(request),
    );
    for (const request of voids) expect(request.idempotencyKey, request.path).toMatch(/^bb_crash500_/);
    const successful = successfulVoids(voids);
    expect(new Set(successful.keys())).toEqual(new Set(voidable.map((invoice) => invoice.id)));
    expect([...successful.values()].every((count) => count === 1)).toBe(true);

    // Its state: voidable invoices void, the others as seeded, every applied credit back on its customer.
    const state = await control.state<{
      invoices: { id: string; status: string }[];
      customers: { id: string; balances: { promotional: number } }[];
    }>('stripe', 'acct_emulator');
    const statusOf = new Map(state.invoices.map((invoice) => [invoice.id, invoice.status]));
    const creditOf = new Map(state.customers.map((customer) => [customer.id, customer.balances.promotional]));
    for (const invoice of seeded) {
      expect(statusOf.get(invoice.id), invoice.id).toBe(invoice.status === 'open' ? 'void' : invoice.status);
      if (invoice.status === 'open' && invoice.applied > 0)
        expect(creditOf.get(invoice.customerId), invoice.id).toBe(invoice.applied);
    }

    // The journal: every refused invoice with its blockers; one final outcome per invoice.
    const records = (await readFile(journal, 'utf8'))
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { type: string; invoiceId?: string; status?: string; blockers?: string[] },
      );
    const finals = new Map<string, { status?: string; blockers?: string[] }>();
    for (const record of records)
      if (record.type === 'outcome' && record.status !== 'failed') finals.set(record.invoiceId!, record);
    for (const invoice of seeded) {
      const blocker = blockerOf[invoice.status];
      expect(finals.get(invoice.id), invoice.id).toMatchObject(
        blocker ? { status: 'refused', blockers: [blocker] } : { status: 'voided' },
      );
    }
    const replayed = voids.filter((request) => request.replayed).length;
    const wallMs = Date.now() - started;
    console.info(
      `crash test (seed ${seed}): ${seeded.length} invoices seeded in ${seededMs} ms; kills ${kills} ` +
        `(last after ${killAt} outcomes), resumes ${resumes}; successful voids per voidable invoice: ` +
        `${[...new Set(successful.values())].join(',')} (${successful.size} invoices), replayed voids ${replayed}, ` +
        `void requests ${voids.length}; balance returned ${JSON.stringify(summary.balanceReturned)} vs plan ` +
        `${JSON.stringify(planSummary.balanceReturned)}; wall ${wallMs} ms`,
    );
  }, 120_000);

  it('a storm of 429s injected through the control API: the run slows down and finishes with no failed item', async () => {
    const seeded = await seedStripeInvoices(
      seeding.stripe,
      KEY,
      Array.from({ length: 20 }, (_, index) => ({
        status: 'open' as const,
        total: 500 + index,
        applied: 50,
      })),
    );
    const input = await inputFile('storm.csv', seeded);
    await control.clearRequests();
    // The next 12 voids are answered 429 (Retry-After: 1, Stripe-Rate-Limited-Reason: endpoint-rate).
    await control.addFault({ method: 'POST', path: '/v1/invoices/:id/void', status: 429, times: 12 });
    const journal = join(dir, 'storm.journal.jsonl');
    const started = Date.now();
    const run = await runBillbridge(
      bin,
      ['bulk-void', '--input', input, '--journal', journal, '--json', '--rate', '50', '--concurrency', '4'],
      { env: stripeEnv() },
    );
    const wallMs = Date.now() - started;
    expect(run.code, run.stderr).toBe(0);
    expect(ndjson(run.stdout).at(-1)).toMatchObject({
      total: 20,
      voided: 20,
      refused: 0,
      failed: 0,
      pending: 0,
      balanceReturned: [{ amount: 20 * 50, currency: 'usd' }],
    });
    const requests = await control.requests('?provider=stripe&method=POST');
    const limited = requests.filter((request) => request.status === 429);
    expect(limited).toHaveLength(12); // the storm was delivered in full
    expect(limited.every((request) => request.fault !== null)).toBe(true);
    const successful = successfulVoids(requests);
    expect(successful.size).toBe(20);
    expect([...successful.values()].every((count) => count === 1)).toBe(true);
    expect(
      (
        await control.state<{ invoices: { id: string; status: string }[] }>('stripe', 'acct_emulator')
      ).invoices
        .filter((invoice) => seeded.some((one) => one.id === invoice.id))
        .map((invoice) => invoice.status),
    ).toEqual(Array(20).fill('void'));
    console.info(`429 storm: 20 invoices, ${limited.length} 429s injected, 0 failed, ${wallMs} ms`);
  }, 60_000);

  it('--provider chargebee with --api-base reaches the emulator: the site rides in the billbridge-chargebee-site header', async () => {
    await control.clearRequests();
    const run = await runBillbridge(
      bin,
      ['check', 'inv_missing', '--provider', 'chargebee', '--api-base', emulator.url, '--json'],
      {
        env: { CHARGEBEE_SITE: 'billbridge-emulator-test', CHARGEBEE_API_KEY: 'test_cli_emulator' },
      },
    );
    // The invoice does not exist on that site: the emulator's 404 comes back as a failed check.
    expect(run.code).toBe(1);
    const requests = await control.requests();
    expect(requests.map((entry) => [entry.provider, entry.method, entry.path, entry.account])).toEqual([
      ['chargebee', 'GET', '/api/v2/invoices/inv_missing', 'billbridge-emulator-test'],
    ]);
  });
});
