import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { type Cassette, type RecordMode, readCassette, withCassette } from '@billbridge/testing';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSchemaCheckedEmulator } from '../../packages/emulator/test/support/schema-checked-emulator.js';
import { useSchemaCheckedEmulator } from '../../packages/emulator/test/support/use-schema-checked-emulator.js';
import { findCredentials } from '../reliability/find-credentials.js';
import { validateCassette } from '../schemas/validate-provider-picture.js';
import { chargebeeRecordingKit } from './chargebee-recording-scenarios.js';
import { notRecordableFromEmulator } from './emulator-recording.js';
import { connectToChargebee, connectToStripe, type ProviderConnection } from './provider-connection.js';
import { recordScenario } from './record-scenario.js';
import type { RecordingKit, RecordingSettings } from './recording-scenario.js';
import { runRecordCommand } from './run-record-command.js';
import { selectRecordingScenarios } from './select-recording-scenarios.js';
import { stripeRecordingKit } from './stripe-recording-scenarios.js';

/**
 * Record mode from the billbridge emulator: every scenario `pnpm record` has runs its setup and its
 * billbridge calls against a started emulator (real HTTP, stripe-node and chargebee v3), and the
 * cassette it writes (into a temp folder, never test/cassettes) holds the documented cassette's
 * requests and statuses, passes strict schema validation (`validateCassette`), holds no secret and
 * replays through `withCassette` for the same calls with the documented ids. Every answer the
 * emulator gave is judged by the provider's schemas too. The cassettes the emulator cannot record
 * (`emulator-recording.ts`) are run as well and must fail for the reason listed. Then the
 * command itself: `pnpm record --emulator --out <dir>` and `BILLBRIDGE_STRIPE_API_BASE`.
 */
const cassetteRoot = resolve(import.meta.dirname, '../cassettes');
const STRIPE_KEY = 'sk_test_billbridgeRecordFromEmulator';
const CHARGEBEE_KEY = 'test_billbridgeRecordFromEmulator';
const SITE = 'billbridge-record-test';

let dir: string;
beforeAll(() => {
  nock.disableNetConnect();
  dir = mkdtempSync(join(tmpdir(), 'billbridge-record-emulator-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  nock.enableNetConnect();
});

const requestsOf = (cassette: Cassette) =>
  cassette.interactions.map(({ request }) => ({
    method: request.method,
    path: request.path,
    body: request.body ?? {},
  }));

function describeRecordingFromEmulator<Sdk>(options: {
  kit: RecordingKit<Sdk>;
  mode: RecordMode;
  settings: RecordingSettings;
  connect: (mode: RecordMode, apiBase: string) => ProviderConnection<Sdk>;
  label: string;
}) {
  const { kit, mode, settings } = options;
  describe(`record mode from the emulator: ${options.label}`, () => {
    const emulator = useSchemaCheckedEmulator({
      chargebee: { site: SITE, voidCreatesCreditNote: settings.voidCreatesCreditNote },
    });
    const record = (scenario: (typeof kit.scenarios)[number], runId: string) => {
      const running = emulator;
      const connection = options.connect(mode, running.url);
      return {
        running,
        connection,
        recorded: recordScenario({
          mode,
          kit,
          scenario,
          cassetteDir: join(dir, options.label, kit.provider),
          documentedDir: join(cassetteRoot, kit.provider),
          connection,
          runId,
        }),
      };
    };
    // The scenarios this site setting records, the emulator-only fault scenarios included.
    const { selected } = selectRecordingScenarios(kit, { settings, fromEmulator: true });
    for (const [index, scenario] of selected.entries()) {
      const notFromEmulator = notRecordableFromEmulator[kit.provider][scenario.cassette];
      if (notFromEmulator !== undefined) {
        it(`${scenario.cassette}: not recordable from the emulator (${notFromEmulator.reason}); it fails so and writes nothing`, async () => {
          const { recorded } = record(scenario, `emu${index}`);
          await expect(recorded).rejects.toThrow(notFromEmulator.symptom);
          expect(existsSync(join(dir, options.label, kit.provider, scenario.cassette))).toBe(false);
        });
        continue;
      }
      it(`${scenario.cassette}: recorded from the emulator, valid, playable`, async () => {
        const run = record(scenario, `emu${index}`);
        const { running, connection } = run;
        const recorded = await run.recorded;
        const documented = readCassette(join(cassetteRoot, kit.provider, scenario.cassette));
        const written = readCassette(recorded.file);
        expect(written.meta).toEqual({ ...documented.meta, source: 'recorded', origin: running.url });
        expect(validateCassette(written)).toEqual([]);
        expect(requestsOf(written)).toEqual(requestsOf(documented));
        expect(written.interactions.map((i) => i.response.status)).toEqual(
          documented.interactions.map((i) => i.response.status),
        );
        const text = readFileSync(recorded.file, 'utf8');
        expect(text).not.toContain(mode.apiKey);
        expect(findCredentials(text)).toEqual([]);
        await withCassette(recorded.file, () =>
          scenario.run({ createSdk: connection.createSdk, ids: scenario.documentedIds, runId: 'replay' }),
        );
      });
    }
  });
}

describeRecordingFromEmulator({
  kit: stripeRecordingKit,
  mode: { provider: 'stripe', apiKey: STRIPE_KEY },
  settings: { voidCreatesCreditNote: false },
  connect: connectToStripe,
  label: 'stripe',
});

for (const voidCreatesCreditNote of [false, true]) {
  describeRecordingFromEmulator({
    kit: chargebeeRecordingKit,
    mode: { provider: 'chargebee', apiKey: CHARGEBEE_KEY, site: SITE },
    settings: { voidCreatesCreditNote },
    connect: connectToChargebee,
    label: `chargebee, voidCreatesCreditNote ${voidCreatesCreditNote}`,
  });
}

/** A fingerprint of every file under `root` (path, size, content hash), to prove a run left it alone. */
function treeFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((each) => each.isFile())
    .map((each) => join(each.parentPath, each.name))
    .sort()) {
    hash.update(relative(root, entry)).update(readFileSync(entry));
  }
  return hash.digest('hex');
}

/** Every cassette under `dir`, by path relative to it. */
function cassettesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((each) => each.isFile() && each.name.endsWith('.json'))
    .map((each) => relative(dir, join(each.parentPath, each.name)))
    .sort();
}

describe('pnpm record from the emulator (runRecordCommand)', () => {
  async function run(argv: string[], env: Record<string, string | undefined>) {
    const lines: string[] = [];
    const code = await runRecordCommand({
      argv,
      env,
      log: (line) => lines.push(line),
      cassetteRoot,
      runId: `cmd${Date.now().toString(36)}`,
    });
    return { code, output: lines.join('\n') };
  }

  it('--emulator --out: starts one in-process, records every cassette it can into --out, leaves test/cassettes alone', async () => {
    const before = treeFingerprint(cassetteRoot);
    for (const provider of ['stripe', 'chargebee'] as const) {
      const out = join(dir, `command-${provider}`);
      const kit: RecordingKit<unknown> = provider === 'stripe' ? stripeRecordingKit : chargebeeRecordingKit;
      const { code, output } = await run(['--emulator', '--out', out], { BILLBRIDGE_RECORD: provider });
      const notFromEmulator = Object.keys(notRecordableFromEmulator[provider]);
      const recordable = selectRecordingScenarios(kit, {
        settings: { voidCreatesCreditNote: false },
        fromEmulator: true,
      })
        .selected.map((scenario) => scenario.cassette)
        .filter((cassette) => !notFromEmulator.includes(cassette))
        .sort();
      expect(code, output).toBe(0);
      expect(output).toMatch(/recording from an in-process emulator at http:\/\/127\.0\.0\.1:\d+/);
      expect(output).toContain(`${provider}: ${recordable.length} recorded, 0 failed,`);
      for (const cassette of notFromEmulator)
        expect(output).toContain(`skipped ${cassette}: not from the emulator: `);
      expect(cassettesUnder(join(out, provider))).toEqual(recordable);
      for (const cassette of recordable) {
        const written = readCassette(join(out, provider, cassette));
        expect(written.meta.source).toBe('recorded');
        expect(written.meta.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(validateCassette(written), cassette).toEqual([]);
        expect(findCredentials(readFileSync(join(out, provider, cassette), 'utf8'))).toEqual([]);
      }
    }
    expect(treeFingerprint(cassetteRoot)).toBe(before);
  }, 60_000);

  it('BILLBRIDGE_STRIPE_API_BASE: records from an emulator that is already running', async () => {
    const running = await startSchemaCheckedEmulator();
    try {
      const out = join(dir, 'command-api-base');
      const { code, output } = await run(['--only=void-applied-credit-default', `--out=${out}`], {
        BILLBRIDGE_RECORD: 'stripe',
        STRIPE_SECRET_KEY: STRIPE_KEY,
        BILLBRIDGE_STRIPE_API_BASE: running.url,
      });
      expect(code, output).toBe(0);
      expect(output).toContain('stripe: 1 recorded, 0 failed, 0 skipped');
      expect(readCassette(join(out, 'stripe', 'void-applied-credit-default.json')).meta.origin).toBe(
        running.url,
      );
      // Setup and recorded calls reached this emulator, and its answers were Stripe's.
      expect(running.validated).toBeGreaterThan(4);
      expect(running.issues).toEqual([]);
    } finally {
      await running.close();
    }
  });

  it('refuses to record from the emulator without --out, and --emulator next to an API base', async () => {
    const noOut = await run(['--emulator'], { BILLBRIDGE_RECORD: 'stripe' });
    expect(noOut.code).toBe(2);
    expect(noOut.output).toContain('recording from the emulator needs --out <dir>');
    const envNoOut = await run([], {
      BILLBRIDGE_RECORD: 'chargebee',
      CHARGEBEE_SITE: 'acme-test',
      CHARGEBEE_API_KEY: 'test_abc',
      BILLBRIDGE_CHARGEBEE_API_BASE: 'http://127.0.0.1:9',
    });
    expect(envNoOut.code).toBe(2);
    const both = await run(['--emulator', `--out=${dir}`], {
      BILLBRIDGE_RECORD: 'stripe',
      BILLBRIDGE_STRIPE_API_BASE: 'http://127.0.0.1:9',
    });
    expect(both.code).toBe(2);
    expect(both.output).toContain('--emulator starts its own emulator');
    // A live key is refused with --emulator too, before anything starts.
    const live = await run(['--emulator', `--out=${dir}`], {
      BILLBRIDGE_RECORD: 'stripe',
      STRIPE_SECRET_KEY: ['sk', 'live', '51NeverRecordWithThis000000'].join('_'),
    });
    expect(live.code).toBe(1);
  });
});
