import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { capturedIo } from './support/captured-io.js';

/**
 * A live-mode `bulk-void` on a terminal asks first (DESIGN §15): it reads the invoices, shows the
 * plan's totals and goes on only on "yes". In process through `runCli` with a terminal stdin, the
 * real stripe-node SDK and adapter, and api.stripe.com intercepted by nock (a live key is sent to
 * Stripe's own host only, so no local server can stand in for it).
 */
const cassette = JSON.parse(
  readFileSync(
    resolve(import.meta.dirname, '../../../../test/cassettes/stripe/void-applied-credit-default.json'),
    'utf8',
  ),
) as { interactions: { response: { body: Record<string, unknown> } }[] };
const voided = cassette.interactions[0]!.response.body;
const INVOICE = voided.id as string;
/** The same invoice before the void: open, with the 500 of customer credit applied at finalize. */
const open = {
  ...voided,
  status: 'open',
  status_transitions: { ...(voided.status_transitions as object), voided_at: null },
  livemode: true,
};
// Assembled at run time: no committed line looks like a live key.
const LIVE_KEY = ['sk', 'live', 'billbridgeConfirm0000'].join('_');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'billbridge-live-'));
  nock.disableNetConnect();
});
afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await rm(dir, { recursive: true, force: true });
});

/** A terminal's worth of io: stdin answers `answer`, stdout and stderr are captured. */
const terminalIo = (answer: string) =>
  capturedIo({
    env: { BILLBRIDGE_PROVIDER: 'stripe', STRIPE_SECRET_KEY: LIVE_KEY },
    stdin: `${answer}\n`,
    tty: true,
  });

async function liveRun(answer: string) {
  const input = join(dir, 'ids.txt');
  await writeFile(input, `${INVOICE}\n`);
  const read = nock('https://api.stripe.com').get(`/v1/invoices/${INVOICE}`).reply(200, open);
  const voids = nock('https://api.stripe.com').post(`/v1/invoices/${INVOICE}/void`).reply(200, voided);
  const { io, out } = terminalIo(answer);
  const code = await runCli(
    ['bulk-void', '--input', input, '--journal', join(dir, 'live.jsonl'), '--job-id', 'live1', '--json'],
    io,
  );
  return { code, out, read, voids };
}

describe('bulk-void with a live key on a terminal', () => {
  it('shows the plan and voids nothing unless the operator types yes (exit 2)', async () => {
    const run = await liveRun('no');
    expect(run.code).toBe(2);
    expect(run.read.isDone()).toBe(true); // the plan read the invoice…
    expect(run.voids.isDone()).toBe(false); // …and nothing was voided
    expect(run.out.stderr).toContain('LIVE MODE. This run will void real invoices:');
    expect(run.out.stderr).toMatch(/voidable\s+1/);
    expect(run.out.stderr).toMatch(/balance to return\s+USD 5\.00/);
    expect(run.out.stderr).toContain('Type "yes" to go on: ');
    expect(run.out.stderr).toContain('not confirmed: nothing was voided');
    expect(run.out.stderr).not.toContain(LIVE_KEY);
  });

  it('goes on after "yes": the invoice is voided and its credit counted (exit 0)', async () => {
    const run = await liveRun('yes');
    expect(run.code, run.out.stderr).toBe(0);
    expect(run.voids.isDone()).toBe(true);
    const summary = JSON.parse(run.out.stdout.trimEnd().split('\n').at(-1)!);
    expect(summary).toMatchObject({
      type: 'summary',
      total: 1,
      voided: 1,
      balanceReturned: [{ amount: 500, currency: 'usd' }],
      jobId: 'live1',
    });
  });
});
