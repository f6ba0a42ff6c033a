/**
 * Instructions per void through `createBillingClient` on the memory provider, counted by valgrind
 * (cachegrind without its cache simulation) with V8 in `--predictable` mode (one thread, no
 * concurrent compiler or GC, fixed hash seed) and idempotency keys from a fixed prefix. Unlike CPU
 * time, the count hardly moves with the host: seeding alone repeats to ~0.2 %. The voids do not
 * repeat exactly: with the client's random keys one build gave 123 027, 129 246 and 134 437 per
 * void in three runs; with fixed ones the spread is 0.5–7 % (V8 still takes some decisions by
 * time). So each build's voids are counted `--repeat` times and the median is the figure. Each count is the run with the voids less the run that only seeds, divided by the
 * voids: start-up and seeding cancel out. Information for comparing builds (DESIGN §12 measures
 * CPU time); it needs valgrind, so `bench` does not run it. BENCHMARKS.md ("Eleventh session").
 *
 *   cd bench && npx tsx src/count-void-instructions.ts [--invoices=8000] [--repeat=5] [build.js …]
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
const invoices = Number(invoicesArg?.slice('--invoices='.length) ?? '8000');
if (!Number.isSafeInteger(invoices) || invoices < 1) throw new Error('--invoices must be a positive integer');
const repeatArg = args.find((arg) => arg.startsWith('--repeat='));
const repeat = Number(repeatArg?.slice('--repeat='.length) ?? '5');
if (!Number.isSafeInteger(repeat) || repeat < 1) throw new Error('--repeat must be a positive integer');
const builds = args.filter((arg) => !arg.startsWith('--'));
if (builds.length === 0)
  builds.push(fileURLToPath(new URL('../../packages/memory/dist/index.js', import.meta.url)));

/** Instructions valgrind counted over one run of the workload. */
function countInstructions(build: string, voids: boolean): number {
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
        BENCH_VOID: voids ? '1' : '0',
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
  `| build | instructions, seeding ${invoices} | per void, median of ${repeat} | per void, each run |`,
);
console.log('|---|---:|---:|---|');
for (const build of builds) {
  const seeding = countInstructions(build, false);
  const perVoid: number[] = [];
  for (let run = 0; run < repeat; run++) perVoid.push((countInstructions(build, true) - seeding) / invoices);
  const median = [...perVoid].sort((a, b) => a - b)[Math.floor(repeat / 2)]!;
  console.log(`| ${build} | ${format(seeding)} | ${format(median)} | ${perVoid.map(format).join(', ')} |`);
}
