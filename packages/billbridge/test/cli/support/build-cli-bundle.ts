import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const packages = fileURLToPath(new URL('../../../../', import.meta.url));
const lockfile = fileURLToPath(new URL('../../../../../pnpm-lock.yaml', import.meta.url));
/** Inside the package, so the SDKs left out of the bundle resolve from its node_modules. */
const cache = fileURLToPath(new URL('../../../node_modules/.cache/', import.meta.url));
/** Bundles of other sources are removed once this old (a suite still running on them has ended). */
const STALE_MS = 60 * 60 * 1000;

/** Every file that goes into the bundle, and how: the workspace sources, manifests, lockfile, this file. */
async function bundleInputs(): Promise<string[]> {
  const files = [lockfile, fileURLToPath(import.meta.url)];
  async function walk(directory: string) {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.push(path);
    }
  }
  for (const name of await readdir(packages)) {
    files.push(join(packages, name, 'package.json'));
    await walk(join(packages, name, 'src'));
  }
  return files.sort();
}

async function sourcesKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await bundleInputs())
    hash
      .update(file)
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function removeStaleBundles(keep: string) {
  for (const name of await readdir(cache)) {
    if (!/^(billbridge-bin|building)-/.test(name) || name === keep) continue;
    const path = join(cache, name);
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true });
  }
}

/**
 * The `billbridge` bin built from the sources, as tsup builds the package (the workspace packages
 * bundled in from their sources and dependencies; the SDKs left to the package's `node_modules`, as
 * installed), so tests spawn the real bin with `node` at its real start-up cost, without a
 * workspace build first. Built once per state of the sources: the folder is named by a hash of
 * everything that goes in, made under a temporary name and renamed into place (the first of
 * several test files building at once wins; the others use its bundle), so the files of one run
 * share one build (seven built one each before: about 0.3 s of CPU apiece, and a folder each left
 * behind). Tests only read it. Returns the path of `main.js`.
 */
export async function buildCliBundle(): Promise<string> {
  const name = `billbridge-bin-${await sourcesKey()}`;
  const target = join(cache, name);
  if (existsSync(join(target, 'main.js'))) return join(target, 'main.js');
  await mkdir(cache, { recursive: true });
  const outDir = await mkdtemp(join(cache, 'building-'));
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
    // The emulator's `qs` (CommonJS, bundled in here) requires Node built-ins, which an ES module
    // bundle can only do through a real `require` (the published build keeps qs external).
    banner: {
      js: "import { createRequire as __billbridgeCreateRequire } from 'node:module';\nconst require = __billbridgeCreateRequire(import.meta.url);",
    },
    esbuildOptions(options) {
      options.conditions = ['source'];
    },
  });
  try {
    await rename(outDir, target);
  } catch (error) {
    // Another file built the same sources first.
    if (!existsSync(join(target, 'main.js'))) throw error;
    await rm(outDir, { recursive: true, force: true });
  }
  await removeStaleBundles(name);
  return join(target, 'main.js');
}
