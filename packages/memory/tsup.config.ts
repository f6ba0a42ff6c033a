/**
 * The shared build (tsup.base.ts), with changes that keep the tarball under 60 KB
 * (docs/decisions.md, "The memory package's tarball"): whitespace removed from the JavaScript and
 * its syntax shortened (`!0`, `a ? b : c` for an `if`; names are kept, so stack traces still name
 * each function) and rollup's tree-shaking after esbuild. The declarations are written once by the build script (scripts/share-dist-declarations.mjs).
 */
import { defineConfig } from 'tsup';
import { packageBuildOptions } from '../../tsup.base.js';

export default defineConfig({
  ...packageBuildOptions,
  minifyWhitespace: true,
  minifySyntax: true,
  treeshake: true,
});
