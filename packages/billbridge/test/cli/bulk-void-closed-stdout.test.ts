import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BinAndEmulator, invoiceListFile, startBinAndEmulator } from './support/bin-output.js';
import { seedStripeInvoices } from './support/seed-emulator-invoices.js';
import { startBillbridge } from './support/spawn-billbridge.js';

/**
 * `billbridge bulk-void --json … | head -1`: the reader of stdout goes away mid-run. Found by a
 * review of the CLI on 2026-12-07: the EPIPE was an unhandled 'error' event, the process ended at
 * once with exit 1 and the calls in flight had intents and no outcomes. The spawned bin against
 * the emulator, its stdout closed after the first record.
 */
let setup: BinAndEmulator | undefined;
beforeAll(async () => {
  setup = await startBinAndEmulator('billbridge-cli-epipe-');
}, 60_000);
afterAll(() => setup?.close());

const KEY = 'sk_test_bulkVoidClosedStdout01';

it('a closed stdout stops the run like SIGTERM: in-flight calls journaled, a stop line, exit 130', async () => {
  const { bin, dir, emulator, seeding } = setup!;
  const seeded = await seedStripeInvoices(
    seeding.stripe,
    KEY,
    Array.from({ length: 12 }, () => ({ status: 'open' as const, total: 1000 })),
  );
  const input = await invoiceListFile(dir, 'epipe.csv', seeded);
  const journal = join(dir, 'epipe.jsonl');
  const run = startBillbridge(
    bin,
    ['bulk-void', '--input', input, '--journal', journal, '--json', '--rate', '5'],
    {
      env: {
        BILLBRIDGE_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: KEY,
        BILLBRIDGE_STRIPE_API_BASE: emulator.url,
      },
    },
  );
  run.child.stdout!.once('data', () => run.child.stdout!.destroy());
  const { code, stderr } = await run.done;
  expect(stderr).not.toContain("Unhandled 'error' event");
  expect(stderr).toContain('SIGPIPE: stopping');
  expect(code).toBe(130);
  const lines = (await readFile(journal, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; invoiceId?: string });
  const withOutcome = new Set(lines.filter((line) => line.type === 'outcome').map((line) => line.invoiceId));
  const intents = lines.filter((line) => line.type === 'intent').map((line) => line.invoiceId);
  expect(intents.filter((id) => !withOutcome.has(id))).toEqual([]);
  expect(lines.at(-1)!.type).toBe('stop');
});
