import { join, relative, resolve } from 'node:path';
import { createStringScrubber, RECORD_ENV, type RecordMode, readRecordMode } from '@billbridge/testing';
import type Chargebee from 'chargebee';
import type Stripe from 'stripe';
import { CHARGEBEE_DEFAULT_SITE, startEmulator } from '../../packages/emulator/src/index.js';
import { chargebeeRecordingKit } from './chargebee-recording-scenarios.js';
import { EMULATOR_RECORDING_KEYS, emulatorSkipReason } from './emulator-recording.js';
import { connectToChargebee, connectToStripe, type ProviderConnection } from './provider-connection.js';
import { recordScenario } from './record-scenario.js';
import type { RecordingKit, RecordingSettings } from './recording-scenario.js';
import { selectRecordingScenarios } from './select-recording-scenarios.js';
import { stripeRecordingKit } from './stripe-recording-scenarios.js';

export interface RecordCommandOptions {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  /** `test/cassettes`: each provider's cassettes are in `<cassetteRoot>/<provider>/`. */
  cassetteRoot: string;
  /** Where the SDK clients point (the real APIs, or `apiBase`, unless a test says otherwise). */
  connect?: {
    stripe?: (mode: RecordMode, apiBase?: string) => ProviderConnection<Stripe>;
    chargebee?: (mode: RecordMode, apiBase?: string) => ProviderConnection<Chargebee>;
  };
  /** Unique per run; default: the time in base 36. */
  runId?: string;
}

export const RECORD_USAGE = [
  'pnpm record re-records the cassettes in test/cassettes/<provider>/ from a test-mode account:',
  '',
  `  ${RECORD_ENV}=stripe STRIPE_SECRET_KEY=sk_test_… pnpm record [--only=<cassette>]`,
  `  ${RECORD_ENV}=chargebee CHARGEBEE_SITE=acme-test CHARGEBEE_API_KEY=test_… \\`,
  '    [CHARGEBEE_VOID_CREATES_CREDIT_NOTE=true] pnpm record [--only=<cassette>]',
  '',
  'From the billbridge emulator instead (no account needed; keys default to made-up test keys):',
  '',
  `  ${RECORD_ENV}=stripe pnpm record --emulator --out <dir>`,
  `  ${RECORD_ENV}=stripe BILLBRIDGE_STRIPE_API_BASE=http://127.0.0.1:12111 STRIPE_SECRET_KEY=sk_test_… \\`,
  '    pnpm record --out <dir>        (an emulator already running: billbridge emulate)',
  '',
  '--emulator starts one in-process; BILLBRIDGE_<PROVIDER>_API_BASE points at a running one. Both',
  'need --out: a recording from the emulator never replaces the cassettes in test/cassettes.',
  '',
  'Live keys are refused before any request. Each cassette is recorded from state the command',
  'creates on the account (customers, invoices, credit notes); ids are rewritten to the documented',
  'ones. Review the diff before committing. See docs/reliability.md, "Record mode".',
];

/** The base-URL variables of DESIGN §14, per provider. */
const API_BASE_ENV = {
  stripe: 'BILLBRIDGE_STRIPE_API_BASE',
  chargebee: 'BILLBRIDGE_CHARGEBEE_API_BASE',
} as const;

interface RecordArguments {
  only?: string;
  help: boolean;
  /** Start an emulator in-process and record from it. */
  emulator: boolean;
  /** Write the cassettes under this folder (`<out>/<provider>/…`) instead of test/cassettes. */
  out?: string;
}

/** `--only=x`, `--only x`, `--out=dir`, `--out dir`, `--emulator`, `--help`; a lone `--` (pnpm passes it along) is ignored. */
function parseArguments(argv: readonly string[]): RecordArguments {
  const parsed: RecordArguments = { help: false, emulator: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--') continue;
    if (argument === '--help' || argument === '-h') parsed.help = true;
    else if (argument === '--emulator') parsed.emulator = true;
    else if (argument.startsWith('--only=')) parsed.only = argument.slice('--only='.length);
    else if (argument === '--only' && argv[index + 1] !== undefined) parsed.only = argv[++index];
    else if (argument.startsWith('--out=')) parsed.out = argument.slice('--out='.length);
    else if (argument === '--out' && argv[index + 1] !== undefined) parsed.out = argv[++index];
    else throw new Error(`unknown argument ${JSON.stringify(argument)}`);
  }
  if (parsed.only === '') throw new Error('--only needs a cassette name, e.g. --only=void-not-found');
  if (parsed.out === '') throw new Error('--out needs a folder, e.g. --out=/tmp/cassettes');
  return parsed;
}

/** With `--emulator`, the keys and site the emulator takes, where the environment sets none. */
function withEmulatorDefaults(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const unset = (name: string) => !env[name]?.trim();
  return {
    ...env,
    ...(unset('STRIPE_SECRET_KEY') ? { STRIPE_SECRET_KEY: EMULATOR_RECORDING_KEYS.stripe } : {}),
    ...(unset('CHARGEBEE_API_KEY') ? { CHARGEBEE_API_KEY: EMULATOR_RECORDING_KEYS.chargebee } : {}),
    ...(unset('CHARGEBEE_SITE') ? { CHARGEBEE_SITE: CHARGEBEE_DEFAULT_SITE } : {}),
  };
}

async function recordKit<Sdk>(
  kit: RecordingKit<Sdk>,
  connection: ProviderConnection<Sdk>,
  mode: RecordMode,
  options: RecordCommandOptions & {
    only?: string;
    settings: RecordingSettings;
    /** Where the cassettes are written (default `cassetteRoot`). */
    out?: string;
    /** Recording from the emulator: the cassettes it cannot record are skipped, with the reason. */
    fromEmulator: boolean;
  },
): Promise<number> {
  const { log } = options;
  const selection = selectRecordingScenarios(kit, options);
  const skipped = [...selection.skipped];
  const selected = selection.selected.filter((scenario) => {
    const reason = options.fromEmulator ? emulatorSkipReason(kit.provider, scenario.cassette) : undefined;
    if (reason !== undefined)
      skipped.push({ cassette: scenario.cassette, reason: `not from the emulator: ${reason}` });
    return reason === undefined;
  });
  const documentedDir = join(options.cassetteRoot, kit.provider);
  const cassetteDir = join(options.out ?? options.cassetteRoot, kit.provider);
  const runId = options.runId ?? Date.now().toString(36);
  const scrub = createStringScrubber({ secrets: [mode.apiKey] });
  const requirements = [...new Set(selected.flatMap((scenario) => scenario.requires ?? []))];
  if (requirements.length) log(`the ${kit.provider} account needs: ${requirements.join('; ')}`);
  let failed = 0;
  for (const [index, scenario] of selected.entries()) {
    try {
      const recorded = await recordScenario({
        mode,
        kit,
        scenario,
        cassetteDir,
        documentedDir,
        connection,
        // One run id per scenario: the idempotency keys (`billbridge-record-<run>-void`) and the
        // Chargebee customer ids (`bbrec-<run>-ada`) must differ between the scenarios of a run,
        // or the account refuses the second (Stripe: a key reused with other parameters;
        // Chargebee: duplicate_entry). Found by recording from the emulator.
        runId: `${runId}${index.toString(36)}`,
      });
      const count = recorded.cassette.interactions.length;
      log(
        `wrote ${relative(process.cwd(), recorded.file)} (${count} request${count === 1 ? '' : 's'}, source: recorded)`,
      );
    } catch (error) {
      failed++;
      log(
        `failed ${scenario.cassette}: ${scrub(error instanceof Error ? error.message : String(error))} (not written)`,
      );
    }
  }
  for (const { cassette, reason } of skipped) log(`skipped ${cassette}: ${reason}`);
  log(`${kit.provider}: ${selected.length - failed} recorded, ${failed} failed, ${skipped.length} skipped`);
  // Asking for one cassette that cannot be recorded is a failure too: nothing was written.
  return failed === 0 && (options.only === undefined || selected.length > 0) ? 0 : 1;
}

/**
 * `pnpm record` (DESIGN §10): reads `BILLBRIDGE_RECORD` with `readRecordMode()`, which refuses live
 * keys before anything is sent, and re-records that provider's recordable cassettes (or `--only`
 * one), printing what it wrote and what it skipped and why. Returns the exit code: 0 all recorded,
 * 1 a refusal, a failed cassette, or an `--only` cassette that is unknown or cannot be recorded,
 * 2 a usage error (no `BILLBRIDGE_RECORD`, a bad argument).
 */
export async function runRecordCommand(options: RecordCommandOptions): Promise<number> {
  const { log } = options;
  let parsed: RecordArguments;
  const usage = (problem: string) => {
    log(`pnpm record: ${problem}`);
    for (const line of RECORD_USAGE) log(line);
    return 2;
  };
  try {
    parsed = parseArguments(options.argv);
    if (parsed.help) {
      for (const line of RECORD_USAGE) log(line);
      return 0;
    }
  } catch (error) {
    return usage((error as Error).message);
  }
  const env = parsed.emulator ? withEmulatorDefaults(options.env) : options.env;
  let mode: RecordMode | undefined;
  try {
    mode = readRecordMode(env);
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
  if (mode === undefined) return usage(`${RECORD_ENV} is not set, so there is nothing to record against.`);
  const apiBaseVariable = API_BASE_ENV[mode.provider];
  const apiBaseFromEnv = env[apiBaseVariable]?.trim() || undefined;
  if (parsed.emulator && apiBaseFromEnv !== undefined)
    return usage(`--emulator starts its own emulator: leave ${apiBaseVariable} unset, or drop --emulator.`);
  const fromEmulator = parsed.emulator || apiBaseFromEnv !== undefined;
  if (fromEmulator && parsed.out === undefined)
    return usage(
      "recording from the emulator needs --out <dir>: its cassettes are the emulator's picture, and never replace the ones in test/cassettes.",
    );
  const settings: RecordingSettings = {
    voidCreatesCreditNote: env.CHARGEBEE_VOID_CREATES_CREDIT_NOTE?.trim().toLowerCase() === 'true',
  };
  const run = {
    ...options,
    ...(parsed.only !== undefined ? { only: parsed.only } : {}),
    ...(parsed.out !== undefined ? { out: resolve(parsed.out) } : {}),
    settings,
    fromEmulator,
  };
  const emulator = parsed.emulator
    ? await startEmulator({
        chargebee: {
          ...(mode.site !== undefined ? { site: mode.site } : {}),
          voidCreatesCreditNote: settings.voidCreatesCreditNote,
        },
      })
    : undefined;
  const apiBase = emulator?.url ?? apiBaseFromEnv;
  if (emulator) log(`recording from an in-process emulator at ${emulator.url}`);
  try {
    if (mode.provider === 'stripe') {
      const connection = (options.connect?.stripe ?? connectToStripe)(mode, apiBase);
      return await recordKit(stripeRecordingKit, connection, mode, run);
    }
    const connection = (options.connect?.chargebee ?? connectToChargebee)(mode, apiBase);
    return await recordKit(chargebeeRecordingKit, connection, mode, run);
  } catch (error) {
    log(`pnpm record: ${(error as Error).message}`);
    return 1;
  } finally {
    await emulator?.close();
  }
}
