import { join, relative } from 'node:path';
import { createStringScrubber, RECORD_ENV, type RecordMode, readRecordMode } from '@billbridge/testing';
import type Chargebee from 'chargebee';
import type Stripe from 'stripe';
import { chargebeeRecordingKit } from './chargebee-recording-scenarios.js';
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
  /** Where the SDK clients point (the real APIs unless a test says otherwise). */
  connect?: {
    stripe?: (mode: RecordMode) => ProviderConnection<Stripe>;
    chargebee?: (mode: RecordMode) => ProviderConnection<Chargebee>;
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
  'Live keys are refused before any request. Each cassette is recorded from state the command',
  'creates on the account (customers, invoices, credit notes); ids are rewritten to the documented',
  'ones. Review the diff before committing. See docs/reliability.md, "Record mode".',
];

/** `--only=x`, `--only x`, `--help`; a lone `--` (pnpm passes it along) is ignored. */
function parseArguments(argv: readonly string[]): { only?: string; help: boolean } {
  const parsed: { only?: string; help: boolean } = { help: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--') continue;
    if (argument === '--help' || argument === '-h') parsed.help = true;
    else if (argument.startsWith('--only=')) parsed.only = argument.slice('--only='.length);
    else if (argument === '--only' && argv[index + 1] !== undefined) parsed.only = argv[++index];
    else throw new Error(`unknown argument ${JSON.stringify(argument)}`);
  }
  if (parsed.only === '') throw new Error('--only needs a cassette name, e.g. --only=void-not-found');
  return parsed;
}

async function recordKit<Sdk>(
  kit: RecordingKit<Sdk>,
  connection: ProviderConnection<Sdk>,
  mode: RecordMode,
  options: RecordCommandOptions & { only?: string; settings: RecordingSettings },
): Promise<number> {
  const { log } = options;
  const { selected, skipped } = selectRecordingScenarios(kit, options);
  const cassetteDir = join(options.cassetteRoot, kit.provider);
  const runId = options.runId ?? Date.now().toString(36);
  const scrub = createStringScrubber({ secrets: [mode.apiKey] });
  const requirements = [...new Set(selected.flatMap((scenario) => scenario.requires ?? []))];
  if (requirements.length) log(`the ${kit.provider} account needs: ${requirements.join('; ')}`);
  let failed = 0;
  for (const scenario of selected) {
    try {
      const recorded = await recordScenario({ mode, kit, scenario, cassetteDir, connection, runId });
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
  let only: string | undefined;
  try {
    const parsed = parseArguments(options.argv);
    if (parsed.help) {
      for (const line of RECORD_USAGE) log(line);
      return 0;
    }
    only = parsed.only;
  } catch (error) {
    log(`pnpm record: ${(error as Error).message}`);
    for (const line of RECORD_USAGE) log(line);
    return 2;
  }
  let mode: RecordMode | undefined;
  try {
    mode = readRecordMode(options.env);
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
  if (mode === undefined) {
    log(`pnpm record: ${RECORD_ENV} is not set, so there is nothing to record against.`);
    for (const line of RECORD_USAGE) log(line);
    return 2;
  }
  const settings: RecordingSettings = {
    voidCreatesCreditNote: options.env.CHARGEBEE_VOID_CREATES_CREDIT_NOTE?.trim().toLowerCase() === 'true',
  };
  const run = { ...options, ...(only !== undefined ? { only } : {}), settings };
  try {
    if (mode.provider === 'stripe') {
      const connection = (options.connect?.stripe ?? connectToStripe)(mode);
      return await recordKit(stripeRecordingKit, connection, mode, run);
    }
    const connection = (options.connect?.chargebee ?? connectToChargebee)(mode);
    return await recordKit(chargebeeRecordingKit, connection, mode, run);
  } catch (error) {
    log(`pnpm record: ${(error as Error).message}`);
    return 1;
  }
}
