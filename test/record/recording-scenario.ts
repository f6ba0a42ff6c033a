import type { RecordProvider } from '@billbridge/testing';

/** Ids by role (`invoiceId`, `customerId`, `creditNoteId`, …). */
export type ScenarioIds = Record<string, string>;

/** What record mode knows about the account or site, from the environment. */
export interface RecordingSettings {
  /** Chargebee: the site's "Void invoices with credit note" setting (`CHARGEBEE_VOID_CREATES_CREDIT_NOTE=true`). */
  voidCreatesCreditNote: boolean;
}

/** A fault rule for the emulator's control API (`POST /_emulator/faults`, docs/emulator.md). */
export type EmulatorFault = Record<string, unknown> & { path: string };

export interface RecordingSetupContext<Sdk> {
  /** The raw SDK client; setup requests are not recorded. */
  sdk: Sdk;
  /** Unique per scenario of a `pnpm record` run (ids the caller chooses, idempotency keys). */
  runId: string;
}

export interface RecordingRunContext<Sdk> {
  /** A new SDK client for the recorded calls; `apiKey` replaces the mode's key (a deliberately wrong one). */
  createSdk(apiKey?: string): Sdk;
  /** The ids to use: the ones setup made while recording, the documented ones when a cassette is replayed. */
  ids: ScenarioIds;
  /** Unique per recording run: Stripe keeps idempotency keys at least 24 h and refuses one reused with other parameters. */
  runId: string;
}

/**
 * How one documented cassette is re-recorded on a test account: `setup` creates the provider state
 * the cassette needs through the raw SDK (not recorded); `run` makes the billbridge call(s) the
 * cassette's tests make (recorded). The recording's ids are then rewritten to `documentedIds`, so
 * the new cassette replaces the old one without touching its tests.
 */
export interface RecordingScenario<Sdk> {
  /** The cassette's file name under `test/cassettes/<provider>/`. */
  cassette: string;
  /** The API version the recorded requests use (`meta.apiVersion`). */
  apiVersion: string;
  /** The ids the documented cassette and its tests use, by role. Every role must get a real id. */
  documentedIds: ScenarioIds;
  /** What the account or site needs beyond a test key (printed before recording). */
  requires?: string;
  /** Why the scenario cannot be recorded with these settings; `undefined` when it can. */
  skipReason?(settings: RecordingSettings): string | undefined;
  /** Creates the state through the raw SDK. Returns the real ids by role. */
  setup(context: RecordingSetupContext<Sdk>): Promise<ScenarioIds>;
  /**
   * Faults the emulator injects after setup, for the ids setup made (a scenario with faults is
   * recordable from the emulator only: an account fails on no one's demand).
   */
  emulatorFaults?(ids: ScenarioIds): EmulatorFault[];
  /** The recorded billbridge call(s). Returns the real ids of objects the calls created, by role. */
  run(context: RecordingRunContext<Sdk>): Promise<ScenarioIds | undefined>;
}

/** A documented cassette no scenario re-records, and why. */
export interface NotRecordableCassette {
  cassette: string;
  reason: string;
}

/** A cassette with no interactions: the call is refused before any request, so there is nothing to record. */
export function makesNoRequest(cassette: string, why: string): NotRecordableCassette {
  return { cassette, reason: `makes no request (${why}): there is nothing to record` };
}

/** Everything record mode needs to know about one provider's cassettes. */
export interface RecordingKit<Sdk> {
  provider: RecordProvider;
  /** `meta.sdkVersion` of the recordings, e.g. `stripe@23.1.0`. */
  sdkVersion: string;
  scenarios: readonly RecordingScenario<Sdk>[];
  notRecordable: readonly NotRecordableCassette[];
  /**
   * Scenarios for cassettes in `notRecordable` that the emulator can record, because it fails on
   * demand (429, 500, an HTML 502, a lock timeout): each has `emulatorFaults`.
   */
  fromEmulatorOnly?: readonly RecordingScenario<Sdk>[];
}
