import { median } from './summarize-timings.js';

/** One way to void invoice `id` (the raw SDK, the provider alone, the billbridge client…). */
export type VoidCall = (id: string) => Promise<unknown>;

export interface CpuSeriesOptions {
  /** Measured in strict rotation: one sample of each, in this order, then again. */
  variants: readonly VoidCall[];
  /** Makes the invoice id of call number `index` (unique across the series). */
  invoiceId: (index: number) => string;
  /** Measured voids per variant (rounded up to whole batches). */
  voidsPerVariant: number;
  /** Calls in flight at once: 1 measures each call, more measures batches of that many. */
  concurrency: number;
  /** Unmeasured voids per variant before the first sample (JIT, sockets). */
  warmupVoids: number;
}

/** One variant's samples: CPU and wall time per void, in µs. */
export interface VariantCpu {
  voids: number;
  samples: number;
  cpuMedianUs: number;
  cpuMeanUs: number;
  wallMedianUs: number;
}

export interface CpuSeriesResult {
  concurrency: number;
  variants: VariantCpu[];
  /** Per variant: the raw per-void CPU samples (µs), in the order taken. */
  cpuSamples: number[][];
}

/** Requests a series of `variantCount` variants sends (warm-up included). */
export function seriesRequests(
  variantCount: number,
  options: Pick<CpuSeriesOptions, 'voidsPerVariant' | 'concurrency' | 'warmupVoids'>,
): number {
  const batches = Math.ceil(options.voidsPerVariant / options.concurrency);
  return variantCount * (batches * options.concurrency + options.warmupVoids);
}

/** Lets what a call left queued (socket back to the pool, timers cleared…) run, inside the sample. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * This process's CPU time per void (DESIGN §12): `process.cpuUsage()` around each call (or each
 * batch of `concurrency` calls started together, divided by its size), the variants strictly
 * alternating sample by sample so load from other processes falls on all of them alike. A sample
 * ends after one turn of the event loop, so the work a response leaves behind counts for the call
 * that caused it. Wall time is kept alongside, for information.
 */
export async function measureCpuSeries(options: CpuSeriesOptions): Promise<CpuSeriesResult> {
  const { variants, concurrency } = options;
  let index = 0;
  const takeIds = (count: number) => Array.from({ length: count }, () => options.invoiceId(index++));
  const runBatch = (call: VoidCall, ids: readonly string[]) =>
    ids.length === 1 ? call(ids[0]!) : Promise.all(ids.map(call));

  for (const call of variants) {
    for (let done = 0; done < options.warmupVoids; done += concurrency) {
      await runBatch(call, takeIds(Math.min(concurrency, options.warmupVoids - done)));
    }
    await settle();
  }

  const batches = Math.ceil(options.voidsPerVariant / concurrency);
  const cpu: number[][] = variants.map(() => new Array<number>(batches));
  const wall: number[][] = variants.map(() => new Array<number>(batches));
  for (let batch = 0; batch < batches; batch++) {
    for (let variant = 0; variant < variants.length; variant++) {
      const ids = takeIds(concurrency);
      const cpuBefore = process.cpuUsage();
      const wallBefore = process.hrtime.bigint();
      await runBatch(variants[variant]!, ids);
      await settle();
      const wallNs = Number(process.hrtime.bigint() - wallBefore);
      const used = process.cpuUsage(cpuBefore);
      cpu[variant]![batch] = (used.user + used.system) / concurrency;
      wall[variant]![batch] = wallNs / 1_000 / concurrency;
    }
  }
  return {
    concurrency,
    variants: variants.map((_, variant) => {
      const samples = cpu[variant]!;
      return {
        voids: batches * concurrency,
        samples: batches,
        cpuMedianUs: median(samples),
        cpuMeanUs: samples.reduce((sum, value) => sum + value, 0) / batches,
        wallMedianUs: median(wall[variant]!),
      };
    }),
    cpuSamples: cpu,
  };
}

/** median(b) / median(a) over `segments` consecutive stretches of the series: how stable the ratio is. */
export function segmentRatios(a: readonly number[], b: readonly number[], segments: number): number[] {
  const ratios: number[] = [];
  const size = Math.floor(a.length / segments);
  if (size === 0) return [median(b) / median(a)];
  for (let segment = 0; segment < segments; segment++) {
    const from = segment * size;
    const to = segment === segments - 1 ? a.length : from + size;
    ratios.push(median(b.slice(from, to)) / median(a.slice(from, to)));
  }
  return ratios;
}

/** The median of b[i] − a[i] over paired samples (taken one after the other), µs. */
export function medianPairedDifference(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, sample) => b[sample]! - value));
}
