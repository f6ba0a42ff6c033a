import { describe, expect, it } from 'vitest';
import {
  measureCpuSeries,
  medianPairedDifference,
  segmentRatios,
  seriesRequests,
} from '../src/measure-cpu-per-void.js';

describe('measureCpuSeries', () => {
  it('alternates the variants strictly, sample by sample, on fresh ids', async () => {
    const order: string[] = [];
    const ids = new Set<string>();
    const variant = (name: string) => async (id: string) => {
      order.push(name);
      ids.add(id);
    };
    const result = await measureCpuSeries({
      variants: [variant('raw'), variant('billbridge')],
      invoiceId: (index) => `in_${index}`,
      voidsPerVariant: 5,
      concurrency: 1,
      warmupVoids: 2,
    });
    // Warm-up first (each variant's own), then raw, billbridge, raw, billbridge…
    expect(order).toEqual([
      'raw',
      'raw',
      'billbridge',
      'billbridge',
      ...Array(5).fill(['raw', 'billbridge']).flat(),
    ]);
    expect(ids.size).toBe(order.length);
    expect(result.variants.map((entry) => [entry.voids, entry.samples])).toEqual([
      [5, 5],
      [5, 5],
    ]);
    for (const samples of result.cpuSamples) {
      expect(samples).toHaveLength(5);
      for (const value of samples) expect(value).toBeGreaterThanOrEqual(0);
    }
    expect(order.length).toBe(seriesRequests(2, { voidsPerVariant: 5, concurrency: 1, warmupVoids: 2 }));
  });

  it('runs a batch of `concurrency` calls in flight together, one sample per batch', async () => {
    let inFlight = 0;
    let most = 0;
    const calls: string[] = [];
    const variant = (name: string) => async () => {
      calls.push(name);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
    };
    const result = await measureCpuSeries({
      variants: [variant('a'), variant('b')],
      invoiceId: (index) => String(index),
      voidsPerVariant: 40,
      concurrency: 16,
      warmupVoids: 0,
    });
    expect(most).toBe(16);
    // 40 voids round up to three whole batches of 16 per variant, a's batch then b's.
    expect(result.variants[0]).toMatchObject({ voids: 48, samples: 3 });
    expect(calls.slice(0, 16).every((name) => name === 'a')).toBe(true);
    expect(calls.slice(16, 32).every((name) => name === 'b')).toBe(true);
    expect(calls).toHaveLength(seriesRequests(2, { voidsPerVariant: 40, concurrency: 16, warmupVoids: 0 }));
  });
});

describe('segmentRatios and medianPairedDifference', () => {
  it('compare medians stretch by stretch and pair by pair', () => {
    const a = [10, 10, 20, 20];
    const b = [11, 12, 22, 26];
    expect(segmentRatios(a, b, 2)).toEqual([1.15, 1.2]);
    expect(medianPairedDifference(a, b)).toBe(2);
  });
});
