import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { buildCliBundleWithSdk } from './cli/support/build-cli-bundle.js';

/**
 * billbridge's sources import zod as a namespace (`import * as z from 'zod'`), so a bundler keeps
 * only the zod they use. With `import { z } from 'zod'` esbuild keeps the whole of zod's `z`
 * object, `z.locales` included: every language's error messages (366 KB of the bin's 751 KB of
 * zod), and an application bundling billbridge with the memory provider went from 1 057 KB to
 * 443 KB when the imports changed (BENCHMARKS.md, "Eighth session"). The bin with zod bundled in
 * (`buildCliBundleWithSdk`, every package's sources: core, memory, bulk, the emulator, both
 * adapters) is the bundle checked: esbuild's metafile lists what went in.
 */
it('a bundle of billbridge keeps only the zod it uses: no locale but English', async () => {
  const main = await buildCliBundleWithSdk();
  const metafile = JSON.parse(await readFile(join(dirname(main), 'metafile-esm.json'), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  const zodInOutput = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs).filter(([path, input]) => /\/zod\//.test(path) && input.bytesInOutput > 0),
  );
  const locales = zodInOutput.map(([path]) => path).filter((path) => /\/zod\/v4\/locales\//.test(path));
  // English is zod's default locale, registered by the first schema made (zod/v4/classic/schemas.js).
  expect(locales.map((path) => path.replace(/.*\/locales\//, ''))).toEqual(['en.js']);
  expect(zodInOutput.length).toBeGreaterThan(10);
});
