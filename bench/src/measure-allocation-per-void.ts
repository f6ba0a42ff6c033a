import { getHeapSpaceStatistics } from 'node:v8';
import type { VoidCall } from './measure-cpu-per-void.js';
import { median } from './summarize-timings.js';

/** Bytes in V8's young generation (where short-lived objects are allocated). */
function youngBytes(): number {
  let bytes = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space') {
      bytes += space.space_used_size;
    }
  }
  return bytes;
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface AllocationResult {
  /** Median bytes allocated per void, per variant (samples a scavenge interrupted are dropped). */
  medianBytes: number[];
  /** Samples kept per variant. */
  kept: number[];
}

/**
 * Heap allocated per void: the young generation's growth around each call, the variants strictly
 * alternating. A scavenge during a call empties the young generation, so a sample whose young
 * generation shrank is dropped; the median of the others is what one void allocates.
 */
export async function measureAllocationPerVoid(options: {
  variants: readonly VoidCall[];
  invoiceId: (index: number) => string;
  voidsPerVariant: number;
}): Promise<AllocationResult> {
  let index = 0;
  const bytes: number[][] = options.variants.map(() => []);
  for (let call = 0; call < options.voidsPerVariant; call++) {
    for (let variant = 0; variant < options.variants.length; variant++) {
      const before = youngBytes();
      await options.variants[variant]!(options.invoiceId(index++));
      await settle();
      const after = youngBytes();
      if (after >= before) bytes[variant]!.push(after - before);
    }
  }
  return {
    medianBytes: bytes.map((samples) => median(samples)),
    kept: bytes.map((samples) => samples.length),
  };
}

/** Requests `measureAllocationPerVoid` sends. */
export function allocationRequests(variants: number, voidsPerVariant: number): number {
  return variants * voidsPerVariant;
}
