// Long because it is the one place every bench section is planned, run and tabulated; each
// section's measuring lives in its own measure-*.ts file.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createChargebeeVoidCalls } from './create-chargebee-void-calls.js';
import { createStripeVoidCalls } from './create-stripe-void-calls.js';
import { type BulkRateResult, bulkRateBinBuilt, measureBulkRate } from './measure-bulk-rate.js';
import { measureBulkWorkers } from './measure-bulk-workers.js';
import { type EmulatorCostPlan, emulatorCostTable, measureEmulatorCost } from './measure-emulator-cost.js';
import { type HeapPerInvoiceResult, measureHeapPerInvoice } from './measure-heap-per-invoice.js';
import { measureLayerCost } from './measure-layer-cost.js';
import { type MemoryThroughputResult, measureMemoryThroughput } from './measure-memory-throughput.js';
import {
  layerVariants,
  measureProviderOverhead,
  type OverheadBaseline,
  type ProviderOverheadPlan,
  type ProviderOverheadResult,
  providerOverheadRequests,
} from './measure-provider-overhead.js';
import { measureValidationCost } from './measure-validation-cost.js';
import { startLoopbackServerProcess } from './start-loopback-server-process.js';
import { median } from './summarize-timings.js';

const sections = [
  'stripe',
  'chargebee',
  'memory',
  'heap',
  'validation',
  'layer',
  'bulk',
  'bulk-rate',
  'emulator',
] as const;
/** Run unless `--only` says otherwise; `bulk` (PostgreSQL, the emulator, worker processes) only when asked: `--bulk` or `--only=bulk`. */
const defaultSections = sections.filter((section) => section !== 'bulk');
type Section = (typeof sections)[number];

interface BenchPlan {
  overhead: ProviderOverheadPlan;
  memoryInvoices: number;
  /** Passes over `memoryInvoices`, each on a fresh provider; the median is the figure. */
  memoryPasses: number;
  heapInvoices: number[];
  validationIterations: number;
  /** Voids through a stub SDK, per variant, for billbridge's own CPU per void. */
  layerIterations: number;
  /** The loopback server's own time cap. */
  serverTimeCapMs: number;
  /** The pg-boss engine: worker processes per round, connected accounts, fresh invoices per account. */
  bulk: { workerCounts: number[]; accounts: number; invoicesPerAccount: number; concurrency: number };
  /** Invoices per `bulk-void` run of the rate benchmark (against the emulator, at 20/s). */
  bulkRateInvoices: number;
  /** The emulator against the floor (voids per batch, batches, warm-up, concurrencies). */
  emulator: Omit<EmulatorCostPlan, 'cpuProfileDir'>;
}

const plans: Record<'quick' | 'full', BenchPlan> = {
  quick: {
    overhead: {
      sequentialVoids: 200,
      concurrentVoids: 160,
      concurrencies: [1, 16],
      layerVoids: 100,
      allocationVoids: 50,
      warmupVoids: 20,
    },
    memoryInvoices: 10_000,
    memoryPasses: 1,
    heapInvoices: [10_000],
    validationIterations: 20_000,
    layerIterations: 10_000,
    serverTimeCapMs: 120_000,
    bulk: { workerCounts: [1, 2], accounts: 4, invoicesPerAccount: 25, concurrency: 4 },
    bulkRateInvoices: 60,
    emulator: { batchSize: 40, batches: 3, warmupVoids: 40, concurrencies: [1, 16], pipelineVoids: 300 },
  },
  full: {
    overhead: {
      sequentialVoids: 3_000,
      concurrentVoids: 3_200,
      concurrencies: [1, 16],
      layerVoids: 2_000,
      allocationVoids: 500,
      warmupVoids: 300,
    },
    memoryInvoices: 100_000,
    memoryPasses: 3,
    heapInvoices: [100_000, 1_000_000],
    validationIterations: 500_000,
    layerIterations: 200_000,
    serverTimeCapMs: 20 * 60_000,
    bulk: { workerCounts: [1, 2, 4], accounts: 8, invoicesPerAccount: 250, concurrency: 8 },
    bulkRateInvoices: 400,
    emulator: {
      batchSize: 200,
      batches: 10,
      warmupVoids: 400,
      concurrencies: [1, 16],
      pipelineVoids: 3_000,
    },
  },
};

interface BenchArgs {
  mode: 'quick' | 'full';
  only: Set<Section>;
  /** Runs of each provider section (a new series each time), to show the spread. */
  repeat: number;
  /** Keep tsx's source-mapped stack traces (off by default, see `main`). */
  sourceMaps: boolean;
  /** `--emulator-cpu-prof=DIR`: a V8 CPU profile of the emulator process, written into DIR. */
  emulatorCpuProfileDir?: string;
}

const usage = `use --quick, --repeat=N, --source-maps, --bulk, --emulator-cpu-prof=DIR, --only=${sections.join(',')}`;

function parseArgs(argv: readonly string[]): BenchArgs {
  let mode: 'quick' | 'full' = 'full';
  let sourceMaps = false;
  let repeat = 1;
  let emulatorCpuProfileDir: string | undefined;
  let only = new Set<Section>(defaultSections);
  for (const arg of argv) {
    if (arg === '--') continue;
    if (arg === '--quick') mode = 'quick';
    else if (arg === '--source-maps') sourceMaps = true;
    else if (arg === '--bulk') only.add('bulk');
    else if (arg.startsWith('--emulator-cpu-prof=')) emulatorCpuProfileDir = arg.slice(arg.indexOf('=') + 1);
    else if (arg.startsWith('--repeat=')) {
      repeat = Number(arg.slice('--repeat='.length));
      if (!Number.isSafeInteger(repeat) || repeat < 1 || repeat > 20)
        throw new Error(`bench: --repeat must be 1–20 (${usage})`);
    } else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',');
      for (const name of names) {
        if (!(sections as readonly string[]).includes(name)) {
          throw new Error(`bench: unknown section ${name} (one of ${sections.join(', ')})`);
        }
      }
      only = new Set(names as Section[]);
    } else throw new Error(`bench: unknown argument ${arg} (${usage})`);
  }
  return { mode, only, repeat, sourceMaps, ...(emulatorCpuProfileDir ? { emulatorCpuProfileDir } : {}) };
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
const µs = (value: number) => value.toFixed(1);
const ratio = (value: number) => value.toFixed(3);
const range = (values: readonly number[]) => `${ratio(Math.min(...values))}–${ratio(Math.max(...values))}`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** The first run's sequential CPU median (ns) of variant 0 (raw) or 1 (billbridge). */
function sequentialCpuNs(runs: ProviderOverheadResult[] | undefined, variant: 0 | 1): number | undefined {
  const row = runs?.[0]?.overhead.find((entry) => entry.concurrency === 1);
  const value = row?.series.variants[variant]?.cpuMedianUs;
  return value === undefined ? undefined : value * 1_000;
}

/** Unique invoice ids per provider, run, series and call. */
function benchInvoiceId(
  provider: 'stripe' | 'chargebee',
  run: number,
  series: number,
  index: number,
): string {
  return provider === 'stripe'
    ? `in_bench${run}s${series}x${index}`
    : String((run * 10 + series) * 10_000_000 + index + 1);
}

const baselineNames: Record<OverheadBaseline, string> = {
  plain: 'the plain SDK call',
  withoutCallSite:
    "the plain call with stripe-node's call-site capture skipped, as billbridge makes its calls",
  withKey: 'the plain call with the idempotency key billbridge sends on every void',
};

function overheadTable(results: Record<string, ProviderOverheadResult[]>): string[] {
  const lines = [
    '| provider | run | mode | raw baseline | voids per variant | raw CPU µs (median) | billbridge CPU µs (median) | **CPU ratio** | ratio over 5 stretches | added µs (median of pairs) | CPU µs mean raw / billbridge | wall µs median raw / billbridge (info) |',
    '|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [provider, runs] of Object.entries(results)) {
    runs.forEach((run, runIndex) => {
      for (const row of run.overhead) {
        const [raw, billbridge] = row.series.variants as [
          (typeof row.series.variants)[0],
          (typeof row.series.variants)[0],
        ];
        lines.push(
          `| ${provider} | ${runIndex + 1} | ${row.concurrency === 1 ? 'sequential' : `concurrency ${row.concurrency} (CPU of a batch / ${row.concurrency})`} | ${baselineNames[row.baseline]} | ${raw.voids} | ` +
            `${µs(raw.cpuMedianUs)} | ${µs(billbridge.cpuMedianUs)} | **${ratio(row.ratio)}** | ${range(row.segmentRatios)} | ${µs(row.addedUs)} | ` +
            `${µs(raw.cpuMeanUs)} / ${µs(billbridge.cpuMeanUs)} | ${µs(raw.wallMedianUs)} / ${µs(billbridge.wallMedianUs)} |`,
        );
      }
    });
  }
  return lines;
}

function layerTable(results: Record<string, ProviderOverheadResult[]>): string[] {
  const lines = [
    `| provider | run | ${layerVariants.map((name) => `${name} CPU µs`).join(' | ')} | key adds µs | provider adds over raw µs | client adds over provider µs | bytes allocated per void raw / billbridge |`,
    `|---|---:|${layerVariants.map(() => '---:|').join('')}---:|---:|---:|---:|`,
  ];
  for (const [provider, runs] of Object.entries(results)) {
    runs.forEach((run, runIndex) => {
      lines.push(
        `| ${provider} | ${runIndex + 1} | ${run.layers.variants.map((variant) => µs(variant.cpuMedianUs)).join(' | ')} | ` +
          `${µs(run.layerAddedUs.idempotencyKey)} | ${µs(run.layerAddedUs.provider)} | ${µs(run.layerAddedUs.client)} | ` +
          `${Math.round(run.allocation.rawBytes)} / ${Math.round(run.allocation.billbridgeBytes)} |`,
      );
    });
  }
  return lines;
}

async function main() {
  const { mode, only, repeat, sourceMaps, emulatorCpuProfileDir } = parseArgs(process.argv.slice(2));
  const plan = plans[mode];
  // tsx turns on source-mapped stack traces. stripe-node reads `new Error().stack` on every
  // request, and each TypeScript frame then costs a source-map lookup: billbridge's frames would
  // pay a price that compiled JavaScript in production does not. Off unless --source-maps.
  process.setSourceMapsEnabled(sourceMaps);
  const measured = measuredCode();
  console.log(
    `billbridge bench (${mode}) on ${measured}: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${process.platform}/${process.arch}, ` +
      `source-mapped stacks ${sourceMaps ? 'on' : 'off'}, load average ${load()}`,
  );
  const lines: string[] = [];
  const overhead: Record<string, ProviderOverheadResult[]> = {};

  const httpProviders = (['stripe', 'chargebee'] as const).filter((name) => only.has(name));
  if (httpProviders.length > 0) {
    // Every series of every run, plus one checked void per provider: the exact cap.
    const maxRequests = httpProviders.reduce(
      (sum) => sum + repeat * providerOverheadRequests(plan.overhead, true) + 1,
      0,
    );
    const server = await startLoopbackServerProcess({ maxRequests, maxDurationMs: plan.serverTimeCapMs });
    console.log(
      `loopback server in process ${server.pid} on http://${server.host}:${server.port} (stops after ${maxRequests} requests or ${plan.serverTimeCapMs / 1000} s)`,
    );
    try {
      for (const name of httpProviders) {
        const calls =
          name === 'stripe' ? createStripeVoidCalls(server.port) : createChargebeeVoidCalls(server.port);
        const checked = await calls.client.voidInvoice(name === 'stripe' ? 'in_benchcheck' : '9999');
        if (checked.invoice.status !== 'void')
          throw new Error(`bench: ${name} void came back ${checked.invoice.status}`);
        overhead[name] = [];
        for (let run = 0; run < repeat; run++) {
          const result = await measureProviderOverhead(
            calls,
            (series, index) => benchInvoiceId(name, run, series, index),
            plan.overhead,
          );
          overhead[name].push(result);
          for (const row of result.overhead) {
            console.log(
              `${name} run ${run + 1} c=${row.concurrency}${row.baseline === 'plain' ? '' : ` (against ${baselineNames[row.baseline]})`}: CPU µs per void raw ${µs(row.series.variants[0]!.cpuMedianUs)} billbridge ${µs(row.series.variants[1]!.cpuMedianUs)} ` +
                `→ ratio ${ratio(row.ratio)} (stretches ${row.segmentRatios.map(ratio).join(' ')}), +${µs(row.addedUs)} µs; load ${load()}`,
            );
          }
          console.log(
            `${name} run ${run + 1} layers: ${layerVariants.map((label, index) => `${label} ${µs(result.layers.variants[index]!.cpuMedianUs)}`).join(', ')} µs; ` +
              `allocated per void raw ${Math.round(result.allocation.rawBytes)} B, billbridge ${Math.round(result.allocation.billbridgeBytes)} B`,
          );
        }
      }
    } finally {
      const report = await server.close();
      console.log(
        `loopback server: ${report.reason} after ${report.requests} of ${maxRequests} requests; its own CPU ${(report.cpuMicros / Math.max(1, report.requests)).toFixed(1)} µs per request`,
      );
    }
    lines.push(
      '',
      `### Overhead as this process's CPU time per void (server in another process; raw and billbridge strictly alternating; ${plan.overhead.warmupVoids} warm-up voids each)`,
      '',
      ...overheadTable(overhead),
      '',
      `### Layers (sequential, ${plan.overhead.layerVoids} voids each, the four alternating; median CPU µs per void) and heap allocated per void (${plan.overhead.allocationVoids} each, alternating)`,
      '',
      ...layerTable(overhead),
    );
  }

  let memoryNsPerVoid: number | undefined;
  if (only.has('memory')) {
    // One pass of 10^5 voids is ~0.4 s, so garbage collection moves a single pass by ±15 % on this
    // host: the figure is the median of several passes (each on a fresh provider, the first
    // after a warm-up of its own), all of them printed.
    const passes: MemoryThroughputResult[] = [];
    for (let pass = 1; pass <= plan.memoryPasses; pass++) {
      const result = await measureMemoryThroughput(plan.memoryInvoices);
      passes.push(result);
      console.log(
        `memory pass ${pass}/${plan.memoryPasses}: ${result.invoices} voids in ${result.voidSeconds.toFixed(2)} s → ${Math.round(result.voidsPerSecond)} voids/s (${us(result.nsPerVoid)} µs each; seeding took ${result.seedSeconds.toFixed(2)} s)`,
      );
    }
    const voidsPerSecond = median(passes.map((result) => result.voidsPerSecond));
    memoryNsPerVoid = median(passes.map((result) => result.nsPerVoid));
    console.log(`memory: median ${Math.round(voidsPerSecond)} voids/s over ${passes.length} passes`);
    lines.push(
      '',
      `### Memory provider throughput (createBillingClient → memory provider, Stripe flavor, sequential; median of ${passes.length} passes)`,
      '',
      '| invoices seeded | voids/s (median) | passes | µs per void (median) | goal |',
      '|---:|---:|---|---:|---|',
      `| ${plan.memoryInvoices} | ${Math.round(voidsPerSecond)} | ${passes.map((result) => Math.round(result.voidsPerSecond)).join(', ')} | ${us(memoryNsPerVoid)} | ≥ 200000 voids/s: ${voidsPerSecond >= 200_000 ? 'met' : 'not met'} |`,
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
    const stripeSequential = sequentialCpuNs(overhead.stripe, 1);
    const chargebeeSequential = sequentialCpuNs(overhead.chargebee, 1);
    const share = (ns: number, whole: number | undefined) =>
      whole === undefined ? 'n/a' : `${((100 * ns) / whole).toFixed(2)} %`;
    for (const result of results) {
      console.log(`validation: ${result.label}: ${Math.round(result.nsPerValidation)} ns`);
    }
    lines.push(
      '',
      '### voidInvoice input validation (zod, as the client parses id and options)',
      '',
      '| input | ns per validation | share of a Stripe void (billbridge CPU median) | share of a Chargebee void | share of a memory void |',
      '|---|---:|---:|---:|---:|',
      ...results.map(
        (result) =>
          `| ${result.label} | ${Math.round(result.nsPerValidation)} | ${share(result.nsPerValidation, stripeSequential)} | ${share(result.nsPerValidation, chargebeeSequential)} | ${share(result.nsPerValidation, memoryNsPerVoid)} |`,
      ),
    );
  }

  if (only.has('layer')) {
    const results = await measureLayerCost(plan.layerIterations);
    lines.push(
      '',
      "### billbridge's own CPU per void (SDK method replaced by a stub answering the cassette body at once)",
      '',
      '| provider | stub alone ns | createBillingClient → provider → stub ns | added by billbridge ns | share of a sequential loopback void (raw CPU median) |',
      '|---|---:|---:|---:|---:|',
    );
    for (const result of results) {
      const rawMedian = sequentialCpuNs(overhead[result.provider], 0);
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
        // A provider's own latency (Stripe answers a void in a few hundred ms): the default
        // concurrency is sized for it; a fixed 4 in flight cannot hold 20/s at 300 ms.
        { label: '--rate 20, every void answered 300 ms late', rate: 20, latencyMs: 300 },
        ...(mode === 'full'
          ? [
              {
                label: '--rate 20, 300 ms late, --concurrency 4 (the old default)',
                rate: 20,
                latencyMs: 300,
                concurrency: 4,
              },
              { label: '--rate 40 over a 25/s limit (warned)', rate: 40 },
            ]
          : []),
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

  if (only.has('emulator')) {
    const result = await measureEmulatorCost({
      ...plan.emulator,
      ...(emulatorCpuProfileDir ? { cpuProfileDir: emulatorCpuProfileDir } : {}),
    });
    for (const entry of result.pipeline)
      console.log(
        `emulator: ${entry.provider} pipeline alone (in-process): ${µs(entry.cpuUsPerVoid)} µs per void`,
      );
    for (const row of result.rows)
      console.log(
        `emulator: ${row.provider} c=${row.concurrency}: server CPU µs per void floor ${µs(row.floorCpuUs)} emulator ${µs(row.emulatorCpuUs)} → ${ratio(row.ratio)}×; ${Math.round(row.emulatorVoidsPerSecond)} voids/s; load ${load()}`,
      );
    lines.push('', ...emulatorCostTable(plan.emulator, result));
  }

  console.log(lines.join('\n'));
  console.log(`\nload average at the end: ${load()}`);
}

await main();
