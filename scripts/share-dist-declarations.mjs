#!/usr/bin/env node
/**
 * After `tsup`, which writes the same declarations twice (`dist/index.d.ts` for the ESM entry,
 * `dist/index.d.cts` for the CJS one), keeps them once: the CJS file holds them, and the ESM file
 * re-exports them (`export * from './index.cjs'`, which TypeScript resolves to `index.d.cts`; an
 * ES module may import a CommonJS one, not the other way round, so this is the direction that
 * type-checks under `node16` and `bundler` alike). Halves the declarations in the tarball; the
 * consumer test (scripts/consumer-test.ts: tsc node16 + bundler, ESM and CJS, attw, publint)
 * proves both entries still type-check.
 *
 * Run from a package directory after its build: `node ../../scripts/share-dist-declarations.mjs`.
 * Refuses (exit 1) when the two files differ, so a build that made them differ is never hidden.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(process.cwd(), 'dist');
const esm = join(dist, 'index.d.ts');
const cjs = join(dist, 'index.d.cts');
const shared = "export * from './index.cjs';\n";
const esmText = readFileSync(esm, 'utf8');
if (esmText !== shared) {
  if (esmText !== readFileSync(cjs, 'utf8')) {
    console.error(`${esm} and ${cjs} differ: not sharing them`);
    process.exit(1);
  }
  writeFileSync(esm, shared);
}
