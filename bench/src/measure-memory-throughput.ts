import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider, type MemoryProviderSettings } from '@billbridge/memory';
import { seedMemoryInvoices } from './seed-memory-invoices.js';

export interface MemoryThroughputResult {
  invoices: number;
  /** Seconds to create + finalize them (not counted in the rate). */
  seedSeconds: number;
  voidSeconds: number;
  voidsPerSecond: number;
  nsPerVoid: number;
}

/**
 * Voids every one of `invoices` seeded invoices, one after the other, through `createBillingClient`,
 * on a provider with `limits` (the defaults when not given; src/compare-memory-limits.ts varies them).
 */
export async function measureMemoryThroughput(
  invoices: number,
  limits?: MemoryProviderSettings['limits'],
): Promise<MemoryThroughputResult> {
  const provider = createMemoryProvider({ flavor: 'stripe', ...(limits ? { limits } : {}) });
  const client = createBillingClient({ provider });
  const seedStarted = process.hrtime.bigint();
  const ids = seedMemoryInvoices(provider, invoices);
  const seedNs = Number(process.hrtime.bigint() - seedStarted);
  // A short warm-up on a provider of its own, so the measured one stays exactly `invoices` voids.
  const warm = createMemoryProvider({ flavor: 'stripe' });
  const warmClient = createBillingClient({ provider: warm });
  for (const id of seedMemoryInvoices(warm, Math.min(2_000, invoices))) await warmClient.voidInvoice(id);

  const started = process.hrtime.bigint();
  for (const id of ids) {
    const result = await client.voidInvoice(id);
    if (result.invoice.status !== 'void')
      throw new Error(`bench: ${id} is ${result.invoice.status} after void`);
  }
  const voidNs = Number(process.hrtime.bigint() - started);
  return {
    invoices,
    seedSeconds: seedNs / 1e9,
    voidSeconds: voidNs / 1e9,
    voidsPerSecond: invoices / (voidNs / 1e9),
    nsPerVoid: voidNs / invoices,
  };
}
