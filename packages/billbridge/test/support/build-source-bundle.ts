import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packages = fileURLToPath(new URL('../../../', import.meta.url));
/** The repository's root: the build runs there, and the metafile's paths are relative to it. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const lockfile = fileURLToPath(new URL('../../../../pnpm-lock.yaml', import.meta.url));
/** Inside the package, so the SDKs left out of the bundle resolve from its node_modules. */
const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
/** Bundles of other sources are removed once this old (a suite still running on them has ended). */
const STALE_MS = 60 * 60 * 1000;

/** Every file that goes into a bundle, and how: the entry, the workspace sources, manifests, lockfile, this file. */
async function bundleInputs(entry: string): Promise<string[]> {
  const files = [entry, lockfile, fileURLToPath(import.meta.url)];
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

async function sourcesKey(entry: string, inline: ReadonlySet<string>): Promise<string> {
  // What is bundled in is an input too: the same sources with other packages inside are another bundle.
  const hash = createHash('sha256')
    .update([...inline].sort().join(','))
    .update('\0');
  for (const file of await bundleInputs(entry))
    hash
      .update(file)
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function removeStaleBundles(prefix: string, keep: string) {
  // `<prefix>-<hash>` exactly: `billbridge-bin` must not take `billbridge-bin-sdk-inside-…` for its own.
  const ofPrefix = new RegExp(`^${prefix.replace(/[^a-z0-9]/gi, '\\$&')}-[0-9a-f]{16}$`);
  for (const name of await readdir(cache)) {
    if (!(ofPrefix.test(name) || name.startsWith('building-')) || name === keep) continue;
    const path = join(cache, name);
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true });
  }
}

/**
 * `entry` bundled as tsup builds the packages, for tests that spawn it with plain `node` (the bin,
 * test/cli/support/build-cli-bundle.ts; the lazy-loading check's script): no workspace build first
 * and no TypeScript loader in the child. What goes in: the workspace packages and the `billbridge`
 * umbrella from their sources; the SDKs and other packages stay in `node_modules`; lazy imports
 * become chunks of their own. Built once per state of its inputs, in a folder named
 * `<prefix>-<hash>`, made under a temporary name and renamed into place (the first of several test
 * files building at once wins; the others use its bundle). Tests only read it. Beside `main.js` is
 * esbuild's `metafile-esm.json`: which sources went into which chunk (`bundleChunkSources`).
 * Returns the path of `main.js`.
 */
export async function buildSourceBundle(
  entry: string,
  prefix: string,
  options: {
    /**
     * Packages bundled in although the published build leaves them to `node_modules`
     * (`buildCliBundleWithSdk` says when a test may use that). Hashed into the bundle's name with
     * the sources; give such a bundle a `prefix` of its own too, to tell the folders apart.
     */
    inline?: readonly string[];
  } = {},
): Promise<string> {
  const inline = new Set(options.inline ?? []);
  const name = `${prefix}-${await sourcesKey(entry, inline)}`;
  const target = join(cache, name);
  if (existsSync(join(target, 'main.js'))) return join(target, 'main.js');
  await mkdir(cache, { recursive: true });
  const outDir = await mkdtemp(join(cache, 'building-'));
  // Loaded only to build: a file that finds the bundle made spends no CPU on tsup.
  const { build } = await import('tsup');
  await build({
    entry: { main: entry },
    outDir,
    metafile: true,
    format: ['esm'],
    target: 'node20',
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
    // Workspace packages and what only they depend on (csv-parse is @billbridge/bulk's); the rest
    // (SDKs, commander, cli-progress, zod, and @billbridge/bulk's optional peers pg-boss and pg,
    // which it imports on first use) resolves from node_modules as installed, unless `inline`.
    noExternal: [/^@billbridge\//, /^billbridge$/, 'csv-parse', ...inline],
    external: ['stripe', 'chargebee', 'commander', 'cli-progress', 'zod', 'pg-boss', 'pg'].filter(
      (name) => !inline.has(name),
    ),
    // The emulator's `qs` (CommonJS, bundled in here) requires Node built-ins, which an ES module
    // bundle can only do through a real `require` (the published build keeps qs external).
    banner: {
      js: "import { createRequire as __billbridgeCreateRequire } from 'node:module';\nconst require = __billbridgeCreateRequire(import.meta.url);",
    },
    esbuildOptions(options) {
      options.conditions = ['source'];
      options.absWorkingDir = root;
    },
  });
  try {
    await rename(outDir, target);
  } catch (error) {
    // Another file built the same sources first.
    if (!existsSync(join(target, 'main.js'))) throw error;
    await rm(outDir, { recursive: true, force: true });
  }
  await removeStaleBundles(prefix, name);
  return join(target, 'main.js');
}

/** The source files (absolute paths) each file of a `buildSourceBundle` bundle holds, by its `file://` URL. */
export async function bundleChunkSources(mainPath: string): Promise<Map<string, string[]>> {
  const directory = dirname(mainPath);
  const metafile = JSON.parse(await readFile(join(directory, 'metafile-esm.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  const chunks = new Map<string, string[]>();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    // esbuild names outputs and inputs relative to the root (`absWorkingDir`), and the outputs in
    // the folder the bundle was built in before it was renamed into place.
    chunks.set(
      pathToFileURL(join(directory, basename(output))).href,
      Object.keys(inputs).map((input) => resolve(root, input)),
    );
  }
  return chunks;
}
