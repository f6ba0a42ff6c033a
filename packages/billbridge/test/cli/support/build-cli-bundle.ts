import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
/** Inside the package, so the SDKs left out of the bundle resolve from its node_modules. */
const cache = fileURLToPath(new URL('../../../node_modules/.cache/', import.meta.url));

/**
 * Builds the `billbridge` bin from the sources into a temporary folder, as tsup builds the package
 * (the workspace packages bundled in from their sources and dependencies; the SDKs left to the
 * package's `node_modules`, as installed), so tests spawn the real bin with `node` at its real start-up cost, without a
 * workspace build first. Returns the path of `main.js`.
 */
export async function buildCliBundle(): Promise<string> {
  await mkdir(cache, { recursive: true });
  const outDir = await mkdtemp(join(cache, 'billbridge-bin-'));
  await build({
    entry: { main },
    outDir,
    format: ['esm'],
    target: 'node20',
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
    // Workspace packages and what only they depend on (csv-parse is @billbridge/bulk's); the rest
    // (SDKs, commander, cli-progress, zod, and @billbridge/bulk's optional peers pg-boss and pg,
    // which it imports on first use) resolves from node_modules as installed.
    noExternal: [/^@billbridge\//, 'csv-parse'],
    external: ['stripe', 'chargebee', 'commander', 'cli-progress', 'zod', 'pg-boss', 'pg'],
    esbuildOptions(options) {
      options.conditions = ['source'];
    },
  });
  return join(outDir, 'main.js');
}
