/**
 * What a JavaScript `Map` of 100 000 keys costs by itself, for the memory provider's idempotency
 * records (packages/memory/src/state/idempotency-records.ts keeps one entry per key): a `get` of a
 * fresh key (it misses, as a first call's does) and its `set`, while the map grows to 100 000 keys,
 * then in a full map that drops its oldest key for each new one (the bounded store's steady
 * state). Short keys against billbridge's own (`generateIdempotencyKey`, 48 characters).
 *
 *   cd bench && npx tsx src/measure-map-floor.ts
 *
 * Three rounds; ns per key, CPU time.
 */
import { generateIdempotencyKey } from '../../packages/core/src/idempotency-key.js';

const size = 100_000;
let counter = 0;
const shapes: Record<string, () => string> = {
  'short (k<base 36>)': () => `k${(++counter).toString(36)}`,
  billbridge: generateIdempotencyKey,
};

function cpuNs(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) * 1000;
}

for (let round = 1; round <= 3; round++) {
  for (const [name, make] of Object.entries(shapes)) {
    const first = Array.from({ length: size }, make);
    const next = Array.from({ length: size }, make);
    const map = new Map<string, number>();
    const growing = cpuNs(() => {
      for (let index = 0; index < size; index++) {
        if (map.get(first[index] as string) !== undefined) throw new Error('a fresh key was found');
        map.set(first[index] as string, index);
      }
    });
    const full = cpuNs(() => {
      for (let index = 0; index < size; index++) {
        if (map.get(next[index] as string) !== undefined) throw new Error('a fresh key was found');
        map.set(next[index] as string, index);
        map.delete(first[index] as string);
      }
    });
    console.log(
      `round ${round} ${name.padEnd(18)} growing: get+set ${(growing / size).toFixed(0)} ns; full: get+set+delete ${(full / size).toFixed(0)} ns`,
    );
  }
}
