import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertTestModeKey,
  type Cassette,
  type RecordMode,
  readCassette,
  recordCassette,
} from '@billbridge/testing';
import nock from 'nock';
import type { ProviderConnection } from './provider-connection.js';
import type { RecordingKit, RecordingScenario, ScenarioIds } from './recording-scenario.js';
import { rewriteCassetteIds } from './rewrite-cassette-ids.js';

export interface RecordScenarioOptions<Sdk> {
  mode: RecordMode;
  kit: Pick<RecordingKit<Sdk>, 'provider' | 'sdkVersion'>;
  scenario: RecordingScenario<Sdk>;
  /** The provider's cassette folder (`test/cassettes/<provider>`); the cassette is written there. */
  cassetteDir: string;
  /** Where the documented cassette is, whose description the recording keeps (default `cassetteDir`). */
  documentedDir?: string;
  connection: ProviderConnection<Sdk>;
  /** Unique per run (customer ids, idempotency keys). */
  runId: string;
}

export interface RecordedScenario {
  file: string;
  /** What was written: scrubbed, ids rewritten. */
  cassette: Cassette;
  /** The rewrite that was applied: real id → documented id. */
  ids: Record<string, string>;
}

/** Real id → documented id, for every role the scenario documents; a role without a real id is an error. */
function idRewrite<Sdk>(scenario: RecordingScenario<Sdk>, real: ScenarioIds): Record<string, string> {
  const rewrite: Record<string, string> = {};
  for (const [role, documented] of Object.entries(scenario.documentedIds)) {
    const id = real[role];
    if (id === undefined || id === '')
      throw new Error(`${scenario.cassette}: setup and run gave no ${role} to map to ${documented}`);
    if (rewrite[id] !== undefined && rewrite[id] !== documented)
      throw new Error(`${scenario.cassette}: ${id} would become both ${rewrite[id]} and ${documented}`);
    rewrite[id] = documented;
  }
  return rewrite;
}

/**
 * Re-records one cassette (DESIGN §10): refuses anything but a test-mode key, runs the scenario's
 * setup through the raw SDK with net connect open to the provider's host only for the setup, then
 * records the scenario's billbridge calls with `recordCassette` (scrubbed) and rewrites the
 * recording's ids to the documented ones before the file is written. Nothing is written when
 * setup or the calls fail, or an id has no counterpart.
 */
export async function recordScenario<Sdk>(options: RecordScenarioOptions<Sdk>): Promise<RecordedScenario> {
  const { mode, kit, scenario, connection, runId } = options;
  assertTestModeKey(mode.provider, mode.apiKey, mode.site);
  if (mode.provider !== kit.provider)
    throw new Error(
      `record mode is ${mode.provider}, but ${scenario.cassette} is a ${kit.provider} cassette`,
    );
  const file = join(options.cassetteDir, scenario.cassette);
  const documentedFile = join(options.documentedDir ?? options.cassetteDir, scenario.cassette);
  const description = existsSync(documentedFile) ? readCassette(documentedFile).meta.description : undefined;

  const faults = scenario.emulatorFaults;
  if (faults && !connection.injectFault)
    throw new Error(`${scenario.cassette}: needs the emulator to fail on demand; record it with --emulator`);
  nock.enableNetConnect(connection.host);
  let setupIds: ScenarioIds;
  try {
    setupIds = await scenario.setup({ sdk: connection.setupSdk, runId });
    for (const rule of faults?.(setupIds) ?? []) await connection.injectFault!(rule);
  } finally {
    nock.disableNetConnect();
  }

  let ids: Record<string, string> = {};
  const { cassette } = await recordCassette({
    mode,
    file,
    meta: {
      apiVersion: scenario.apiVersion,
      sdkVersion: kit.sdkVersion,
      ...(description !== undefined ? { description } : {}),
    },
    run: () => scenario.run({ createSdk: (apiKey) => connection.createSdk(apiKey), ids: setupIds, runId }),
    transform: (recorded, created) => {
      ids = idRewrite(scenario, { ...setupIds, ...created });
      const { provider, apiVersion, sdkVersion, source, origin, description: kept } = recorded.meta;
      // The documented cassette's key order, so a re-recording's diff shows what changed.
      const meta = {
        provider,
        apiVersion,
        sdkVersion,
        source,
        origin,
        ...(kept !== undefined ? { description: kept } : {}),
      };
      return rewriteCassetteIds({ ...recorded, meta }, ids);
    },
  });
  return { file, cassette, ids };
}
