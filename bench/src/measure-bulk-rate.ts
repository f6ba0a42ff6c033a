import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@billbridge/emulator';
import Stripe from 'stripe';

/** The built bin (`pnpm build`); the benchmark runs it as an operator does. */
const BIN = fileURLToPath(new URL('../../packages/billbridge/dist/cli/main.js', import.meta.url));

/** Whether the bin this benchmark runs is built. */
export function bulkRateBinBuilt(): boolean {
  return existsSync(BIN);
}
const KEY = 'sk_test_benchBulkRate0000';
const VOID_PATH = /^\/v1\/invoices\/[^/]+\/void$/;

/** One `bulk-void` run against the emulator with its rate rule on. */
export interface BulkRateResult {
  label: string;
  invoices: number;
  /** `--rate`. */
  rate: number;
  /** The emulator's enforced limit on the void endpoint (its `ratePerSecond` fault rule). */
  limit: number;
  /** Successful voids per second between the first and the last (the emulator's log times). */
  achieved: number;
  /** 429s the emulator answered (its rate rule, plus an injected burst). */
  rateLimited: number;
  injected: number;
  failed: number;
  wallMs: number;
  /** The void's latency the emulator added (0: none). */
  latencyMs: number;
  /** `--concurrency` given (null: the bin's default). */
  concurrency: number | null;
  /**
   * With an injected burst: from the burst's first 429 until the successful voids of a rolling
   * second are back at 95 % of `--rate` (null when they never were again; not measured without one).
   */
  recoveryMs: number | null;
}

interface LogEntry {
  at: string;
  method: string;
  path: string;
  status: number | null;
  fault: string | null;
}

async function seedOpenInvoices(stripe: Stripe, count: number): Promise<string[]> {
  const customer = await stripe.customers.create({});
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        next += 1;
        // The item on its own draft: workers share the customer, so pending items would mix.
        const invoice = await stripe.invoices.create({ customer: customer.id });
        await stripe.invoiceItems.create({
          customer: customer.id,
          invoice: invoice.id,
          amount: 1000,
          currency: 'usd',
        });
        ids.push((await stripe.invoices.finalizeInvoice(invoice.id)).id);
      }
    }),
  );
  return ids;
}

function runBin(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** From the first 429 of the burst until a rolling second again holds 95 % of `rate` successful voids. */
function recovery(voids: number[], burstStart: number, rate: number): number | null {
  const want = Math.ceil(rate * 0.95);
  for (let index = 0; index < voids.length; index++) {
    if (voids[index]! < burstStart) continue;
    const windowEnd = voids[index]! + 1000;
    let count = 0;
    for (let other = index; other < voids.length && voids[other]! < windowEnd; other++) count += 1;
    if (count >= want && voids[index]! + 1000 <= voids.at(-1)!) return voids[index]! - burstStart;
  }
  return null;
}

/**
 * Seeds `invoices` open invoices on a fresh emulator, turns on its rate rule (`limit` 429s per second
 * on the void endpoint, as Stripe's 25/s per endpoint), optionally injects a burst of `burst` 429s
 * once a third of the voids are done, and runs the built `billbridge bulk-void --rate <rate>` over
 * them. Rates and recovery come from the emulator's request log, not from the CLI.
 */
export async function measureBulkRate(options: {
  label: string;
  invoices: number;
  rate: number;
  limit: number;
  burst?: number;
  /** Hold every void's answer this long (the emulator's `delayMs` rule): a provider's own latency. */
  latencyMs?: number;
  /** `--concurrency` (default: the bin's own). */
  concurrency?: number;
}): Promise<BulkRateResult> {
  if (!bulkRateBinBuilt()) {
    throw new Error(`bench: the billbridge bin is not built (${BIN}); run \`pnpm build\` or \`pnpm bench\``);
  }
  const emulator = await startEmulator();
  const dir = await mkdtemp(join(tmpdir(), 'bench-bulk-rate-'));
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${await response.text()}`);
    return response.json() as Promise<{ data: LogEntry[] }>;
  };
  try {
    const stripe = new Stripe(KEY, { ...emulator.stripe, maxNetworkRetries: 0 });
    const ids = await seedOpenInvoices(stripe, options.invoices);
    const input = join(dir, 'ids.txt');
    await writeFile(input, `${ids.join('\n')}\n`);
    await control('DELETE', 'requests');
    await control('POST', 'faults', {
      method: 'POST',
      path: '/v1/invoices/:id/void',
      ratePerSecond: options.limit,
    });
    if (options.latencyMs) {
      await control('POST', 'faults', {
        method: 'POST',
        path: '/v1/invoices/:id/void',
        delayMs: options.latencyMs,
        times: 1_000_000,
      });
    }
    let burstAt: Promise<void> = Promise.resolve();
    let stopWatching = false;
    if (options.burst) {
      const third = Math.floor(options.invoices / 3);
      burstAt = (async () => {
        while (!stopWatching) {
          const log = (await control('GET', 'requests?method=POST')).data;
          if (log.filter((entry) => entry.status === 200).length >= third) {
            await control('POST', 'faults', {
              method: 'POST',
              path: '/v1/invoices/:id/void',
              status: 429,
              times: options.burst,
            });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
    }
    const started = performance.now();
    const run = await runBin(
      [
        'bulk-void',
        '--input',
        input,
        '--journal',
        join(dir, 'journal.jsonl'),
        '--rate',
        String(options.rate),
        ...(options.concurrency !== undefined ? ['--concurrency', String(options.concurrency)] : []),
        '--json',
      ],
      { BILLBRIDGE_PROVIDER: 'stripe', STRIPE_SECRET_KEY: KEY, BILLBRIDGE_STRIPE_API_BASE: emulator.url },
    );
    const wallMs = performance.now() - started;
    stopWatching = true;
    await burstAt;
    if (run.code !== 0) throw new Error(`bench: bulk-void exited ${run.code}: ${run.stderr.slice(-2000)}`);
    const summary = JSON.parse(run.stdout.trimEnd().split('\n').at(-1)!) as {
      voided: number;
      failed: number;
    };
    const log = (await control('GET', 'requests?method=POST')).data.filter((entry) =>
      VOID_PATH.test(entry.path),
    );
    const voids = log.filter((entry) => entry.status === 200).map((entry) => Date.parse(entry.at));
    if (summary.voided !== options.invoices || voids.length !== options.invoices) {
      throw new Error(
        `bench: ${summary.voided} voided, ${voids.length} voids logged, of ${options.invoices}`,
      );
    }
    const limited = log.filter((entry) => entry.status === 429);
    const injected = limited.filter((entry) => entry.fault !== 'rate');
    const spanMs = voids.at(-1)! - voids[0]!;
    return {
      label: options.label,
      invoices: options.invoices,
      rate: options.rate,
      limit: options.limit,
      achieved: ((voids.length - 1) * 1000) / spanMs,
      rateLimited: limited.length,
      injected: injected.length,
      failed: summary.failed,
      wallMs,
      latencyMs: options.latencyMs ?? 0,
      concurrency: options.concurrency ?? null,
      recoveryMs: injected.length > 0 ? recovery(voids, Date.parse(injected[0]!.at), options.rate) : null,
    };
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
