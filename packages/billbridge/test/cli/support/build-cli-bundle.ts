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
