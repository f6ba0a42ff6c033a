import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@billbridge/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { capturedIo } from './support/captured-io.js';
import { seedChargebeeInvoices } from './support/seed-emulator-chargebee.js';
import { emulatorControl } from './support/seed-emulator-invoices.js';

/**
 * Found by a review of the CLI on 2026-12-07; each failed on the code before its fix. In process
 * through `runCli`, against a started emulator (real HTTP, chargebee-node).
 */
const A = { site: 'cli-check-site-a', key: 'test_cliCheckSiteAkey01' };
const B = { site: 'cli-check-site-b', key: 'test_cliCheckSiteBkey01' };
// Nothing listens on port 1: a command that got past its checks would fail to connect (exit 1).
const NO_DATABASE = 'postgres://user:pw@127.0.0.1:1/none';

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let control: ReturnType<typeof emulatorControl>;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({});
  control = emulatorControl(emulator.url);
  dir = await mkdtemp(join(tmpdir(), 'billbridge-cli-checks-'));
  for (const site of [A, B])
    await control.chargebeeSite(site.site, site.key, { voidCreatesCreditNote: false });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string>) {
  const { io, out } = capturedIo({ env });
  return { code: await runCli(argv, io), ...out };
}

const siteA = {
  BILLBRIDGE_PROVIDER: 'chargebee',
  CHARGEBEE_SITE: A.site,
  CHARGEBEE_API_KEY: A.key,
  CHARGEBEE_VOID_CREATES_CREDIT_NOTE: 'false',
};
const statusOn = async (site: string, id: string) =>
  (await control.state<{ invoices: { id: string; status: string }[] }>('chargebee', site)).invoices.find(
    (invoice) => invoice.id === id,
  )?.status;

/** One open invoice on each site, with the same number (Chargebee numbers repeat across sites). */
async function sameNumberOnBothSites(): Promise<string> {
  const open = [{ kind: 'open' as const, total: 1000, currency: 'USD' as const }];
  const [a] = await seedChargebeeInvoices(emulator.chargebee as never, A.key, open);
  const [b] = await seedChargebeeInvoices(emulator.chargebee as never, B.key, open);
  expect(b!.id).toBe(a!.id);
  return a!.id;
}

describe('bulk-void without --engine (one key, its own account)', () => {
  it('refuses a CSV row naming another account, with its line, and voids nothing (it voided the key’s own site)', async () => {
    const invoice = await sameNumberOnBothSites();
    const input = join(dir, 'incident.csv');
    await writeFile(input, `invoice,account\n${invoice},${B.site}\n`);
    const run = await cli(
      ['bulk-void', '--input', input, '--journal', join(dir, 'a.jsonl'), '--api-base', emulator.url],
      siteA,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 2 names account "cli-check-site-b": without --engine/);
    expect([await statusOn(A.site, invoice), await statusOn(B.site, invoice)]).toEqual(['open', 'open']);
    // The key's own site, or `self`, is its own account: voided.
    await writeFile(input, `invoice,account\n${invoice},${A.site}\n`);
    const own = await cli(
      ['bulk-void', '--input', input, '--journal', join(dir, 'b.jsonl'), '--api-base', emulator.url],
      siteA,
    );
    expect(own.code, own.stderr).toBe(0);
    expect([await statusOn(A.site, invoice), await statusOn(B.site, invoice)]).toEqual(['void', 'open']);
  });

  it('refuses the engine’s own flags (--account was ignored and the key’s own site voided)', async () => {
    const invoice = await sameNumberOnBothSites();
    const input = join(dir, 'ids.txt');
    await writeFile(input, `${invoice}\n`);
    for (const flags of [
      ['--account', B.site],
      ['--account-rate', 'self=5'],
      ['--wait'],
      ['--expire-seconds', '60'],
    ]) {
      const run = await cli(
        [
          'bulk-void',
          '--input',
          input,
          '--journal',
          join(dir, 'c.jsonl'),
          '--api-base',
          emulator.url,
          ...flags,
        ],
        siteA,
      );
      expect([flags[0], run.code]).toEqual([flags[0], 2]);
      expect(run.stderr).toContain(`${flags[0]} goes with --engine only`);
    }
    expect(await statusOn(A.site, invoice)).toBe('open');
  });
});

describe('bulk-void --engine and worker check what bulk-void checks, before the database', () => {
  it('refuses --applied-balance consume where the provider cannot consume (current Stripe)', async () => {
    const input = join(dir, 'stripe-ids.txt');
    await writeFile(input, 'in_1\nin_2\n');
    const run = await cli(
      ['bulk-void', '--engine', NO_DATABASE, '--input', input, '--applied-balance', 'consume'],
      { BILLBRIDGE_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_cliEngineConsume01' },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toContain('cannot open the bulk database');
  });

  it('bounds --account-rate as --rate, and worker --concurrency as bulk-void’s', async () => {
    const input = join(dir, 'memory-ids.txt');
    await writeFile(input, 'in_1\n');
    const env = { BILLBRIDGE_PROVIDER: 'memory' };
    const slow = await cli(
      ['bulk-void', '--engine', NO_DATABASE, '--input', input, '--account-rate', 'self=0.000001'],
      env,
    );
    expect([slow.code, slow.stderr]).toEqual([
      2,
      expect.stringMatching(/--account-rate self: the rate must be from 0.01/),
    ]);
    const wide = await cli(['worker', '--engine', NO_DATABASE, '--concurrency', '100000000'], env);
    expect([wide.code, wide.stderr]).toEqual([
      2,
      expect.stringMatching(/--concurrency must be at most 1000/),
    ]);
  });
});
