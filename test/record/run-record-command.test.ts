import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCassette } from '@billbridge/testing';
import Chargebee from 'chargebee';
import nock from 'nock';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeStripeApi } from './fake-stripe-api.js';
import { createLoopbackProviderFake, type LoopbackProviderFake } from './loopback-provider-fake.js';
import { type RecordCommandOptions, runRecordCommand } from './run-record-command.js';

const cassetteRoot = resolve(import.meta.dirname, '../cassettes');
const STRIPE_KEY = 'sk_test_51RecordCommandLoopback000000000000';

let fake: LoopbackProviderFake;
let root: string;
beforeAll(async () => {
  nock.disableNetConnect();
  fake = await createLoopbackProviderFake(fakeStripeApi, { headers: {} });
  root = mkdtempSync(join(tmpdir(), 'billbridge-record-command-'));
  mkdirSync(join(root, 'stripe'));
});
afterAll(async () => {
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

const stripeSdk = (port: number, apiKey: string) =>
  new Stripe(apiKey, { host: '127.0.0.1', port, protocol: 'http', telemetry: false });

/** Runs the command with its output captured; the SDK clients point at the loopback fake. */
async function run(argv: string[], env: Record<string, string | undefined>) {
  const lines: string[] = [];
  let connected = 0;
  const options: RecordCommandOptions = {
    argv,
    env,
    log: (line) => lines.push(line),
    cassetteRoot: root,
    runId: 'cmd1',
    connect: {
      stripe: () => {
        connected++;
        return {
          setupSdk: stripeSdk(fake.setupPort, STRIPE_KEY),
          createSdk: (apiKey = STRIPE_KEY) => stripeSdk(fake.recordPort, apiKey),
          host: '127.0.0.1',
        };
      },
      chargebee: (mode) => {
        connected++;
        return {
          setupSdk: new Chargebee({ site: mode.site!, apiKey: mode.apiKey }),
          createSdk: () => new Chargebee({ site: mode.site!, apiKey: mode.apiKey }),
          host: '127.0.0.1',
        };
      },
    },
  };
  const code = await runRecordCommand(options);
  return { code, output: lines.join('\n'), connected };
}

const stripeEnv = { BILLBRIDGE_RECORD: 'stripe', STRIPE_SECRET_KEY: STRIPE_KEY };

describe('pnpm record (runRecordCommand)', () => {
  it('without BILLBRIDGE_RECORD explains how to use it and exits 2', async () => {
    const { code, output, connected } = await run([], {});
    expect(code).toBe(2);
    expect(output).toContain('BILLBRIDGE_RECORD is not set');
    expect(output).toContain('BILLBRIDGE_RECORD=stripe STRIPE_SECRET_KEY=sk_test_… pnpm record');
    expect(output).toContain('CHARGEBEE_SITE=acme-test CHARGEBEE_API_KEY=test_…');
    expect(connected).toBe(0);
    expect((await run(['--help'], {})).code).toBe(0);
    expect(await run(['--everything'], stripeEnv)).toMatchObject({ code: 2, connected: 0 });
  });

  it('refuses a live key before connecting to anything, without printing the key', async () => {
    const liveKey = ['sk', 'live', '51NeverRecordWithThis000000'].join('_');
    const { code, output, connected } = await run([], {
      BILLBRIDGE_RECORD: 'stripe',
      STRIPE_SECRET_KEY: liveKey,
    });
    expect(code).toBe(1);
    expect(output).toMatch(/refusing a live key \(sk_live_…\)/);
    expect(output).not.toContain(liveKey);
    expect(connected).toBe(0);
    const chargebee = await run([], {
      BILLBRIDGE_RECORD: 'chargebee',
      CHARGEBEE_SITE: 'acme',
      CHARGEBEE_API_KEY: 'test_abc',
    });
    expect(chargebee).toMatchObject({ code: 1, connected: 0 });
    expect(chargebee.output).toMatch(/not a test site/);
  });

  it('records --only one cassette over the loopback fake and says what it wrote', async () => {
    const name = 'void-applied-credit-default.json';
    copyFileSync(join(cassetteRoot, 'stripe', name), join(root, 'stripe', name));
    fake.play(readCassette(join(cassetteRoot, 'stripe', name)));
    const { code, output } = await run(['--', '--only=void-applied-credit-default'], stripeEnv);
    expect(fake.problems).toEqual([]);
    expect(output).toMatch(
      /wrote .*stripe\/void-applied-credit-default\.json \(1 request, source: recorded\)/,
    );
    expect(output).toContain('stripe: 1 recorded, 0 failed, 0 skipped');
    expect(code).toBe(0);
    const written = readCassette(join(root, 'stripe', name));
    expect(written.meta.source).toBe('recorded');
    expect(written.interactions[0]?.request.path).toBe('/v1/invoices/in_1MtGmCLkdIwHu7ix6PgS6g8S/void');
  });

  it('a cassette that fails to record is reported, not written, and the exit code is 1', async () => {
    const name = 'void-with-reason-default.json';
    copyFileSync(join(cassetteRoot, 'stripe', name), join(root, 'stripe', name));
    const before = readFileSync(join(root, 'stripe', name), 'utf8');
    // The fake answers the recorded calls from a cassette with no interactions: every call gets a 500.
    fake.play({ ...readCassette(join(cassetteRoot, 'stripe', name)), interactions: [] });
    const { code, output } = await run(['--only', 'void-with-reason-default'], stripeEnv);
    expect(code).toBe(1);
    expect(output).toMatch(/failed void-with-reason-default\.json: .* \(not written\)/);
    expect(output).toContain('stripe: 0 recorded, 1 failed, 0 skipped');
    expect(output).not.toContain(STRIPE_KEY);
    expect(readFileSync(join(root, 'stripe', name), 'utf8')).toBe(before);
  });

  it('prints what it skips and why; an --only cassette that cannot be recorded exits 1', async () => {
    const chargebeeEnv = {
      BILLBRIDGE_RECORD: 'chargebee',
      CHARGEBEE_SITE: 'acme-test',
      CHARGEBEE_API_KEY: 'test_RecordCommandKey000000000000',
    };
    const skipped = await run(['--only=void-with-credit-note'], chargebeeEnv);
    expect(skipped.code).toBe(1);
    expect(skipped.output).toContain(
      'skipped void-with-credit-note.json: needs a site with "Void invoices with credit note" on; set CHARGEBEE_VOID_CREATES_CREDIT_NOTE=true if yours has it',
    );
    const notRecordable = await run(['--only=void-server-error'], chargebeeEnv);
    expect(notRecordable.code).toBe(1);
    expect(notRecordable.output).toMatch(
      /skipped void-server-error\.json: not recordable: a 500 is Chargebee failing/,
    );
    const unknown = await run(['--only=void-everything'], chargebeeEnv);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/no chargebee cassette is called "void-everything"/);
  });
});
