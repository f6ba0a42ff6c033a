import { createRequire } from 'node:module';
import type nockModule from 'nock';

/** The nock module (its default export: the `nock()` function with `cleanAll`, `recorder`, …). */
export type Nock = typeof nockModule;

// Named `require` so the dist check (scripts/check-dist-imports.ts) sees the `require('nock')` below.
const require = createRequire(import.meta.url);
let loaded: Nock | undefined;

/**
 * nock, loaded on first use. Loading nock patches `http` for the whole process, so importing
 * `@billbridge/testing` for the conformance suite (`describeProviderContract`) must not do it:
 * only playing or recording a cassette does (the test runner treats the files that do as nock
 * files, vitest.config.ts).
 */
export function loadNock(): Nock {
  loaded ??= require('nock') as Nock;
  return loaded;
}
