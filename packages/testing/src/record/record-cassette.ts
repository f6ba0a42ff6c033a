import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Cassette, CassetteMeta } from '../cassette.js';
import { loadNock } from '../load-nock.js';
import { assertTestModeKey, type RecordProvider } from './assert-test-mode-key.js';
import { type NockRecording, recordingsToCassette } from './recordings-to-cassette.js';
import { scrubCassette } from './scrub-cassette.js';

/** Which provider account a recording talks to: the provider, its test API key, and the Chargebee site. */
export interface RecordMode {
  provider: RecordProvider;
  apiKey: string;
  /** Chargebee only, and required there: the test site (`…-test`), checked and scrubbed. */
  site?: string;
}

/** The environment variable that turns record mode on: `BILLBRIDGE_RECORD=stripe|chargebee`. */
export const RECORD_ENV = 'BILLBRIDGE_RECORD';

/**
 * Reads record mode from the environment: `BILLBRIDGE_RECORD=stripe` with `STRIPE_SECRET_KEY`, or
 * `BILLBRIDGE_RECORD=chargebee` with `CHARGEBEE_SITE` and `CHARGEBEE_API_KEY`. `undefined` when
 * record mode is off. Live keys are refused here, before anything is sent.
 */
export function readRecordMode(
  env: Record<string, string | undefined> = process.env,
): RecordMode | undefined {
  const value = env[RECORD_ENV]?.trim();
  if (!value) return undefined;
  if (value === 'stripe') {
    const apiKey = env.STRIPE_SECRET_KEY?.trim();
    assertTestModeKey('stripe', apiKey);
    return { provider: 'stripe', apiKey: apiKey as string };
  }
  if (value === 'chargebee') {
    const apiKey = env.CHARGEBEE_API_KEY?.trim();
    const site = env.CHARGEBEE_SITE?.trim();
    if (!site)
      throw new Error('record mode (chargebee): set CHARGEBEE_SITE to your test site (e.g. acme-test).');
    assertTestModeKey('chargebee', apiKey, site);
    return { provider: 'chargebee', apiKey: apiKey as string, site };
  }
  throw new Error(`${RECORD_ENV} must be "stripe" or "chargebee", not ${JSON.stringify(value)}`);
}

/**
 * The options of `recordCassette`: the mode (provider and key), the file to write, the cassette's meta,
 * and the calls to record.
 */
export interface RecordCassetteOptions<T> {
  mode: RecordMode;
  /** Where the scrubbed cassette is written. */
  file: string;
  meta: Omit<CassetteMeta, 'source' | 'origin' | 'provider'>;
  /** Makes the real requests (with a client built from `mode`). */
  run: () => Promise<T>;
  /** More strings to scrub (webhook secrets, …). */
  secrets?: readonly string[];
  /**
   * Changes the scrubbed cassette before it is written, given what `run` returned (record mode's
   * scenarios map the fresh ids of the recording back to the documented ones here). Throwing
   * here writes nothing.
   */
  transform?: (cassette: Cassette, result: T) => Cassette;
}

/**
 * Waits until nock's recorder has stored every response. It stores one a few microtasks after the
 * client has read that response's body (it reads a clone of the same stream, then `push`es), so
 * by the time `run()` has resolved the count is nearly always final: the first check comes after
 * one turn of the event loop, then the count must hold for 2 ms (at most 250 rounds, ~0.5 s).
 * A 10 ms window here cost ~22 ms per recording: 4–5 s of wall in the two recording test files.
 */
async function settle(): Promise<void> {
  const nock = loadNock();
  const recorded = () => (nock.recorder.play() as unknown[]).length;
  await new Promise((resolve) => setImmediate(resolve));
  let last = recorded();
  for (let round = 0; round < 250; round++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    const count = recorded();
    if (count === last) return;
    last = count;
  }
}

/**
 * Record mode (DESIGN §10): runs `run` against the real provider with nock's recorder on, then
 * writes a cassette in the repo's format, scrubbed of keys, `Authorization`, account ids, emails
 * and the Chargebee site name (then passed through `transform`, if given). Refuses live keys
 * before anything is sent.
 */
export async function recordCassette<T>(
  options: RecordCassetteOptions<T>,
): Promise<{ result: T; cassette: Cassette }> {
  const { mode } = options;
  assertTestModeKey(mode.provider, mode.apiKey, mode.site);
  const nock = loadNock();
  nock.restore();
  nock.recorder.clear();
  nock.enableNetConnect();
  nock.recorder.rec({ dont_print: true, output_objects: true, enable_reqheaders_recording: true });
  let result: T;
  let recordings: NockRecording[];
  try {
    result = await options.run();
    await settle();
  } finally {
    recordings = nock.recorder.play() as unknown as NockRecording[];
    nock.restore();
    nock.recorder.clear();
    nock.activate();
    // Back to the test default: no network.
    nock.disableNetConnect();
  }
  const raw = recordingsToCassette(recordings, { ...options.meta, provider: mode.provider });
  const scrubbed = scrubCassette(raw, {
    secrets: [mode.apiKey, ...(options.secrets ?? [])],
    ...(mode.site !== undefined ? { site: mode.site } : {}),
  });
  const cassette = options.transform ? options.transform(scrubbed, result) : scrubbed;
  mkdirSync(dirname(options.file), { recursive: true });
  writeFileSync(options.file, `${JSON.stringify(cassette, null, 2)}\n`);
  return { result, cassette };
}
