import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCliBundle, buildCliBundleWithSdk } from './support/build-cli-bundle.js';
import { type FakeStripeInvoices, startFakeStripeInvoices } from './support/fake-stripe-invoices.js';
import { runBillbridge, startBillbridge } from './support/spawn-billbridge.js';

/** The bin with the SDK inside (the same code, started ~0.1 s faster), for the runs that repeat. */
let bin: string;
/** The bin as the package ships it, finding stripe-node in `node_modules`: `check, void, balance`. */
let shippedBin: string;
let dir: string;
let stripe: FakeStripeInvoices;

beforeAll(async () => {
  [bin, shippedBin] = await Promise.all([buildCliBundleWithSdk(), buildCliBundle()]);
}, 60_000);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'billbridge-cli-'));
  stripe = await startFakeStripeInvoices();
});
afterEach(async () => {
  await stripe.close();
  await rm(dir, { recursive: true, force: true });
});
afterAll(async () => {});

/** A Stripe test account on the loopback fake (the emulator's URL goes here once it exists). */
function stripeEnv(extra: Record<string, string> = {}) {
  return {
    BILLBRIDGE_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: 'sk_test_cli_0123456789',
    BILLBRIDGE_STRIPE_API_BASE: stripe.url,
    ...extra,
  };
}

async function inputFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** The invoices of a journal's intents without an outcome after them. */
function pendingIntents(journalText: string): string[] {
  const open = new Set<string>();
  for (const line of journalText.trimEnd().split('\n')) {
    const record = JSON.parse(line) as { type: string; invoiceId?: string };
    if (record.type === 'intent') open.add(record.invoiceId!);
    if (record.type === 'outcome') open.delete(record.invoiceId!);
  }
  return [...open];
}

/** The journal's intents without an outcome whose void did reach the server (should be none). */
function unsentIntents(journalText: string, voids: ReadonlyMap<string, number>): string[] {
  return pendingIntents(journalText).filter((invoiceId) => voids.has(invoiceId));
}

function ndjson(text: string): Record<string, unknown>[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('billbridge --help', () => {
  it.each([[], ['check'], ['void'], ['reverse'], ['balance'], ['bulk-void']])(
    'billbridge %s --help prints its usage on stdout and exits 0',
    async (...command) => {
      const run = await runBillbridge(bin, [...command.filter(Boolean), '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: billbridge ${command[0] ?? ''}`));
      expect(run.stdout).toContain(command.length ? '--provider <name>' : 'bulk-void');
    },
  );

  it('exits 2 on an unknown option or command, with the usage hint on stderr', async () => {
    const run = await runBillbridge(bin, ['bulk-void', '--input', 'x', '--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--bogus'");
    expect((await runBillbridge(bin, ['vanish'])).code).toBe(2);
  });
});

describe('bulk-void refuses a bad input file with exit 2, naming the line, sending nothing', () => {
  const bad: [string, string, string, RegExp][] = [
    ['an id with a slash', 'ids.txt', 'in_1\nin_2\nin_3/../../v1/customers\n', /line 3 .*may only contain/],
    ['an empty line', 'ids.txt', 'in_1\n\nin_3\n', /line 2 is empty/],
    [
      'a 10 MB line',
      'ids.txt',
      `in_1\nin_2\n${'a'.repeat(10 * 1024 * 1024)}\n`,
      /line 3 is 10485760 characters long/,
    ],
    [
      'a CSV without an invoice column',
      'ids.csv',
      'id,amount\nin_1,10\n',
      /line 1 the CSV header has no "invoice" column/,
    ],
  ];
  it.each(bad)('%s', async (_case, name, text, message) => {
    for (const id of ['in_1', 'in_2', 'in_3']) stripe.addInvoice(id);
    const input = await inputFile(name, text);
    const journal = join(dir, 'journal.jsonl');
    const run = await runBillbridge(bin, ['bulk-void', '--input', input, '--journal', journal], {
      env: stripeEnv(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(stripe.requests).toEqual([]);
    await expect(readFile(journal)).rejects.toThrow(/ENOENT/);
  });

  it('(the same run with a good file does reach the provider: the check above can fail)', async () => {
    stripe.addInvoice('in_1');
    const input = await inputFile('ids.txt', 'in_1\n');
    const run = await runBillbridge(bin, ['bulk-void', '--input', input, '--journal', join(dir, 'j.jsonl')], {
      env: stripeEnv(),
    });
    expect(run.code).toBe(0);
    expect(stripe.requests.length).toBeGreaterThan(0);
  });
});

describe('bulk-void through the real bin, Stripe SDK and adapter, against a loopback Stripe', () => {
  it('exit 0: every invoice voided once, NDJSON records then the summary, journal written', async () => {
    for (let index = 0; index < 12; index++)
      stripe.addInvoice(`in_${index}`, { applied: index % 3 === 0 ? 250 : 0 });
    const input = await inputFile(
      'ids.csv',
      `invoice,note\n${Array.from({ length: 12 }, (_, i) => `in_${i},x`).join('\n')}\n`,
    );
    const journal = join(dir, 'journal.jsonl');
    const run = await runBillbridge(
      bin,
      ['bulk-void', '--input', input, '--journal', journal, '--json', '--rate', '25', '--job-id', 'cli_ok'],
      { env: stripeEnv() },
    );
    expect(run.code, run.stderr).toBe(0);
    const records = ndjson(run.stdout);
    expect(records).toHaveLength(13);
    expect(records.slice(0, 12).map((record) => `${record.type} ${record.status}`)).toEqual(
      Array(12).fill('invoice voided'),
    );
    expect(records[12]).toMatchObject({
      type: 'summary',
      total: 12,
      voided: 12,
      refused: 0,
      failed: 0,
      pending: 0,
      jobId: 'cli_ok',
      balanceReturned: [{ amount: 1000, currency: 'usd' }],
    });
    expect([...stripe.voids.values()]).toEqual(Array(12).fill(1));
    const keys = stripe.requests
      .filter((request) => request.path.endsWith('/void'))
      .map((r) => r.idempotencyKey);
    expect(keys.filter((key) => !key?.startsWith('bb_cli_ok_'))).toEqual([]);
    const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('"type":"outcome"'))).toHaveLength(12);
    // Off a terminal: nothing on stderr but progress lines (here the last one).
    expect(
      run.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('progress ')),
    ).toEqual([]);
    expect(run.stderr).toContain('progress 12/12 100%');
  });

  it('exit 1: a paid invoice is refused with its blocker; the plan said so first (dry run exits 0)', async () => {
    stripe.addInvoice('in_open', { applied: 500 });
    stripe.addInvoice('in_paid', { status: 'paid' });
    stripe.addInvoice('in_draft', { status: 'draft' });
    const input = await inputFile('ids.txt', 'in_open\nin_paid\nin_draft\n');
    const plan = await runBillbridge(bin, ['bulk-void', '--input', input, '--dry-run', '--json'], {
      env: stripeEnv(),
    });
    expect(plan.code).toBe(0);
    expect(ndjson(plan.stdout).at(-1)).toEqual({
      type: 'summary',
      total: 3,
      voided: 0,
      refused: 2,
      failed: 0,
      voidable: 1,
      blocked: { paid: 1, draft: 1 },
      balanceReturned: [{ amount: 500, currency: 'usd' }],
    });
    expect(stripe.requests.every((request) => request.method === 'GET')).toBe(true);
    const run = await runBillbridge(bin, ['bulk-void', '--input', input, '--journal', join(dir, 'j.jsonl')], {
      env: stripeEnv(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/in_paid\s+refused\s+paid/);
    expect(run.stdout).toMatch(/balance returned\s+USD 5\.00/);
    expect(stripe.voids).toEqual(new Map([['in_open', 1]]));
  });

  it('exit 130 on SIGINT: in-flight calls finish and are journaled, the summary printed; --resume finishes', async () => {
    for (let index = 0; index < 20; index++) stripe.addInvoice(`in_${index}`, { applied: 100 });
    stripe.delayMs = 150;
    const input = await inputFile(
      'ids.txt',
      `${Array.from({ length: 20 }, (_, i) => `in_${i}`).join('\n')}\n`,
    );
    const journal = join(dir, 'journal.jsonl');
    const args = ['bulk-void', '--input', input, '--journal', journal, '--rate', '100', '--concurrency', '3'];
    const running = startBillbridge(bin, [...args, '--progress-interval', '0.1'], { env: stripeEnv() });
    await running.waitFor(/progress [1-9]\d*\/20/);
    running.child.kill('SIGINT');
    const run = await running.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('SIGINT: stopping');
    expect(run.stderr).toContain("warning: --rate 100/s is above stripe's known limit of 25/s in test mode");
    expect(run.stdout).toMatch(/job bulk_\d{8}_[0-9a-f]{8} \(interrupted\)/);
    expect(run.stdout).toMatch(/pending\s+[1-9]/);
    // Every void sent was journaled with its outcome; an intent without one is a void the stop
    // caught while it waited for its token, never sent.
    expect(unsentIntents(await readFile(journal, 'utf8'), stripe.voids)).toEqual([]);
    const records = (await readFile(journal, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(records.at(-1)).toMatchObject({ type: 'stop', reason: 'interrupted' });

    stripe.delayMs = 0;
    const resumed = await runBillbridge(bin, [...args, '--resume', '--json'], { env: stripeEnv() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ndjson(resumed.stdout).at(-1)).toMatchObject({
      voided: 20,
      pending: 0,
      balanceReturned: [{ amount: 2000, currency: 'usd' }],
    });
    expect([...stripe.voids.values()]).toEqual(Array(20).fill(1));
  });

  it('SIGINT at a slow rate: the voids waiting for their token are not sent; exit 130, the rest pending', async () => {
    for (let index = 0; index < 12; index++) stripe.addInvoice(`in_${index}`);
    const ids = Array.from({ length: 12 }, (_, i) => `in_${i}`);
    const input = await inputFile('ids.txt', `${ids.join('\n')}\n`);
    const journal = join(dir, 'journal.jsonl');
    const args = ['bulk-void', '--input', input, '--journal', journal, '--rate', '2', '--concurrency', '10'];
    const running = startBillbridge(bin, [...args, '--progress-interval', '0.1'], { env: stripeEnv() });
    await running.waitFor(/progress 1\/12/);
    running.child.kill('SIGINT');
    const run = await running.done;
    expect(run.code).toBe(130);
    // One token every 500 ms: the first void, at most one more in flight; not the other ten.
    expect(stripe.voids.size).toBeLessThanOrEqual(2);
    expect(run.stdout).toMatch(/pending\s+1[0-1]/);
    // Journaled as not sent (failed, aborted, not_executed), and none of them reached the server.
    const notSent = (await readFile(journal, 'utf8'))
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { type: string; invoiceId?: string; error?: { code: string; outcome: string } },
      )
      .filter((record) => record.type === 'outcome' && record.error?.code === 'aborted');
    expect(notSent.length).toBeGreaterThanOrEqual(8);
    expect(notSent.every((record) => record.error?.outcome === 'not_executed')).toBe(true);
    expect(notSent.filter((record) => stripe.voids.has(record.invoiceId!))).toEqual([]);
  });

  it('a live key needs --yes when stdin is not a terminal: exit 2, nothing sent', async () => {
    const input = await inputFile('ids.txt', 'in_1\n');
    const run = await runBillbridge(bin, ['bulk-void', '--input', input, '--journal', join(dir, 'j.jsonl')], {
      env: { BILLBRIDGE_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_live_not_a_real_key_0000' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('live mode: pass --yes');
    expect(run.stderr).not.toContain('sk_live_not_a_real_key_0000');
  });
});

describe('check, void, balance', () => {
  it('check --json gives the invoice record and a plan summary; a refused void exits 1', async () => {
    stripe.addInvoice('in_a', { applied: 1234 });
    stripe.addInvoice('in_p', { status: 'paid' });
    const check = await runBillbridge(shippedBin, ['check', 'in_a', '--json'], { env: stripeEnv() });
    expect(check.code).toBe(0);
    expect(ndjson(check.stdout)[0]).toEqual({
      type: 'invoice',
      invoiceId: 'in_a',
      status: 'voidable',
      balanceReturned: { amount: 1234, currency: 'usd' },
      creditNote: null,
    });
    const human = await runBillbridge(shippedBin, ['check', 'in_a'], { env: stripeEnv() });
    expect(human.stdout).toMatch(/balance would return\s+USD 12\.34/);
    const refused = await runBillbridge(shippedBin, ['void', 'in_p'], { env: stripeEnv() });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/blockers\s+paid/);
    const voided = await runBillbridge(shippedBin, ['void', 'in_a', '--reason', 'duplicate', '--json'], {
      env: stripeEnv(),
    });
    expect(voided.code).toBe(0);
    expect(ndjson(voided.stdout)[0]).toMatchObject({
      status: 'voided',
      balanceReturned: { amount: 1234, currency: 'usd' },
    });
    expect(voided.stderr).toContain('recorded as invoice metadata');
  });

  it('void: an invoice void long before, every void request a 500, is refused already_void, not voided', async () => {
    stripe.addInvoice('in_old', { status: 'void', applied: 300 });
    stripe.failVoidsNext(10);
    const run = await runBillbridge(shippedBin, ['void', 'in_old', '--json'], { env: stripeEnv() });
    expect(ndjson(run.stdout)[0]).toEqual({
      type: 'invoice',
      invoiceId: 'in_old',
      status: 'refused',
      blockers: ['already_void'],
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('before this command began');
    expect(stripe.voids.get('in_old')).toBeUndefined();
  }, 60_000);

  it('a bad id on the command line is exit 2 before any request; the memory provider has nothing to find (exit 1)', async () => {
    const bad = await runBillbridge(shippedBin, ['void', 'in_1/../x'], { env: stripeEnv() });
    expect(bad.code).toBe(2);
    expect(stripe.requests).toEqual([]);
    const missing = await runBillbridge(shippedBin, ['check', 'in_none'], {
      env: { BILLBRIDGE_PROVIDER: 'memory' },
    });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/status\s+failed/);
  });
});
