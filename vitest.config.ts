/**
 * Two projects, so the suite does not pay for isolation it does not need (issue 12: isolated
 * workers re-import stripe, chargebee, zod… for every file; without isolation the same files take
 * about 40 % of the CPU):
 * - `isolated`: each file in a fresh module graph: the files that call `vi.mock` (a module mock
 *   must not leak into files that share the module cache). None does now: the one that did spies
 *   on a builtin's export instead (`vi.spyOn` + `syncBuiltinESMExports`, restored after), so the
 *   suite no longer pays a second Vite server and worker for it (issue 12). The project stays
 *   for a file that must mock a module.
 * - `shared`: every other file, in workers that keep their module cache from file to file. The
 *   files among them whose imports reach `nock`, or that play or record a cassette, are nock files:
 *   nock patches `http` and `fetch` for a whole worker, and a file's `disableNetConnect()` would
 *   refuse the next file's loopback connections. `test/support/reset-nock.ts` (the project's setup
 *   file, told the nock files by `provide`) gives a nock file the state a fresh process has (nock
 *   active, no interceptors, net connect allowed) and takes nock out of `http` again when it ends,
 *   so the next file sees Node's own; without it 108 tests fail. Until 2026-12-02 the nock files
 *   were a project of their own: vitest queues projects one after another (its sequencer orders by
 *   project name) and gives each project its own Vite server, so every source module was
 *   transformed twice and the slowest files of `shared` started only after the last nock file.
 * `shared` also starts test-side stripe-node requests without stripe-node's call-site capture
 *   (`test/support/skip-stripe-call-site.ts`: formatting that stack through Vite's source-map
 *   interceptor took ~2 s of the workers' time in one run).
 * Both lists come from reading the import graph below, so a new test file is placed without anyone
 * listing it. `@billbridge/testing` loads nock only when a cassette is played or recorded
 * (load-nock.ts), so importing it for `describeProviderContract` alone does not count.
 *
 * Twice as many workers as cores: many files mostly wait (spawned bins, worker processes,
 * PostgreSQL, rate-limited voids against the emulator), and a waiting worker leaves its core to
 * another. On this 2-core machine, quiet: 2 workers 127 s wall, 4 workers 64 s, 6 or 8 about 66 s,
 * with the same CPU (BENCHMARKS.md, "Test suite wall time").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));
const testRoots = ['packages', 'test', 'examples', 'bench/test'];
const testFile = /\.test\.ts$/;

function filesUnder(directory: string, found: string[] = []): string[] {
  for (const name of readdirSync(directory)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(directory, name);
    if (statSync(path).isDirectory()) filesUnder(path, found);
    else if (testFile.test(name)) found.push(path);
  }
  return found;
}

const specifiers = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
/** Lines that load nothing at run time. */
const typeOnlyImports = /^import type .*$/gm;
/** Calls that load nock (packages/testing/src/load-nock.ts). */
const cassetteCalls = /\b(?:withCassette|playCassette|recordCassette)\s*\(/;
const testingSources = join(root, 'packages/testing/src');

/** The source file an import names, when it is one of this repository's (relative or `@billbridge/…`). */
function resolveSource(from: string, specifier: string): string | undefined {
  let target: string | undefined;
  if (specifier.startsWith('.')) target = resolve(dirname(from), specifier);
  else if (specifier.startsWith('@billbridge/')) {
    const [, name, ...rest] = specifier.split('/');
    target = join(root, 'packages', name as string, 'src', rest.length ? rest.join('/') : 'index.ts');
  } else if (specifier === 'billbridge') target = join(root, 'packages/billbridge/src/index.ts');
  if (target === undefined) return undefined;
  for (const candidate of [
    target,
    target.replace(/\.js$/, '.ts'),
    `${target}.ts`,
    join(target, 'index.ts'),
  ]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return undefined;
}

const verdicts = new Map<string, boolean>();

/** Whether `file`, or anything of this repository it imports, imports nock or calls `vi.mock`. */
function needsIsolation(file: string): boolean {
  const known = verdicts.get(file);
  if (known !== undefined) return known;
  verdicts.set(file, false); // an import cycle adds nothing
  const text = readFileSync(file, 'utf8').replace(typeOnlyImports, '');
  let verdict =
    /\bvi\.(?:mock|doMock)\(/.test(text) || (!file.startsWith(testingSources) && cassetteCalls.test(text));
  for (const [, specifier] of text.matchAll(specifiers)) {
    if (verdict) break;
    if (specifier === 'nock') verdict = true;
    else {
      const source = resolveSource(file, specifier as string);
      if (source !== undefined) verdict = needsIsolation(source);
    }
  }
  verdicts.set(file, verdict);
  return verdict;
}

const allTests = testRoots.flatMap((directory) => filesUnder(join(root, directory)));
const isolated = allTests.filter(needsIsolation).map((file) => relative(root, file));
const mocksModules = (file: string) => /\bvi\.(?:mock|doMock)\(/.test(readFileSync(join(root, file), 'utf8'));
const nockFiles = new Set(isolated.filter((file) => !mocksModules(file)));

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    pool: 'threads',
    // At most 8: each worker holds its own SDKs and the PostgreSQL tests their own servers.
    maxWorkers: Math.min(8, Math.max(2, availableParallelism() * 2)),
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'isolated',
          include: isolated.filter((file) => !nockFiles.has(file)),
          isolate: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'shared',
          include: allTests.map((file) => relative(root, file)),
          exclude: [...isolated.filter((file) => !nockFiles.has(file)), '**/node_modules/**'],
          isolate: false,
          setupFiles: ['test/support/reset-nock.ts', 'test/support/skip-stripe-call-site.ts'],
          provide: { nockFiles: [...nockFiles].map((file) => join(root, file)) },
        },
      },
    ],
  },
});
