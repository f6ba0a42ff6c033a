import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMemoryProvider } from '@billbridge/memory';
import { seedMemoryInvoices } from './seed-memory-invoices.js';

export interface HeapPerInvoiceResult {
  invoices: number;
  flavor: string;
  heapBytes: number;
  bytesPerInvoice: number;
}

declare const gc: (() => void) | undefined;

function collect(): number {
  if (typeof gc !== 'function') throw new Error('bench: run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** In this process (started with --expose-gc): heap held by `invoices` seeded open invoices. */
export function heapPerInvoiceHere(invoices: number): HeapPerInvoiceResult {
  const provider = createMemoryProvider({ flavor: 'stripe' });
  seedMemoryInvoices(provider, 10); // loads and warms the code paths before the baseline
  provider.reset();
  const before = collect();
  seedMemoryInvoices(provider, invoices);
  const after = collect();
  // Reading the provider after the collection keeps it (and all it holds) reachable through it.
  return {
    invoices,
    flavor: provider.flavor,
    heapBytes: after - before,
    bytesPerInvoice: (after - before) / invoices,
  };
}

/**
 * Measures heap per invoice in a fresh child process (`--expose-gc`, a large old space), so earlier
 * benches leave nothing in the heap being measured.
 */
export function measureHeapPerInvoice(invoices: number): HeapPerInvoiceResult {
  const self = fileURLToPath(import.meta.url);
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, '--expose-gc', '--max-old-space-size=16384', self, String(invoices)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 30 * 60_000 },
  );
  return JSON.parse(output.trim().split('\n').at(-1)!) as HeapPerInvoiceResult;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const invoices = Number(process.argv[2]);
  if (!Number.isSafeInteger(invoices) || invoices < 1)
    throw new Error('usage: measure-heap-per-invoice <count>');
  console.log(JSON.stringify(heapPerInvoiceHere(invoices)));
}
