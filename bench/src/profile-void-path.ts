/**
 * Runs one way of voiding, many times, against the loopback server process: the workload for a
 * CPU or heap profile of that path alone (`node --cpu-prof --import tsx src/profile-void-path.ts
 * stripe billbridge 20000`). Prints CPU µs per void and heap allocated per void at the end.
 */
import { getHeapStatistics } from 'node:v8';
import { createChargebeeVoidCalls } from './create-chargebee-void-calls.js';
import { createStripeVoidCalls } from './create-stripe-void-calls.js';
import { startLoopbackServerProcess } from './start-loopback-server-process.js';

const variants = ['raw', 'rawSameRequest', 'provider', 'billbridge'] as const;
type Variant = (typeof variants)[number];

const [provider, variant, countText = '20000'] = process.argv.slice(2);
const count = Number(countText);
if (
  (provider !== 'stripe' && provider !== 'chargebee') ||
  !(variants as readonly string[]).includes(variant ?? '') ||
  !Number.isSafeInteger(count) ||
  count < 1
) {
  throw new Error(`usage: profile-void-path stripe|chargebee ${variants.join('|')} [count]`);
}
process.setSourceMapsEnabled(false);
const warmup = 500;
const server = await startLoopbackServerProcess({ maxRequests: count + warmup, maxDurationMs: 30 * 60_000 });
try {
  const calls =
    provider === 'stripe' ? createStripeVoidCalls(server.port) : createChargebeeVoidCalls(server.port);
  const call = calls[variant as Variant];
  const id = (index: number) => (provider === 'stripe' ? `in_prof${index}` : String(index + 1));
  for (let index = 0; index < warmup; index++) await call(id(index));
  const heapBefore = getHeapStatistics();
  const cpuBefore = process.cpuUsage();
  for (let index = warmup; index < warmup + count; index++) await call(id(index));
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = getHeapStatistics();
  console.log(
    `${provider} ${variant}: ${count} voids, ${((cpu.user + cpu.system) / count).toFixed(1)} µs CPU per void; ` +
      `heap used ${(heapBefore.used_heap_size / 2 ** 20).toFixed(1)} → ${(heapAfter.used_heap_size / 2 ** 20).toFixed(1)} MiB`,
  );
} finally {
  await server.close();
}
