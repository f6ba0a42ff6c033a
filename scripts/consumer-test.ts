/**
 * The consumer test (CI): what a team adopting billbridge gets from npm, tried on the real
 * tarballs. Run after `pnpm build`: `tsx scripts/consumer-test.ts [--keep]`.
 *
 * 1. `pnpm pack` every publishable package (pnpm applies `publishConfig` and rewrites
 *    `workspace:` ranges, as on publish); each tarball must hold LICENSE, README.md and dist, and
 *    its package.json no `source` condition and no `workspace:` range.
 * 2. attw and publint on every tarball.
 * 3. A plain npm project with every tarball (no workspace links): import each package from ESM
 *    and CJS, and type-check a small program with `moduleResolution` `node16` and `bundler`.
 * 4. A strict pnpm project (`hoist=false`: a package sees only what it declares) with the same
 *    type-check, where an undeclared import in a `.d.ts` is a TS2307.
 * 5. A memory-only npm project (core, memory, billbridge; no stripe, no chargebee): `require` and
 *    `import` of billbridge work, memory voids, neither SDK is loaded (modules counted), and
 *    configuring Stripe names the packages to install.
 * In the npm projects, the `billbridge` bin as installed: it starts; with stripe installed a Stripe
 * run reaches stripe-node (its own connection error from a closed loopback port); without, the
 * bin names the packages to install and still runs on the memory provider.
 *
 * Long because it is one linear script of steps; each step is a function below.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listWorkspacePackages, repositoryRoot, type WorkspacePackage } from './workspace-packages.js';

const PNPM = ['-y', 'pnpm@10.34.8'];
const keep = process.argv.includes('--keep');
const failures: string[] = [];
const requireHere = createRequire(import.meta.url);
/** The workspace's TypeScript, run on the consumer projects (they install none). */
const tsc = requireHere.resolve('typescript/bin/tsc');
const attw = join(repositoryRoot, 'node_modules/.bin/attw');

function step(title: string): void {
  console.log(`\n== consumer: ${title}`);
}

function fail(message: string): void {
  failures.push(message);
  console.error(`FAIL ${message}`);
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs and records a failure (with the command's output) instead of throwing. */
function check(title: string, command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  try {
    const out = run(command, args, cwd, env);
    console.log(`ok   ${title}`);
    return out;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    fail(`${title}\n${`${stdout}\n${stderr}`.trim()}`);
    return '';
  }
}

/**
 * Runs a command that must end with exit `code` and print `pattern` (stdout and stderr together);
 * records a failure otherwise.
 */
function checkExit(
  title: string,
  command: string,
  args: string[],
  cwd: string,
  expected: { code: number; pattern: RegExp },
  env?: NodeJS.ProcessEnv,
): void {
  let status = 0;
  let output = '';
  try {
    output = run(command, args, cwd, env);
  } catch (error) {
    const {
      status: code,
      stdout = '',
      stderr = '',
    } = error as { status?: number; stdout?: string; stderr?: string };
    status = code ?? -1;
    output = `${stdout}\n${stderr}`;
  }
  if (status === expected.code && expected.pattern.test(output)) console.log(`ok   ${title}`);
  else
    fail(
      `${title}: exit ${status} (expected ${expected.code}, output matching ${expected.pattern})\n${output.trim()}`,
    );
}

/**
 * The `billbridge` bin as npm installed it (`node_modules/.bin`): it starts, and a Stripe run finds
 * stripe-node in the project. The run points at a closed loopback port, so what comes back is
 * stripe-node's own connection error through the adapter (exit 1), not a request anywhere.
 */
function checkBin(dir: string, label: string, stripeInstalled: boolean): void {
  const bin = join(dir, 'node_modules/.bin/billbridge');
  checkExit(`${label}: billbridge --help`, bin, ['--help'], dir, { code: 0, pattern: /bulk-void/ });
  const env = { STRIPE_SECRET_KEY: 'sk_test_consumerBinCheck', BILLBRIDGE_PROVIDER: '' };
  const args = ['check', 'in_consumer', '--provider', 'stripe', '--api-base', 'http://127.0.0.1:9'];
  if (stripeInstalled) {
    checkExit(
      `${label}: billbridge check --provider stripe loads stripe-node from the project`,
      bin,
      args,
      dir,
      { code: 1, pattern: /connection_failed: .*An error occurred with our connection to Stripe/ },
      env,
    );
  } else {
    checkExit(
      `${label}: billbridge check --provider stripe names the packages to install`,
      bin,
      args,
      dir,
      { code: 2, pattern: /not installed: npm install @billbridge\/stripe stripe/ },
      env,
    );
    checkExit(
      `${label}: billbridge check on the memory provider runs without an SDK`,
      bin,
      ['check', 'in_consumer', '--provider', 'memory'],
      dir,
      { code: 1, pattern: /no such invoice: in_consumer/ },
      env,
    );
  }
}

interface Tarball {
  pkg: WorkspacePackage;
  file: string;
  bytes: number;
}

function pack(packages: WorkspacePackage[], dir: string): Tarball[] {
  mkdirSync(dir, { recursive: true });
  return packages.map((pkg) => {
    const before = new Set(readdirSync(dir));
    run('npx', [...PNPM, 'pack', '--pack-destination', dir], pkg.dir);
    const created = readdirSync(dir).find((name) => !before.has(name));
    if (created === undefined) throw new Error(`pnpm pack wrote nothing for ${pkg.manifest.name}`);
    const file = join(dir, created);
    return { pkg, file, bytes: statSync(file).size };
  });
}

/** Issue 11: the memory provider's tarball stays small (docs/decisions.md, "The memory package's tarball"). */
const TARBALL_BYTE_LIMITS: Readonly<Record<string, number>> = { '@billbridge/memory': 60_000 };

function inspectTarball({ pkg, file, bytes }: Tarball): void {
  const name = pkg.manifest.name;
  const limit = TARBALL_BYTE_LIMITS[name];
  if (limit !== undefined && bytes >= limit)
    fail(`${name}: the tarball is ${bytes} bytes, over its ${limit}`);
  const entries = run('tar', ['-tzf', file], repositoryRoot).split('\n');
  for (const needed of ['package/LICENSE', 'package/README.md', 'package/package.json']) {
    if (!entries.includes(needed)) fail(`${name}: the tarball has no ${needed.slice('package/'.length)}`);
  }
  if (!entries.some((entry) => entry.startsWith('package/dist/'))) fail(`${name}: the tarball has no dist/`);
  const manifest = run('tar', ['-xzOf', file, 'package/package.json'], repositoryRoot);
  if (manifest.includes('"source"')) fail(`${name}: the published package.json has a "source" condition`);
  if (manifest.includes('workspace:')) fail(`${name}: the published package.json has a workspace: range`);
}

/** `file:` specs for every tarball, as dependencies and as overrides (so nested edges use them too). */
function tarballSpecs(tarballs: Tarball[]): Record<string, string> {
  return Object.fromEntries(tarballs.map(({ pkg, file }) => [pkg.manifest.name, `file:${file}`]));
}

function writeProject(dir: string, manifest: object, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

const fixtures = join(repositoryRoot, 'scripts/consumer-fixtures');

/** The versions the workspace pins (and CI tests), for the SDKs and peers a consumer installs. */
function pinned(name: string): string {
  const root = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const version = root.devDependencies[name];
  if (version === undefined) throw new Error(`the workspace pins no ${name}`);
  return version;
}

function typecheck(dir: string, label: string): void {
  for (const config of ['tsconfig.node16.json', 'tsconfig.bundler.json']) {
    check(`${label}: tsc -p ${config}`, process.execPath, [tsc, '-p', config], dir);
  }
}

function main(): void {
  const packages = listWorkspacePackages();
  const work = mkdtempSync(join(tmpdir(), 'billbridge-consumer-'));
  console.log(`consumer projects in ${work}`);
  try {
    step('pack');
    const tarballs = pack(packages, join(work, 'tarballs'));
    for (const tarball of tarballs) {
      console.log(`     ${tarball.pkg.manifest.name}: ${tarball.bytes} bytes`);
      inspectTarball(tarball);
    }

    step('attw and publint on the tarballs');
    for (const { pkg, file } of tarballs) {
      const esmOnly = !JSON.stringify(pkg.manifest.publishConfig?.exports ?? {}).includes('"require"');
      check(
        `attw ${pkg.manifest.name}${esmOnly ? ' (esm-only profile)' : ''}`,
        attw,
        [file, '--format', 'table-flipped', '--profile', esmOnly ? 'esm-only' : 'node16'],
        work,
      );
      check(
        `publint ${pkg.manifest.name}`,
        process.execPath,
        [join(fixtures, 'publint-tarball.mjs'), file],
        work,
      );
    }

    const specs = tarballSpecs(tarballs);
    const sdks = {
      stripe: pinned('stripe'),
      chargebee: pinned('chargebee'),
      nock: pinned('nock'),
      vitest: pinned('vitest'),
      '@types/node': pinned('@types/node'),
    };

    step('npm project with every package (ESM, CJS, TypeScript node16 and bundler)');
    const full = join(work, 'npm-full');
    writeProject(
      full,
      {
        name: 'consumer-full',
        private: true,
        type: 'module',
        dependencies: { ...specs, ...sdks },
        overrides: specs,
      },
      {},
    );
    cpSync(join(fixtures, 'full'), full, { recursive: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], full);
    check(
      'ESM import of every package',
      process.execPath,
      ['esm.mjs', ...packages.map((p) => p.manifest.name)],
      full,
    );
    check(
      'CJS require of every package',
      process.execPath,
      ['cjs.cjs', ...packages.map((p) => p.manifest.name)],
      full,
    );
    typecheck(full, 'npm');
    checkBin(full, 'npm', true);

    step('strict pnpm project (hoist=false)');
    const strict = join(work, 'pnpm-strict');
    writeProject(
      strict,
      {
        name: 'consumer-strict',
        private: true,
        type: 'module',
        dependencies: { ...specs, ...sdks },
        pnpm: { overrides: specs },
      },
      { '.npmrc': 'hoist=false\nstrict-peer-dependencies=false\n' },
    );
    cpSync(join(fixtures, 'full'), strict, { recursive: true });
    run('npx', [...PNPM, 'install', '--config.confirmModulesPurge=false'], strict, { CI: 'true' });
    typecheck(strict, 'pnpm strict');
    check(
      'pnpm strict: ESM import of every package',
      process.execPath,
      ['esm.mjs', ...packages.map((p) => p.manifest.name)],
      strict,
    );

    step('memory only: no stripe, no chargebee installed');
    const memoryOnly = join(work, 'npm-memory-only');
    const wanted = ['@billbridge/core', '@billbridge/memory', 'billbridge'];
    const memorySpecs = Object.fromEntries(Object.entries(specs).filter(([name]) => wanted.includes(name)));
    const adapters = ['@billbridge/stripe', '@billbridge/chargebee'];
    const withoutAdapters = Object.fromEntries(
      Object.entries(specs).filter(([name]) => !adapters.includes(name)),
    );
    writeProject(
      memoryOnly,
      // Overrides name every tarball but the adapters, so the umbrella's own workspace dependencies
      // (@billbridge/bulk) come from the tarballs too.
      { name: 'consumer-memory-only', private: true, dependencies: memorySpecs, overrides: withoutAdapters },
      {},
    );
    cpSync(join(fixtures, 'memory-only'), memoryOnly, { recursive: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], memoryOnly);
    for (const absent of ['stripe', 'chargebee', '@billbridge/stripe', '@billbridge/chargebee']) {
      try {
        statSync(join(memoryOnly, 'node_modules', absent));
        fail(`memory only: ${absent} was installed (an optional peer must not be)`);
      } catch {
        // Not installed: as wanted.
      }
    }
    const cjs = check(
      'memory only: require("billbridge")',
      process.execPath,
      ['memory-only.cjs'],
      memoryOnly,
    );
    const esm = check(
      'memory only: import("billbridge")',
      process.execPath,
      [
        '--import',
        join(repositoryRoot, 'packages/billbridge/test/support/record-loads.mjs'),
        'memory-only.mjs',
      ],
      memoryOnly,
      { BILLBRIDGE_LOAD_LOG: join(memoryOnly, 'loads.txt') },
    );
    checkBin(memoryOnly, 'memory only', false);
    if (cjs) console.log(`     CJS: ${cjs.trim()}`);
    if (esm) {
      const loaded = readFileSync(join(memoryOnly, 'loads.txt'), 'utf8').trim().split('\n');
      const sdk = loaded.filter((url) => /\/node_modules\/(stripe|chargebee)\//.test(url));
      console.log(`     ESM: ${esm.trim()}; ${loaded.length} modules loaded, ${sdk.length} of an SDK`);
      if (sdk.length > 0)
        fail(`memory only: import("billbridge") loaded SDK modules: ${sdk.slice(0, 3).join(', ')}`);
    }
  } finally {
    if (keep || failures.length > 0) console.log(`\nconsumer projects kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`\nconsumer test: ${failures.length} failure(s)`);
    process.exit(1);
  }
  console.log('\nconsumer test: all passed');
}

main();
