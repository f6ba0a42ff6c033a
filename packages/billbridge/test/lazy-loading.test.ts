import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildSourceBundle, bundleChunkSources } from './support/build-source-bundle.js';

const support = join(import.meta.dirname, 'support');
const runNode = promisify(execFile);

/**
 * Runs support/use-provider.ts in a fresh Node and returns its output and the source of every
 * module Node loaded (ESM hooks, see support/record-loads.mjs). The script runs as one bundle of
 * the workspace sources (`buildSourceBundle`, as the CLI tests bundle the bin: the SDKs stay in
 * `node_modules`, each lazy import is a chunk of its own), not through tsx, whose loader cost
 * ~1.3 s of CPU a start; a chunk Node loaded counts as every source file esbuild put in it.
 */
async function run(provider: 'memory' | 'stripe'): Promise<{ output: unknown; loaded: string[] }> {
  const main = await buildSourceBundle(join(support, 'use-provider.ts'), 'use-provider');
  const chunks = await bundleChunkSources(main);
  const dir = await mkdtemp(join(tmpdir(), 'billbridge-loads-'));
  const log = join(dir, 'loads.txt');
  try {
    // Not execFileSync: a synchronous wait holds the test worker (and the files queued on it).
    const { stdout } = await runNode(
      process.execPath,
      ['--import', join(support, 'record-loads.mjs'), main, provider],
      { cwd: import.meta.dirname, env: { ...process.env, BILLBRIDGE_LOAD_LOG: log }, encoding: 'utf8' },
    );
    const urls = (await readFile(log, 'utf8')).trim().split('\n');
    return {
      output: JSON.parse(stdout.trim()),
      loaded: urls.flatMap((url) => chunks.get(url) ?? [url]),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const sdkFiles = (loaded: string[], sdk: string) =>
  loaded.filter((url) => url.includes(`/node_modules/${sdk}/`) || url.includes(`/packages/${sdk}/src/`));

describe('the umbrella loads only the configured provider', () => {
  it('memory: importing billbridge and voiding loads neither SDK nor adapter', async () => {
    const { output, loaded } = await run('memory');
    expect(output).toEqual({ provider: 'memory', returned: { amount: 500, currency: 'usd' } });
    expect(loaded.some((url) => url.includes('/packages/memory/src/'))).toBe(true);
    expect(sdkFiles(loaded, 'stripe')).toEqual([]);
    expect(sdkFiles(loaded, 'chargebee')).toEqual([]);
  }, 60_000);

  it('stripe: its adapter and SDK load on the first call, chargebee stays unloaded (the counter sees loads)', async () => {
    const { output, loaded } = await run('stripe');
    expect(output).toEqual({ provider: 'stripe', outcome: 'connection_failed' });
    expect(sdkFiles(loaded, 'stripe').length).toBeGreaterThan(10);
    expect(sdkFiles(loaded, 'chargebee')).toEqual([]);
  }, 60_000);
});
