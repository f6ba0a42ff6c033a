import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createChargebeeVoidCalls } from './create-chargebee-void-calls.js';
import { createLoopbackServer } from './create-loopback-server.js';
import { createStripeVoidCalls } from './create-stripe-void-calls.js';
import { type BulkRateResult, bulkRateBinBuilt, measureBulkRate } from './measure-bulk-rate.js';
import { measureBulkWorkers } from './measure-bulk-workers.js';
import { type HeapPerInvoiceResult, measureHeapPerInvoice } from './measure-heap-per-invoice.js';
import { measureLayerCost } from './measure-layer-cost.js';
import { measureMemoryThroughput } from './measure-memory-throughput.js';
import { measureOverhead, type OverheadResult, plannedRequests } from './measure-overhead.js';
import { measureStripeLayers } from './measure-stripe-layers.js';
import { measureValidationCost } from './measure-validation-cost.js';

const sections = [
  'stripe',
  'chargebee',
  'stripe-layers',
  'memory',
  'heap',
  'validation',
  'layer',
  'bulk',
  'bulk-rate',
] as const;
/** Run unless `--only` says otherwise; `bulk` (PostgreSQL, the emulator, worker processes) only when asked: `--bulk` or `--only=bulk`. */
const defaultSections = sections.filter((section) => section !== 'bulk');
type Section = (typeof sections)[number];

interface BenchPlan {
  /** Measured voids per variant (raw, billbridge), per concurrency. */
  calls: number;
  rounds: number;
  warmup: number;
  concurrencies: number[];
  memoryInvoices: number;
  heapInvoices: number[];
  validationIterations: number;
  /** Voids through a stub SDK, per variant, for billbridge's own CPU per void. */
  layerIterations: number;
  /** Voids per variant and rounds of the Stripe layer-by-layer comparison. */
  layerCalls: number;
  layerRounds: number;
  /** The loopback server's own time cap. */
  serverTimeCapMs: number;
  /** The pg-boss engine: worker processes per round, connected accounts, fresh invoices per account. */
  bulk: { workerCounts: number[]; accounts: number; invoicesPerAccount: number; concurrency: number };
  /** Invoices per `bulk-void` run of the rate benchmark (against the emulator, at 20/s). */
  bulkRateInvoices: number;
}

const plans: Record<'quick' | 'full', BenchPlan> = {
  quick: {
    calls: 200,
    rounds: 2,
    warmup: 20,
    concurrencies: [1, 16],
    memoryInvoices: 10_000,
    heapInvoices: [10_000],
    validationIterations: 20_000,
    layerIterations: 10_000,
    layerCalls: 100,
    layerRounds: 2,
    serverTimeCapMs: 120_000,
    bulk: { workerCounts: [1, 2], accounts: 4, invoicesPerAccount: 25, concurrency: 4 },
    bulkRateInvoices: 60,
  },
  full: {
    calls: 4_000,
    rounds: 40,
    warmup: 200,
    concurrencies: [1, 16],
    memoryInvoices: 100_000,
    heapInvoices: [100_000, 1_000_000],
    validationIterations: 500_000,
    layerIterations: 200_000,
    layerCalls: 3_000,
    layerRounds: 30,
    serverTimeCapMs: 20 * 60_000,
    bulk: { workerCounts: [1, 2, 4], accounts: 8, invoicesPerAccount: 250, concurrency: 8 },
    bulkRateInvoices: 400,
  },
};

interface BenchArgs {
  mode: 'quick' | 'full';
  only: Set<Section>;
  /** Keep tsx's source-mapped stack traces (off by default, see `main`). */
  sourceMaps: boolean;
}

function parseArgs(argv: readonly string[]): BenchArgs {
  let mode: 'quick' | 'full' = 'full';
  let sourceMaps = false;
  let only = new Set<Section>(defaultSections);
  for (const arg of argv) {
    if (arg === '--') continue;
    if (arg === '--quick') mode = 'quick';
    else if (arg === '--source-maps') sourceMaps = true;
    else if (arg === '--bulk') only.add('bulk');
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',');
      for (const name of names) {
        if (!(sections as readonly string[]).includes(name)) {
          throw new Error(`bench: unknown section ${name} (one of ${sections.join(', ')})`);
        }
      }
      only = new Set(names as Section[]);
    } else
      throw new Error(
        `bench: unknown argument ${arg} (use --quick, --source-maps, --bulk, --only=${sections.join(',')})`,
      );
  }
  return { mode, only, sourceMaps };
}

/**
 * Which billbridge code runs: the packages' built `dist` (what users install; `pnpm bench` builds
 * first) or their TypeScript sources through tsx (`pnpm bench:source`, the `source` condition).
 * tsx compiles with esbuild's keepNames, which wraps every function it creates in a `__name()`
 * call at run time; the built packages have none of that.
 */
function measuredCode(): string {
  const core = import.meta.resolve('@billbridge/core');
  if (core.endsWith('/src/index.ts')) return 'the TypeScript sources (tsx, --conditions=source)';
  if (!existsSync(new URL(core))) {
    throw new Error(
      'bench: the packages are not built (run `pnpm build`, or `pnpm bench`, which builds first)',
    );
  }
  return 'the built packages (dist)';
}

const us = (ns: number) => (ns / 1_000).toFixed(1);
const ratio = (value: number) => value.toFixed(3);

/** The two raw baselines billbridge is compared with. */
const baselines = {
  plain: 'plain SDK call',
  sameRequest: 'SDK call with an idempotency key, as billbridge sends',
} as const;
type Baseline = keyof typeof baselines;

interface OverheadRow {
  baseline: Baseline;
  result: OverheadResult;
}

function overheadRows(provider: string, rows: OverheadRow[]): string[] {
  return rows.map(
    ({ baseline, result }) =>
      `| ${provider} | ${result.concurrency === 1 ? 'sequential' : `concurrency ${result.concurrency}`} | ${baselines[baseline]} | ` +
      `${result.raw.calls} | ${us(result.raw.medianNs)} | ${us(result.raw.p99Ns)} | ` +
      `${us(result.billbridge.medianNs)} | ${us(result.billbridge.p99Ns)} | ` +
      `**${ratio(result.medianRatio)}** (${ratio(Math.min(...result.roundRatios))}–${ratio(Math.max(...result.roundRatios))}) | ` +
      `${Math.round(result.rawPerSecond)} / ${Math.round(result.billbridgePerSecond)} |`,
  );
}

async function main() {
  const { mode, only, sourceMaps } = parseArgs(process.argv.slice(2));
  const plan = plans[mode];
  // tsx turns on source-mapped stack traces. stripe-node reads `new Error().stack` on every
  // request, and each TypeScript frame then costs a source-map lookup: billbridge's frames would
  // pay a price that compiled JavaScript in production does not. Off unless --source-maps.
  process.setSourceMapsEnabled(sourceMaps);
  const measured = measuredCode();
  console.log(
    `billbridge bench (${mode}) on ${measured}: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${process.platform}/${process.arch}, ` +
      `source-mapped stacks ${sourceMaps ? 'on' : 'off'}, load average ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
  );
  const lines: string[] = [];
  const overhead: Record<string, OverheadRow[]> = {};

  const httpProviders = (['stripe', 'chargebee'] as const).filter((name) => only.has(name));
  if (httpProviders.length > 0) {
    // Both providers, every concurrency and baseline, plus one checked void per provider: the exact cap.
    const perProvider =
      plan.concurrencies.length *
        Object.keys(baselines).length *
        plannedRequests({ calls: plan.calls, warmup: plan.warmup }) +
      1;
    const maxRequests = perProvider * httpProviders.length;
    const server = await createLoopbackServer({ maxRequests, maxDurationMs: plan.serverTimeCapMs });
    console.log(
      `loopback server on http://${server.host}:${server.port} (stops after ${maxRequests} requests or ${plan.serverTimeCapMs / 1000} s)`,
    );
    for (const name of httpProviders) {
      const calls =
        name === 'stripe' ? createStripeVoidCalls(server.port) : createChargebeeVoidCalls(server.port);
      const checked = await calls.client.voidInvoice(name === 'stripe' ? 'in_benchcheck' : '9999');
      if (checked.invoice.status !== 'void')
        throw new Error(`bench: ${name} void came back ${checked.invoice.status}`);
      overhead[name] = [];
      for (const concurrency of plan.concurrencies) {
        for (const baseline of Object.keys(baselines) as Baseline[]) {
          const series = `${concurrency}${baseline === 'plain' ? 0 : 1}`;
          const result = await measureOverhead({
            raw: baseline === 'plain' ? calls.raw : calls.rawSameRequest,
            billbridge: calls.billbridge,
            invoiceId: (index) =>
              name === 'stripe' ? `in_bench${series}x${index}` : String(Number(series) * 10_000_000 + index),
            calls: plan.calls,
            rounds: plan.rounds,
            concurrency,
            warmup: plan.warmup,
          });
          overhead[name].push({ baseline, result });
          console.log(
            `${name} c=${concurrency} (${baselines[baseline]}): raw median ${us(result.raw.medianNs)} µs p99 ${us(result.raw.p99Ns)} µs; ` +
              `billbridge median ${us(result.billbridge.medianNs)} µs p99 ${us(result.billbridge.p99Ns)} µs; ` +
              `ratio per round ${result.roundRatios.map(ratio).join(' ')} → median ${ratio(result.medianRatio)}`,
          );
        }
      }
    }
    const stop = await Promise.race([
      server.closed,
      new Promise<'still open'>((resolve) => setTimeout(resolve, 2_000, 'still open')),
    ]);
    if (stop !== 'request_cap') {
      console.log(`loopback server: ${stop} after ${server.requests} of ${maxRequests} requests; closing`);
      await server.close();
    } else console.log(`loopback server stopped by itself after its ${server.requests} requests`);
    lines.push(
      '',
      `### Overhead: ${plan.calls} voids per variant per row, ${plan.rounds} interleaved rounds, ${plan.warmup} warm-up voids each`,
      '',
      '| provider | mode | raw baseline | voids | raw median µs | raw p99 µs | billbridge median µs | billbridge p99 µs | ratio billbridge/raw: median of rounds (min–max) | voids/s raw / billbridge |',
      '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
      ...Object.entries(overhead).flatMap(([provider, results]) => overheadRows(provider, results)),
    );
  }

  if (only.has('stripe-layers')) {
    const results = await measureStripeLayers({
      calls: plan.layerCalls,
      rounds: plan.layerRounds,
      warmup: plan.warmup,
      timeCapMs: plan.serverTimeCapMs,
    });
    lines.push(
      '',
      `### Stripe, layer by layer: each against plain stripe.invoices.voidInvoice(id), sequential, ${plan.layerCalls} voids each, ${plan.layerRounds} interleaved rounds`,
      '',
      '| compared with the plain SDK call | median ratio (min–max of rounds) |',
      '|---|---:|',
    );
    for (const result of results) {
      console.log(`stripe-layers: ${result.label}: ${ratio(result.medianRatio)}`);
      lines.push(
        `| ${result.label} | **${ratio(result.medianRatio)}** (${ratio(Math.min(...result.roundRatios))}–${ratio(Math.max(...result.roundRatios))}) |`,
      );
    }
  }

  let memoryNsPerVoid: number | undefined;
  if (only.has('memory')) {
    const result = await measureMemoryThroughput(plan.memoryInvoices);
    memoryNsPerVoid = result.nsPerVoid;
    console.log(
      `memory: ${result.invoices} voids in ${result.voidSeconds.toFixed(2)} s → ${Math.round(result.voidsPerSecond)} voids/s (${us(result.nsPerVoid)} µs each; seeding took ${result.seedSeconds.toFixed(2)} s)`,
    );
    lines.push(
      '',
      '### Memory provider throughput (createBillingClient → memory provider, Stripe flavor, sequential)',
      '',
      '| invoices seeded | voids/s | µs per void | goal |',
      '|---:|---:|---:|---|',
      `| ${result.invoices} | ${Math.round(result.voidsPerSecond)} | ${us(result.nsPerVoid)} | ≥ 100000 voids/s: ${result.voidsPerSecond >= 100_000 ? 'met' : 'not met'} |`,
    );
  }

  if (only.has('heap')) {
    const heap: HeapPerInvoiceResult[] = [];
    for (const invoices of plan.heapInvoices) {
      const result = measureHeapPerInvoice(invoices);
      heap.push(result);
      console.log(
        `heap: ${invoices} open invoices hold ${(result.heapBytes / 2 ** 20).toFixed(1)} MiB → ${Math.round(result.bytesPerInvoice)} bytes per invoice`,
      );
    }
    lines.push(
      '',
      '### Memory provider heap (open invoices after create + finalize, fresh process, after gc)',
      '',
      '| invoices | heap MiB | bytes per invoice |',
      '|---:|---:|---:|',
      ...heap.map(
        (result) =>
          `| ${result.invoices} | ${(result.heapBytes / 2 ** 20).toFixed(1)} | ${Math.round(result.bytesPerInvoice)} |`,
      ),
    );
  }

  if (only.has('validation')) {
    const results = measureValidationCost(plan.validationIterations);
    const sequential = (rows: OverheadRow[] | undefined) =>
      rows?.find(({ baseline, result }) => baseline === 'plain' && result.concurrency === 1)?.result;
    const stripeSequential = sequential(overhead.stripe);
    const chargebeeSequential = sequential(overhead.chargebee);
    const share = (ns: number, whole: number | undefined) =>
      whole === undefined ? 'n/a' : `${((100 * ns) / whole).toFixed(2)} %`;
    for (const result of results) {
      console.log(`validation: ${result.label}: ${Math.round(result.nsPerValidation)} ns`);
    }
    lines.push(
      '',
      '### voidInvoice input validation (zod, as the client parses id and options)',
      '',
      '| input | ns per validation | share of a Stripe void (billbridge median) | share of a Chargebee void | share of a memory void |',
      '|---|---:|---:|---:|---:|',
      ...results.map(
        (result) =>
          `| ${result.label} | ${Math.round(result.nsPerValidation)} | ${share(result.nsPerValidation, stripeSequential?.billbridge.medianNs)} | ${share(result.nsPerValidation, chargebeeSequential?.billbridge.medianNs)} | ${share(result.nsPerValidation, memoryNsPerVoid)} |`,
      ),
    );
  }

  if (only.has('layer')) {
    const results = await measureLayerCost(plan.layerIterations);
    lines.push(
      '',
      "### billbridge's own CPU per void (SDK method replaced by a stub answering the cassette body at once)",
      '',
      '| provider | stub alone ns | createBillingClient → provider → stub ns | added by billbridge ns | share of a sequential loopback void (raw median) |',
      '|---|---:|---:|---:|---:|',
    );
    for (const result of results) {
      const rawMedian = overhead[result.provider]?.find(
        ({ baseline, result: entry }) => baseline === 'plain' && entry.concurrency === 1,
      )?.result.raw.medianNs;
      console.log(`layer: ${result.provider}: billbridge adds ${Math.round(result.addedNs)} ns per void`);
      lines.push(
        `| ${result.provider} | ${Math.round(result.stubNs)} | ${Math.round(result.billbridgeNs)} | ${Math.round(result.addedNs)} | ${rawMedian === undefined ? 'n/a' : `${((100 * result.addedNs) / rawMedian).toFixed(1)} %`} |`,
      );
    }
  }

  if (only.has('bulk')) {
    const results = await measureBulkWorkers(plan.bulk);
    lines.push(
      '',
      `### pg-boss engine: voids per second by worker processes (emulator, ${plan.bulk.accounts} accounts, rate lifted)`,
      '',
      '| workers | invoices | voids/s (steady) | wall s | worker CPU µs per void | PostgreSQL CPU µs per void | transactions per void | rows written per void |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const result of results) {
      console.log(`bulk: ${result.workers} workers: ${result.voidsPerSecond.toFixed(0)} voids/s`);
      lines.push(
        `| ${result.workers} | ${result.invoices} | ${result.voidsPerSecond.toFixed(0)} | ${result.wallSeconds.toFixed(1)} | ${result.workerCpuUsPerVoid.toFixed(0)} | ${result.postgresCpuUsPerVoid === null ? 'n/a' : result.postgresCpuUsPerVoid.toFixed(0)} | ${result.transactionsPerVoid.toFixed(1)} | ${result.rowsWrittenPerVoid.toFixed(1)} |`,
      );
    }
  }

  if (only.has('bulk-rate')) {
    if (!bulkRateBinBuilt()) {
      if (process.argv.some((arg) => arg.startsWith('--only=')))
        throw new Error('bench: bulk-rate runs the built bin: run `pnpm build` first');
      console.log('bulk-rate: skipped (the billbridge bin is not built; `pnpm bench` builds it)');
    } else {
      const scenarios = [
        { label: '--rate 20 under a 25/s limit', rate: 20 },
        { label: '--rate 20, a burst of 10 injected 429s', rate: 20, burst: 10 },
        ...(mode === 'full' ? [{ label: '--rate 40 over a 25/s limit (warned)', rate: 40 }] : []),
      ];
      const results: BulkRateResult[] = [];
      for (const scenario of scenarios) {
        const result = await measureBulkRate({ ...scenario, invoices: plan.bulkRateInvoices, limit: 25 });
        console.log(
          `bulk-rate: ${result.label}: ${result.achieved.toFixed(2)} voids/s (${ratio(result.achieved / result.rate)} of --rate), ${result.rateLimited} 429s`,
        );
        results.push(result);
      }
      lines.push(
        '',
        '### bulk-void against the emulator enforcing 25 voids/s (its `ratePerSecond` fault rule)',
        '',
        '| run | invoices | voids/s | of --rate | 429s (injected) | failed | recovery after the burst | wall s |',
        '|---|---:|---:|---:|---:|---:|---:|---:|',
      );
      for (const r of results) {
        lines.push(
          `| ${r.label} | ${r.invoices} | ${r.achieved.toFixed(2)} | ${ratio(r.achieved / r.rate)} | ${r.rateLimited} (${r.injected}) | ${r.failed} | ${r.recoveryMs === null ? (r.injected ? 'never' : '—') : `${(r.recoveryMs / 1000).toFixed(2)} s`} | ${(r.wallMs / 1000).toFixed(1)} |`,
        );
      }
    }
  }

  console.log(lines.join('\n'));
  console.log(
    `\nload average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
}

await main();
