import { fileURLToPath } from 'node:url';
import { buildSourceBundle } from '../../support/build-source-bundle.js';

const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

/**
 * The `billbridge` bin built from the sources, as tsup builds the package (the workspace packages
 * bundled in from their sources and dependencies; the SDKs left to the package's `node_modules`, as
 * installed), so tests spawn the real bin with `node` at its real start-up cost, without a
 * workspace build first. Built once per state of the sources: the folder is named by a hash of
 * everything that goes in, made under a temporary name and renamed into place (the first of
 * several test files building at once wins; the others use its bundle), so the files of one run
 * share one build (seven built one each before: about 0.3 s of CPU apiece, and a folder each left
 * behind). Tests only read it (test/support/build-source-bundle.ts). Returns the path of `main.js`.
 */
export function buildCliBundle(): Promise<string> {
  return buildSourceBundle(main, 'billbridge-bin');
}

/**
 * The same bin with stripe-node, zod and commander bundled in, for the files that start it over
 * and over (the crash test's kill-and-resume rounds, the pg-boss workers). Installed, stripe-node
 * is 232 ES module files: 106–133 ms of CPU to import at every start, against 20–27 ms as one file;
 * zod 48 against ~23 ms (BENCHMARKS.md, "Sixth session"). The code is the same; only where it is
 * read from differs. So the bin as the package ships it, finding the SDK in `node_modules`, stays
 * what `buildCliBundle` gives, for the runs that check it: start-up imports
 * (bin-start-imports.test.ts), `emulate`, the progress bar on a terminal, and the Stripe adapter
 * through the bin (`check, void, balance` in billbridge-bin.test.ts; the installed bin itself in
 * scripts/consumer-test.ts).
 */
export function buildCliBundleWithSdk(): Promise<string> {
  return buildSourceBundle(main, 'billbridge-bin-sdk-inside', { inline: ['stripe', 'zod', 'commander'] });
}
