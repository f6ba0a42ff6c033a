import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { seedMemoryInvoices } from './seed-memory-invoices.js';

const N = Number(process.argv[2] ?? 100_000);
const settings = JSON.parse(process.argv[3] ?? '{}');
const provider = createMemoryProvider({ flavor: 'stripe', ...settings });
const client = createBillingClient({ provider });
const ids = seedMemoryInvoices(provider, N);
for (const id of ids.slice(0, 2000)) await client.voidInvoice(id);
console.log('VOID START');
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (let i = 2000; i < N; i++) await client.voidInvoice(ids[i]!);
const ns = Number(process.hrtime.bigint() - t0);
const c = process.cpuUsage(c0);
console.log(
  'VOID END',
  Math.round((N - 2000) / (ns / 1e9)),
  'voids/s wall;',
  ((c.user + c.system) / (N - 2000)).toFixed(2),
  'µs CPU/void',
);
