import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const support = join(import.meta.dirname, 'support');
const runNode = promisify(execFile);

/**
 * Runs support/use-provider.ts in a fresh Node (the workspace sources, through tsx) and returns
 * its output and every module URL Node loaded (ESM hooks, see support/record-loads.mjs).
 */
async function run(provider: 'memory' | 'stripe'): Promise<{ output: unknown; loaded: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'billbridge-loads-'));
  const log = join(dir, 'loads.txt');
  try {
    // Not execFileSync: a synchronous wait holds the test worker (and the files queued on it).
    const { stdout } = await runNode(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        '--import',
        join(support, 'record-loads.mjs'),
        join(support, 'use-provider.ts'),
        provider,
      ],
      { cwd: import.meta.dirname, env: { ...process.env, BILLBRIDGE_LOAD_LOG: log }, encoding: 'utf8' },
    );
    return { output: JSON.parse(stdout.trim()), loaded: (await readFile(log, 'utf8')).trim().split('\n') };
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
