/**
 * Instructions per void through `createBillingClient` on the memory provider, counted by valgrind
 * (cachegrind without its cache simulation) with V8 in `--predictable` mode (one thread, no
 * concurrent compiler or GC, fixed hash seed) and idempotency keys from a fixed prefix. Unlike CPU
 * time, the count hardly moves with the host.
 *
 * What is counted is the steady state: two runs seed the same `--invoices`, one voids the first
 * `--warmup` of them and the other all; the difference over `invoices - warmup` is the count per
 * void, and start-up, seeding and the warm-up (the interpreter and JIT compilation of the void
 * path) cancel out. Until 2026-12-03 the count was the run with all voids less a run with none,
 * over 8 000 voids: that figure was mostly warm-up (one build: 126 804 per void over 8 000,
 * 40 737 over 32 000; BENCHMARKS.md, "Twelfth session").
 *
 * The voids do not repeat exactly (V8 still takes some decisions by time), so each build is counted
 * `--repeat` times and the median is the figure. Information for comparing builds (DESIGN §12
 * measures CPU time); it needs valgrind, so `bench` does not run it.
 *
 *   cd bench && npx tsx src/count-void-instructions.ts [--invoices=24000] [--warmup=8000] [--repeat=3] [build.js …]
 *
 * A build is a memory package's `dist/index.js` (default: this checkout's). To compare with
 * another, copy its `dist` beside this one's (`packages/memory/dist-old`), so that it imports the
 * same `@billbridge/core`, and name both.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const workload = fileURLToPath(new URL('./void-instructions-workload.mjs', import.meta.url));
const args = process.argv.slice(2);
const invoicesArg = args.find((arg) => arg.startsWith('--invoices='));
const invoices = Number(invoicesArg?.slice('--invoices='.length) ?? '24000');
const warmupArg = args.find((arg) => arg.startsWith('--warmup='));
const warmup = Number(warmupArg?.slice('--warmup='.length) ?? '8000');
if (!Number.isSafeInteger(warmup) || warmup < 0) throw new Error('--warmup must be a whole number');
if (!Number.isSafeInteger(invoices) || invoices <= warmup)
  throw new Error('--invoices must be an integer greater than --warmup');
const repeatArg = args.find((arg) => arg.startsWith('--repeat='));
const repeat = Number(repeatArg?.slice('--repeat='.length) ?? '3');
if (!Number.isSafeInteger(repeat) || repeat < 1) throw new Error('--repeat must be a positive integer');
const builds = args.filter((arg) => !arg.startsWith('--'));
if (builds.length === 0)
  builds.push(fileURLToPath(new URL('../../packages/memory/dist/index.js', import.meta.url)));

/** Instructions valgrind counted over one run of the workload that voids the first `voids` invoices. */
function countInstructions(build: string, voids: number): number {
  const run = spawnSync(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--predictable',
      workload,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCH_MEMORY: pathToFileURL(resolve(build)).href,
        BENCH_INVOICES: String(invoices),
        BENCH_VOIDS: String(voids),
      },
    },
  );
  if (run.error) throw new Error(`valgrind could not be started (is it installed?): ${run.error.message}`);
  const refs = /I\s+refs:\s+([\d,]+)/.exec(run.stderr);
  if (run.status !== 0 || !refs)
    throw new Error(`the workload failed under valgrind:\n${run.stderr.slice(-2000)}`);
  return Number(refs[1]!.replaceAll(',', ''));
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');
console.log(
  `| build | per void after ${warmup} (voids ${warmup + 1}–${invoices}), median of ${repeat} | each run | ${invoices} seeded, ${warmup} voided |`,
);
console.log('|---|---:|---|---:|');
for (const build of builds) {
  const perVoid: number[] = [];
  let warmedUp = 0;
  for (let run = 0; run < repeat; run++) {
    warmedUp = countInstructions(build, warmup);
    perVoid.push((countInstructions(build, invoices) - warmedUp) / (invoices - warmup));
  }
  const median = [...perVoid].sort((a, b) => a - b)[Math.floor(repeat / 2)]!;
  console.log(`| ${build} | ${format(median)} | ${perVoid.map(format).join(', ')} | ${format(warmedUp)} |`);
}
