import Chargebee from 'chargebee';
import Stripe from 'stripe';
import { type EmulatorPipelineResult, measureEmulatorPipeline } from './measure-emulator-pipeline.js';
import { openStripeInvoice } from './open-stripe-invoice.js';
import { type CpuMeasuredServer, startCpuMeasuredServer } from './start-cpu-measured-server.js';
import { median } from './summarize-timings.js';

/**
 * The emulator benchmark (DESIGN §12, §14): voids through stripe-node and chargebee against the
 * emulator in its own process, at concurrency 1 and 16, and the server process's own CPU time per
 * void request next to the floor's (a bare `node:http` server answering a fixed body, driven by
 * the same SDK calls). Both servers report their CPU themselves (`process.cpuUsage` over IPC)
 * before and after each batch; floor and emulator batches alternate, so load from other processes
 * falls on both alike.
 */
export interface EmulatorCostPlan {
  /** Voids per measured batch. */
  batchSize: number;
  /** Measured batches per server, provider and concurrency. */
  batches: number;
  /** Unmeasured voids per server, provider and concurrency first (JIT, sockets). */
  warmupVoids: number;
  concurrencies: readonly number[];
  /** Voids per provider through `EmulatorServer.dispatch` in this process (the pipeline alone). */
  pipelineVoids: number;
  /** Profile the emulator process into this directory (`--cpu-prof`). */
  cpuProfileDir?: string;
}

export interface EmulatorCostRow {
  provider: 'stripe' | 'chargebee';
  concurrency: number;
  voids: number;
  floorCpuUs: number;
  emulatorCpuUs: number;
  ratio: number;
  /** Median over batches of voids / wall time of the batch (client side). */
  emulatorVoidsPerSecond: number;
  floorVoidsPerSecond: number;
}

export interface EmulatorCostResult {
  rows: EmulatorCostRow[];
  /** The emulator's pipeline without HTTP, CPU µs per void (measure-emulator-pipeline.ts). */
  pipeline: EmulatorPipelineResult[];
  /** The emulator's CPU per request while it was seeded (create calls, sequential), per provider. */
  seedCpuUs: Record<string, number>;
}

const STRIPE_KEY = 'sk_test_billbridgeEmulatorBench';
const CHARGEBEE_KEY = 'test_billbridgeEmulatorBench';

type VoidOne = (id: string) => Promise<unknown>;

interface ProviderDriver {
  void: VoidOne;
  /** Makes `count` open invoices in the emulator and returns their ids (8 requests in flight). */
  seed(count: number): Promise<string[]>;
}

async function pool(count: number, concurrency: number, work: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

function stripeDriver(port: number): ProviderDriver {
  const stripe = new Stripe(STRIPE_KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  return {
    void: (id) => stripe.invoices.voidInvoice(id),
    async seed(count) {
      const customer = await stripe.customers.create({ balance: -500 });
      const ids: string[] = [];
      await pool(count, 8, async () => {
        ids.push(await openStripeInvoice(stripe, customer.id));
      });
      return ids;
    },
  };
}

function chargebeeDriver(port: number): ProviderDriver {
  const chargebee = new Chargebee({
    site: '127.0.0.1',
    hostSuffix: '',
    protocol: 'http',
    port,
    apiKey: CHARGEBEE_KEY,
    retryConfig: { enabled: false },
  });
  return {
    void: (id) => chargebee.invoice.voidInvoice(id, {}),
    async seed(count) {
      const { customer } = await chargebee.customer.create({ first_name: 'Bench' });
      const ids: string[] = [];
      await pool(count, 8, async () => {
        const { invoice } = await chargebee.invoice.createForChargeItemsAndCharges({
          customer_id: customer.id,
          charges: [{ amount: 2000, description: 'Bench' }],
        });
        ids.push(invoice.id);
      });
      return ids;
    },
  };
}

interface Batch {
  cpuUs: number;
  voidsPerSecond: number;
}

/** One batch of voids at `concurrency`, with the server's CPU before and after. */
async function batch(
  server: CpuMeasuredServer,
  voidOne: VoidOne,
  ids: string[],
  concurrency: number,
): Promise<Batch> {
  const before = await server.cpuMicros();
  const started = performance.now();
  await pool(ids.length, concurrency, (index) => voidOne(ids[index]!).then(() => undefined));
  const seconds = (performance.now() - started) / 1000;
  const after = await server.cpuMicros();
  return { cpuUs: (after - before) / ids.length, voidsPerSecond: ids.length / seconds };
}

export async function measureEmulatorCost(plan: EmulatorCostPlan): Promise<EmulatorCostResult> {
  const [floor, emulator] = await Promise.all([
    startCpuMeasuredServer('floor'),
    startCpuMeasuredServer('emulator', plan.cpuProfileDir ? { cpuProfileDir: plan.cpuProfileDir } : {}),
  ]);
  const rows: EmulatorCostRow[] = [];
  const seedCpuUs: Record<string, number> = {};
  try {
    for (const provider of ['stripe', 'chargebee'] as const) {
      const makeDriver = provider === 'stripe' ? stripeDriver : chargebeeDriver;
      const onEmulator = makeDriver(emulator.port);
      const onFloor = makeDriver(floor.port);
      const perConcurrency = plan.warmupVoids + plan.batches * plan.batchSize;
      const total = perConcurrency * plan.concurrencies.length;
      const seedBefore = await emulator.cpuMicros();
      const seeded = await onEmulator.seed(total);
      const seedRequests = provider === 'stripe' ? 1 + 3 * total : 1 + total;
      seedCpuUs[provider] = ((await emulator.cpuMicros()) - seedBefore) / seedRequests;
      let floorId = 0;
      const floorIds = (count: number) =>
        Array.from({ length: count }, () =>
          provider === 'stripe' ? `in_floor${floorId++}` : String(++floorId),
        );
      for (const concurrency of plan.concurrencies) {
        await batch(emulator, onEmulator.void, seeded.splice(0, plan.warmupVoids), concurrency);
        await batch(floor, onFloor.void, floorIds(plan.warmupVoids), concurrency);
        const floorBatches: Batch[] = [];
        const emulatorBatches: Batch[] = [];
        for (let index = 0; index < plan.batches; index++) {
          // Alternate which goes first, so neither always follows the other's garbage collection.
          const order = index % 2 === 0 ? (['floor', 'emulator'] as const) : (['emulator', 'floor'] as const);
          for (const which of order) {
            if (which === 'floor')
              floorBatches.push(await batch(floor, onFloor.void, floorIds(plan.batchSize), concurrency));
            else
              emulatorBatches.push(
                await batch(emulator, onEmulator.void, seeded.splice(0, plan.batchSize), concurrency),
              );
          }
        }
        const floorCpuUs = median(floorBatches.map((entry) => entry.cpuUs));
        const emulatorCpuUs = median(emulatorBatches.map((entry) => entry.cpuUs));
        rows.push({
          provider,
          concurrency,
          voids: plan.batches * plan.batchSize,
          floorCpuUs,
          emulatorCpuUs,
          ratio: emulatorCpuUs / floorCpuUs,
          emulatorVoidsPerSecond: median(emulatorBatches.map((entry) => entry.voidsPerSecond)),
          floorVoidsPerSecond: median(floorBatches.map((entry) => entry.voidsPerSecond)),
        });
      }
    }
  } finally {
    await Promise.all([floor.close(), emulator.close()]);
  }
  return { rows, seedCpuUs, pipeline: await measureEmulatorPipeline(plan.pipelineVoids) };
}

/** The Markdown table of a run, as BENCHMARKS.md shows it. */
export function emulatorCostTable(
  plan: Omit<EmulatorCostPlan, 'cpuProfileDir'>,
  result: EmulatorCostResult,
): string[] {
  const fixed = (value: number) => value.toFixed(1);
  return [
    `### Emulator: server process CPU per void next to the floor (${plan.batches} batches of ${plan.batchSize} voids per row and server, alternating, after ${plan.warmupVoids} warm-up voids; medians of the batches)`,
    '',
    '| SDK | concurrency | floor CPU µs per request | emulator CPU µs per request | **ratio** (goal ≤ 3) | emulator voids/s | floor requests/s (same SDK calls) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...result.rows.map(
      (row) =>
        `| ${row.provider === 'stripe' ? 'stripe-node' : 'chargebee'} | ${row.concurrency} | ${fixed(row.floorCpuUs)} | ${fixed(row.emulatorCpuUs)} | **${row.ratio.toFixed(2)}** | ${Math.round(row.emulatorVoidsPerSecond)} | ${Math.round(row.floorVoidsPerSecond)} |`,
    ),
    '',
    `The emulator's pipeline alone (\`EmulatorServer.dispatch\` in the bench process, no HTTP: log, auth, version, route, decoding, parameter validation, idempotency, the void, rendering, JSON; sequential, the exact request stripe-node / chargebee send): ${result.pipeline
      .map((entry) => `${entry.provider} ${fixed(entry.cpuUsPerVoid)} µs per void (${entry.voids} voids)`)
      .join(', ')}.`,
    '',
    `Seeding the open invoices (create calls, 8 in flight): the emulator's CPU per request was ${Object.entries(
      result.seedCpuUs,
    )
      .map(([provider, value]) => `${fixed(value)} µs for ${provider}`)
      .join(', ')}.`,
  ];
}
