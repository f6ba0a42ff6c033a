import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCliBundle } from './support/build-cli-bundle.js';

/** `import … from "x"` and `import "x"` at the start of a line (esbuild's output), not `import("x")`. */
const staticImport = /^import\s(?:[^;]*?\sfrom\s*)?"([^"]+)";/gm;
const dynamicImport = /\bimport\("([^"]+)"\)/g;
/** A package required on demand (`createRequire`), as the CommonJS progress bar is. */
const lazyRequire = /\brequire\d*\("([^"]+)"\)/g;

/** Every bare specifier the bin's files import, statically from main.js on, and the dynamic ones. */
async function bundleImports(main: string) {
  const directory = dirname(main);
  const seen = new Set<string>();
  const staticBare = new Set<string>();
  const dynamic = new Set<string>();
  async function walk(file: string) {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(join(directory, file), 'utf8');
    for (const [, specifier] of text.matchAll(dynamicImport)) dynamic.add(specifier as string);
    for (const [, specifier] of text.matchAll(lazyRequire)) dynamic.add(specifier as string);
    for (const [, specifier] of text.matchAll(staticImport)) {
      if (specifier!.startsWith('./')) await walk(specifier!.slice(2));
      else staticBare.add(specifier!);
    }
  }
  await walk('main.js');
  return { staticBare, dynamic, files: seen };
}

describe('the billbridge bin at start-up', () => {
  it('loads no provider SDK, PostgreSQL client, queue or progress bar until a command needs it', async () => {
    const { staticBare, dynamic, files } = await bundleImports(await buildCliBundle());
    // What every start pays for: the argument parser, zod and Node's own modules.
    const packages = [...staticBare].filter((name) => !builtinModules.includes(name.replace(/^node:/, '')));
    expect(packages.sort()).toEqual(['commander', 'zod']);
    // They are still in the bin, loaded when a command reaches them (the worker's Stripe accounts;
    // the bar, required when stderr is a terminal: test/cli/progress-tty.test.ts draws it).
    for (const heavy of ['stripe', 'pg', 'pg-boss', 'cli-progress'])
      expect(dynamic.has(heavy), heavy).toBe(true);
    expect(files.size).toBeGreaterThan(1);
  });
});
