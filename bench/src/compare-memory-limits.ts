/**
 * What the memory provider's bounds cost a bulk run: voids/s through the client (as `--only=memory`
 * measures it, 10^5 seeded invoices) with only `limits` changed. Each variant runs in a fresh
 * process (three passes there), and the variants alternate over `rounds`, so a host that speeds up
 * or slows down falls on all of them alike. BENCHMARKS.md ("The same code on a faster host").
 *
 *   cd bench && npx tsx src/compare-memory-limits.ts [rounds=2]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MemoryProviderSettings } from '@billbridge/memory';
import { measureMemoryThroughput } from './measure-memory-throughput.js';

const variants: Record<string, MemoryProviderSettings['limits']> = {
  default: undefined,
  'idempotencyRecords 50 000': { idempotencyRecords: 50_000 },
  'idempotencyRecords 10 000': { idempotencyRecords: 10_000 },
  'idempotencyRecords 1 000': { idempotencyRecords: 1_000 },
  'idempotencyRecords 0': { idempotencyRecords: 0 },
  'calls 0': { calls: 0 },
  'events 0': { events: 0 },
  'calls, idempotencyRecords, events 0': { calls: 0, idempotencyRecords: 0, events: 0 },
};
const INVOICES = 100_000;
const PASSES = 3;

const [mode, argument] = process.argv.slice(2);
if (mode === '--child') {
  if (argument === undefined || !(argument in variants)) throw new Error(`unknown variant ${argument}`);
  const rates: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    rates.push(Math.round((await measureMemoryThroughput(INVOICES, variants[argument])).voidsPerSecond));
  }
  process.stdout.write(JSON.stringify(rates));
} else {
  const rounds = Number(mode ?? '2');
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error('usage: compare-memory-limits [rounds]');
  const seen = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(variants)) {
      const output = execFileSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), '--child', name],
        { encoding: 'utf8' },
      );
      seen.get(name)?.push(...(JSON.parse(output) as number[]));
    }
  }
  console.log(
    `| limits | voids/s (${rounds} processes × ${PASSES} passes of ${INVOICES}) | lowest–highest |`,
  );
  console.log('|---|---|---:|');
  for (const [name, rates] of seen) {
    console.log(`| ${name} | ${rates.join(', ')} | ${Math.min(...rates)}–${Math.max(...rates)} |`);
  }
}
