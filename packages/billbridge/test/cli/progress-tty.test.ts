import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from './support/build-cli-bundle.js';
import { type FakeStripeInvoices, startFakeStripeInvoices } from './support/fake-stripe-invoices.js';

let bin: string;
let dir: string;
let stripe: FakeStripeInvoices;
beforeAll(async () => {
  bin = await buildCliBundle();
  dir = await mkdtemp(join(tmpdir(), 'billbridge-tty-'));
  stripe = await startFakeStripeInvoices();
}, 60_000);
afterAll(async () => {
  await stripe.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs a command in a pseudo-terminal with util-linux `script`; resolves to what the terminal showed. */
function inTerminal(
  command: string,
  env: Record<string, string>,
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TERM: 'xterm',
        COLUMNS: '120',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      screen += chunk;
    });
    child.on('close', (code) => resolve({ code, screen }));
  });
}

describe('bulk-void progress on a terminal', () => {
  it('draws a bar with done/total, rate, ETA and the counts, redrawn in place, then the summary', async () => {
    for (let index = 0; index < 16; index++)
      stripe.addInvoice(`in_${index}`, { status: index === 3 ? 'paid' : 'open' });
    stripe.delayMs = 60;
    const input = join(dir, 'ids.txt');
    await writeFile(input, `${Array.from({ length: 16 }, (_, i) => `in_${i}`).join('\n')}\n`);
    const { code, screen } = await inTerminal(
      `node ${bin} bulk-void --input ${input} --journal ${join(dir, 'j.jsonl')} --rate 20 --concurrency 2`,
      {
        BILLBRIDGE_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_tty_0000',
        BILLBRIDGE_STRIPE_API_BASE: stripe.url,
      },
    );
    expect(code).toBe(1);
    // cli-progress's bar glyphs, redrawn with carriage returns / cursor moves, not new lines.
    expect(screen).toMatch(/[█░]{5,} \d+\/16 \| [\d.]+\/s \| ETA \S+ \| voided \d+ refused \d+ failed \d+/);
    expect(screen).toContain(' 16/16 ');
    expect(screen).toMatch(/voided 15 refused 1 failed 0/);
    expect(screen).toContain('\u001b[1G');
    // The off-terminal progress lines are not used on a terminal.
    expect(screen).not.toContain('progress 16/16');
    expect(screen).toMatch(/in_3\s+refused\s+paid/);
    expect(screen).toMatch(/voided\s+15/);
  }, 30_000);
});
