/**
 * Where a memory void's CPU goes: voids `count` seeded invoices through `createBillingClient`
 * under the inspector's sampling profiler (the void phase only, seeding and warm-up left out) and
 * prints the functions with the most self time and the most inclusive time, in per cent of the
 * samples. BENCHMARKS.md ("Thirteenth session").
 *
 *   cd bench && npx tsx src/profile-memory-voids.ts [count=200000]
 */
import { Session } from 'node:inspector/promises';
import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { seedMemoryInvoices } from './seed-memory-invoices.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const count = Number(process.argv[2] ?? 200_000);
if (!Number.isSafeInteger(count) || count < 1) throw new Error('usage: profile-memory-voids [count]');
process.setSourceMapsEnabled(false);

const provider = createMemoryProvider({ flavor: 'stripe' });
const client = createBillingClient({ provider });
const ids = seedMemoryInvoices(provider, count);
const warm = createMemoryProvider({ flavor: 'stripe' });
const warmClient = createBillingClient({ provider: warm });
for (const id of seedMemoryInvoices(warm, 2_000)) await warmClient.voidInvoice(id);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
const started = process.hrtime.bigint();
for (const id of ids) await client.voidInvoice(id);
const elapsed = Number(process.hrtime.bigint() - started);
const { profile } = (await session.post('Profiler.stop')) as unknown as {
  profile: { nodes: ProfileNode[]; samples: number[] };
};
console.log(`${count} voids, ${((count / elapsed) * 1e9).toFixed(0)} voids/s under the profiler`);

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const name = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-3).join('/')}:${node.callFrame.lineNumber}`;
const hits = new Map<number, number>();
for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, samples] of hits) {
  const leaf = nodes.get(id)!;
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + samples);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const label = name(nodes.get(at)!);
    if (seen.has(label)) continue;
    seen.add(label);
    inclusive.set(label, (inclusive.get(label) ?? 0) + samples);
  }
}
const total = profile.samples.length;
for (const [title, table] of [
  ['self', self],
  ['inclusive', inclusive],
] as const) {
  console.log(`\n${title} time, % of ${total} samples`);
  for (const [label, samples] of [...table].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${((100 * samples) / total).toFixed(1).padStart(5)}  ${label}`);
  }
}
