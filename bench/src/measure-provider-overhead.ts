import { allocationRequests, measureAllocationPerVoid } from './measure-allocation-per-void.js';
import {
  type CpuSeriesResult,
  measureCpuSeries,
  medianPairedDifference,
  segmentRatios,
  seriesRequests,
  type VoidCall,
} from './measure-cpu-per-void.js';

/** The calls one provider is measured with (see create-stripe-void-calls.ts / create-chargebee-void-calls.ts). */
export interface ProviderVoidCalls {
  raw: VoidCall;
  rawSameRequest: VoidCall;
  provider: VoidCall;
  billbridge: VoidCall;
  /**
   * The like-for-like baseline, compared with billbridge sequentially after the plain call: Stripe's
   * plain call without stripe-node's call-site capture (as billbridge makes its calls), Chargebee's
   * with the idempotency key billbridge sends on every void.
   */
  likeForLike?: { baseline: Exclude<OverheadBaseline, 'plain'>; call: VoidCall };
}

/** What billbridge is compared with (main.ts names them in the table). */
export type OverheadBaseline = 'plain' | 'withoutCallSite' | 'withKey';

export interface ProviderOverheadPlan {
  /** Sequential voids per variant of the raw/billbridge series. */
  sequentialVoids: number;
  /** Voids per variant at each concurrency above 1 (batches of that size). */
  concurrentVoids: number;
  concurrencies: readonly number[];
  /** Voids per variant of the layer series (raw, raw with a key, provider, client). */
  layerVoids: number;
  /** Voids per variant of the allocation series. */
  allocationVoids: number;
  warmupVoids: number;
}

export interface OverheadSeries {
  concurrency: number;
  /** What billbridge is compared with: the plain SDK call, or the provider's like-for-like call. */
  baseline: OverheadBaseline;
  series: CpuSeriesResult;
  /** median CPU billbridge / median CPU raw. */
  ratio: number;
  /** The same ratio over five consecutive stretches of the series. */
  segmentRatios: number[];
  /** Median over sample pairs of billbridge − raw CPU, µs per void. */
  addedUs: number;
}

/** The layer series' variants, in the order they alternate. */
export const layerVariants = [
  'raw SDK call',
  'raw SDK call + idempotency key',
  'provider alone',
  'client',
] as const;

export interface ProviderOverheadResult {
  overhead: OverheadSeries[];
  layers: CpuSeriesResult;
  /** Median paired differences: provider − raw, client − provider, key − raw (µs). */
  layerAddedUs: { provider: number; client: number; idempotencyKey: number };
  allocation: { rawBytes: number; billbridgeBytes: number; kept: number };
}

/** Requests `measureProviderOverhead` sends with `plan`. */
export function providerOverheadRequests(plan: ProviderOverheadPlan, likeForLike: boolean): number {
  const warmupVoids = plan.warmupVoids;
  let total = 0;
  for (const concurrency of plan.concurrencies) {
    const voidsPerVariant = concurrency === 1 ? plan.sequentialVoids : plan.concurrentVoids;
    total += seriesRequests(2, { voidsPerVariant, concurrency, warmupVoids });
  }
  if (likeForLike) {
    total += seriesRequests(2, { voidsPerVariant: plan.sequentialVoids, concurrency: 1, warmupVoids });
  }
  total += seriesRequests(layerVariants.length, {
    voidsPerVariant: plan.layerVoids,
    concurrency: 1,
    warmupVoids,
  });
  return total + allocationRequests(2, plan.allocationVoids);
}

/**
 * One provider's overhead as CPU time: raw SDK and billbridge strictly alternating, sequential and
 * at each concurrency; then the layers (raw, raw with an idempotency key, the provider alone, the
 * client) alternating; then heap allocated per void, raw and billbridge alternating.
 */
export async function measureProviderOverhead(
  calls: ProviderVoidCalls,
  invoiceId: (series: number, index: number) => string,
  plan: ProviderOverheadPlan,
): Promise<ProviderOverheadResult> {
  const overhead: OverheadSeries[] = [];
  let seriesNumber = 0;
  const compare = async (
    baseline: OverheadSeries['baseline'],
    raw: VoidCall,
    concurrency: number,
    voidsPerVariant: number,
  ) => {
    const number = seriesNumber++;
    const series = await measureCpuSeries({
      variants: [raw, calls.billbridge],
      invoiceId: (index) => invoiceId(number, index),
      voidsPerVariant,
      concurrency,
      warmupVoids: plan.warmupVoids,
    });
    const [rawSamples, billbridge] = series.cpuSamples as [number[], number[]];
    overhead.push({
      concurrency,
      baseline,
      series,
      ratio: series.variants[1]!.cpuMedianUs / series.variants[0]!.cpuMedianUs,
      segmentRatios: segmentRatios(rawSamples, billbridge, 5),
      addedUs: medianPairedDifference(rawSamples, billbridge),
    });
  };
  for (const concurrency of plan.concurrencies) {
    await compare(
      'plain',
      calls.raw,
      concurrency,
      concurrency === 1 ? plan.sequentialVoids : plan.concurrentVoids,
    );
  }
  if (calls.likeForLike) {
    await compare(calls.likeForLike.baseline, calls.likeForLike.call, 1, plan.sequentialVoids);
  }
  const layerSeries = seriesNumber++;
  const layers = await measureCpuSeries({
    variants: [calls.raw, calls.rawSameRequest, calls.provider, calls.billbridge],
    invoiceId: (index) => invoiceId(layerSeries, index),
    voidsPerVariant: plan.layerVoids,
    concurrency: 1,
    warmupVoids: plan.warmupVoids,
  });
  const [raw, keyed, provider, client] = layers.cpuSamples as [number[], number[], number[], number[]];
  const allocationSeries = seriesNumber++;
  const allocation = await measureAllocationPerVoid({
    variants: [calls.raw, calls.billbridge],
    invoiceId: (index) => invoiceId(allocationSeries, index),
    voidsPerVariant: plan.allocationVoids,
  });
  return {
    overhead,
    layers,
    layerAddedUs: {
      provider: medianPairedDifference(raw, provider),
      client: medianPairedDifference(provider, client),
      idempotencyKey: medianPairedDifference(raw, keyed),
    },
    allocation: {
      rawBytes: allocation.medianBytes[0]!,
      billbridgeBytes: allocation.medianBytes[1]!,
      kept: Math.min(...allocation.kept),
    },
  };
}
