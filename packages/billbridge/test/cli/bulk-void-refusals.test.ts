import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningEmulator } from '@billbridge/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BinAndEmulator, invoiceListFile, ndjson, startBinAndEmulator } from './support/bin-output.js';
import { type emulatorControl, seedStripeInvoices } from './support/seed-emulator-invoices.js';
import { runBillbridge } from './support/spawn-billbridge.js';

/**
 * What `bulk-void` refuses with exit 2 before anything is sent or written, and how refused
 * credentials end a run: the real bin, spawned with `node`, against the emulator (which refuses a
 * malformed key with Stripe's 401); what was sent is read from the emulator's request log.
 */
let bin: string;
let dir: string;
let emulator: RunningEmulator;
let control: ReturnType<typeof emulatorControl>;
let seeding: BinAndEmulator['seeding'];
const KEY = 'sk_test_bulkVoidRefusals0123';

let setup: BinAndEmulator | undefined;
beforeAll(async () => {
  setup = await startBinAndEmulator('billbridge-cli-refusals-', { sdkInside: true });
  ({ bin, dir, emulator, control, seeding } = setup);
}, 60_000);
afterAll(() => setup?.close());
beforeEach(async () => {
  await control.clearRequests();
});

const stripeEnv = (key = KEY) => ({
  BILLBRIDGE_PROVIDER: 'stripe',
  STRIPE_SECRET_KEY: key,
  BILLBRIDGE_STRIPE_API_BASE: emulator.url,
});

let files = 0;
async function file(text: string, extension = 'csv'): Promise<string> {
  const path = join(dir, `input-${++files}.${extension}`);
  await writeFile(path, text);
  return path;
}

const gone = (path: string) => expect(stat(path)).rejects.toThrow(/ENOENT/);

describe('bulk-void: bad flags are exit 2 with one line naming the flag, nothing sent, no journal', () => {
  const cases: [string, string[], RegExp][] = [
    ['an empty --reason', ['--reason', ''], /^billbridge bulk-void: --reason must not be empty$/],
    [
      'a 301-character --comment',
      ['--comment', 'x'.repeat(301)],
      /^billbridge bulk-void: --comment must be at most 300 characters$/,
    ],
    [
      '--concurrency 100000000',
      ['--concurrency', '100000000'],
      /^billbridge bulk-void: --concurrency must be from 1 to 1000, not "100000000"$/,
    ],
    ['--rate 100000', ['--rate', '100000'], /^billbridge bulk-void: --rate must be from 0\.01 to 10000/],
    ['--rate 0.0001', ['--rate', '0.0001'], /^billbridge bulk-void: --rate must be from 0\.01 to 10000/],
    // Past setInterval's 32-bit delay, Node used 1 ms: 1 646 progress lines in 2 s.
    [
      '--progress-interval 3000000',
      ['--progress-interval', '3000000'],
      /^billbridge bulk-void: --progress-interval must be from 0 to 86400, not "3000000"$/,
    ],
  ];
  it.each(cases)('%s (and the same with --dry-run)', async (_case, flags, message) => {
    const input = await file('invoice\nin_1\n');
    const journal = join(dir, `journal-${files}.jsonl`);
    for (const mode of [['--journal', journal], ['--dry-run']]) {
      const run = await runBillbridge(bin, ['bulk-void', '--input', input, ...mode, ...flags], {
        env: stripeEnv(),
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.stderr).not.toMatch(/ZodError|"code":/);
    }
    await gone(journal);
    expect(await control.requests()).toEqual([]);
  });

  it('(--concurrency 1000, --rate 10000, a 100-character --reason and a 300-character --comment are taken: the checks above can fail)', async () => {
    const [invoice] = await seedStripeInvoices(seeding.stripe, KEY, [{ status: 'open', total: 700 }]);
    await control.clearRequests();
    const input = await invoiceListFile(dir, 'one.csv', [invoice!]);
    const run = await runBillbridge(
      bin,
      [
        'bulk-void',
        '--input',
        input,
        '--journal',
        join(dir, 'bounds.jsonl'),
        '--concurrency',
        '1000',
        '--rate',
        '10000',
        '--reason',
        'r'.repeat(100),
        '--comment',
        'c'.repeat(300),
        '--json',
      ],
      { env: stripeEnv() },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(ndjson(run.stdout).at(-1)).toMatchObject({ voided: 1, failed: 0 });
  });
});

describe('the single-invoice commands and --engine refuse what they must, before anything is sent', () => {
  it('check and void --dry-run with a refused key: exit 2 (they said exit 1, a failed plan), no secret shown', async () => {
    const [invoice] = await seedStripeInvoices(seeding.stripe, KEY, [{ status: 'open', total: 100 }]);
    await control.clearRequests();
    for (const command of [['check'], ['void', '--dry-run']]) {
      const run = await runBillbridge(bin, [command[0]!, invoice!.id, ...command.slice(1)], {
        env: stripeEnv('sk_test_SECRET;x'),
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        /stripe refused the credentials \(authentication_failed\) reading in_\S+ \(nothing was changed\)/,
      );
      expect(`${run.stdout}${run.stderr}`).not.toContain('SECRET');
    }
    expect((await control.requests('?provider=stripe&method=POST')).length).toBe(0);
  });

  it('void --dry-run refuses the --reason the void would refuse, naming the flag', async () => {
    const run = await runBillbridge(bin, ['void', 'in_1', '--dry-run', '--reason', ''], { env: stripeEnv() });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trimEnd()).toBe('billbridge void: --reason must not be empty');
    expect(await control.requests()).toEqual([]);
  });

  it('--engine with a bad --format or a --concurrency: exit 2 before the database is opened', async () => {
    const input = await file('invoice\nin_1\n');
    const engine = ['--engine', 'postgres://bulk:***@127.0.0.1:1/none'];
    for (const [flags, message] of [
      [['--format', 'xml'], /^billbridge bulk-void: --format must be "lines" or "csv"$/],
      [['--concurrency', '4'], /^billbridge bulk-void: --concurrency has no meaning with --engine/],
    ] as const) {
      const run = await runBillbridge(bin, ['bulk-void', '--input', input, ...engine, ...flags], {
        env: stripeEnv(),
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trimEnd()).toMatch(message);
    }
  });

  it('reverse of a paid invoice: the summary says credited 1, pending 0', async () => {
    const [invoice] = await seedStripeInvoices(seeding.stripe, KEY, [{ status: 'paid', total: 900 }]);
    const run = await runBillbridge(bin, ['reverse', invoice!.id, '--paid', 'credit_balance', '--json'], {
      env: stripeEnv(),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(ndjson(run.stdout).at(-1)).toMatchObject({ type: 'summary', total: 1, credited: 1, pending: 0 });
  });
});

describe('bulk-void names the line a bad CSV record starts on', () => {
  it.each([
    [
      'a bad id before a multi-line cell',
      'invoice,a\nin/1,"x\ny\nz"\n',
      /line 2 "in\/1" is not an invoice id/,
    ],
    ['an unclosed quote opened on line 3', 'invoice,a\nin_1,1\nin_2,"x\nin_3,3\n', /line 3 Quote Not Closed/],
    [
      'Excel: CRLF, a three-line notes cell, the bad id on physical line 6',
      'invoice,notes\r\nin_1,"call back\r\nafter the\r\nincident"\r\nin_2,ok\r\nin_3/../x,ok\r\n',
      /line 6 "in_3\/\.\.\/x" is not an invoice id/,
    ],
  ])('%s', async (_case, text, message) => {
    const journal = join(dir, `journal-${files + 1}.jsonl`);
    const run = await runBillbridge(bin, ['bulk-void', '--input', await file(text), '--journal', journal], {
      env: stripeEnv(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    await gone(journal);
    expect(await control.requests()).toEqual([]);
  });

  it('a quoted id with spaces around it is trimmed like an unquoted one', async () => {
    const seeded = await seedStripeInvoices(seeding.stripe, KEY, [
      { status: 'open', total: 100 },
      { status: 'open', total: 200 },
    ]);
    const input = await file(`invoice,n\n" ${seeded[0]!.id} ",1\n ${seeded[1]!.id} ,2\n`);
    const run = await runBillbridge(
      bin,
      ['bulk-void', '--input', input, '--journal', join(dir, 'trim.jsonl'), '--json'],
      { env: stripeEnv() },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(ndjson(run.stdout).at(-1)).toMatchObject({ total: 2, voided: 2 });
  });
});

describe('bulk-void with refused credentials', () => {
  it('stops at the first 401: exit 2, at most --concurrency voids sent, no secret shown, no journal left; the fixed key then voids all once', async () => {
    const seeded = await seedStripeInvoices(
      seeding.stripe,
      KEY,
      Array.from({ length: 20 }, (_, index) => ({ status: 'open' as const, total: 300 + index })),
    );
    await control.clearRequests();
    const input = await invoiceListFile(dir, 'keys.csv', seeded);
    const journal = join(dir, 'keys.jsonl');
    const args = ['bulk-void', '--input', input, '--journal', journal, '--rate', '50', '--concurrency', '4'];
    const refused = await runBillbridge(bin, args, { env: stripeEnv('sk_test_SECRET;x') });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(
      /billbridge bulk-void: stripe refused the credentials \(authentication_failed, HTTP 401\) at in_\S+: the run stopped there, .*nothing was voided and the journal was removed/,
    );
    expect(`${refused.stdout}${refused.stderr}`).not.toContain('SECRET');
    await gone(journal);
    const sent = (await control.requests('?provider=stripe&method=POST')).filter((request) =>
      request.path.endsWith('/void'),
    );
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(sent.every((request) => request.status === 401)).toBe(true);

    const fixed = await runBillbridge(bin, [...args, '--json'], { env: stripeEnv() });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(ndjson(fixed.stdout).at(-1)).toMatchObject({ total: 20, voided: 20, failed: 0, pending: 0 });
    const voids = (await control.requests('?provider=stripe&method=POST')).filter(
      (request) => request.path.endsWith('/void') && request.status === 200 && !request.replayed,
    );
    expect(new Set(voids.map((request) => request.path)).size).toBe(20);
    expect(voids).toHaveLength(20);
    expect((await readFile(journal, 'utf8')).split('\n')[0]).toContain('"type":"job"');
  }, 60_000);

  it('a dry run with a refused key stops at the first refused read: exit 2', async () => {
    const seeded = await seedStripeInvoices(
      seeding.stripe,
      KEY,
      Array.from({ length: 10 }, () => ({ status: 'open' as const, total: 100 })),
    );
    await control.clearRequests();
    const input = await invoiceListFile(dir, 'dry-keys.csv', seeded);
    const run = await runBillbridge(bin, ['bulk-void', '--input', input, '--dry-run', '--concurrency', '2'], {
      env: stripeEnv('sk_test_SECRET;x'),
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /stripe refused the credentials \(authentication_failed\) reading in_\S+: the dry run stopped there/,
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain('SECRET');
    expect((await control.requests()).length).toBeLessThanOrEqual(2);
  });
});
