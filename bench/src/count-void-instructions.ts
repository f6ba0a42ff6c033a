/**
 * Instructions per void through `createBillingClient` on the memory provider, counted by valgrind
 * (cachegrind without its cache simulation) with V8 in `--predictable` mode (one thread, no
 * concurrent compiler or GC, fixed hash seed). Unlike CPU time, the count does not move with the
 * host: two runs of the same build agree to ~0.1 % per void, where `--only=memory` swings by half from one
 * hour to the next on this shared machine. Each build is counted twice, seeding only and seeding
 * plus the voids, and the difference is divided by the voids: set-up and seeding cancel out.
 * Information for comparing builds, not a goal of its own (DESIGN §12 measures CPU time); it needs
 * valgrind, so `bench` does not run it. BENCHMARKS.md ("Eleventh session").
 *
 *   cd bench && npx tsx src/count-void-instructions.ts [--invoices=8000] [build.js …]
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

console.log(`| build | instructions, seeding ${invoices} | with the voids | per void |`);
console.log('|---|---:|---:|---:|');
for (const build of builds) {
  const seeding = countInstructions(build, false);
  const withVoids = countInstructions(build, true);
  console.log(
    `| ${build} | ${seeding.toLocaleString('en-US')} | ${withVoids.toLocaleString('en-US')} | ${Math.round((withVoids - seeding) / invoices).toLocaleString('en-US')} |`,
  );
}
