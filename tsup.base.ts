import { defineConfig, type Options } from 'tsup';

/**
 * The one build every package shares: ESM + CJS + `.d.ts` from `src/index.ts`, for Node 20.
 * No source maps: the output is unminified, readable JavaScript, and maps were two thirds of each
 * tarball. `metafile` records every input esbuild bundled (dist/metafile-*.json, not published),
 * which `scripts/check-dist-imports.ts` reads to prove nothing from node_modules was inlined.
 */
export const packageBuildOptions = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  metafile: true,
  target: 'node20',
} satisfies Options;

export const packageBuildConfig = defineConfig(packageBuildOptions);
