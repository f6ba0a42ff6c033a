import type { RecordingKit, RecordingScenario, RecordingSettings } from './recording-scenario.js';

export interface SkippedCassette {
  cassette: string;
  reason: string;
}

export interface RecordingSelection<Sdk> {
  selected: RecordingScenario<Sdk>[];
  skipped: SkippedCassette[];
}

/** `void-not-found` and `void-not-found.json` name the same cassette; `contract/2019-11-05/void-consume` one in a folder. */
function matches(cassette: string, only: string): boolean {
  return cassette === (only.endsWith('.json') ? only : `${only}.json`);
}

/**
 * Which of a provider's cassettes a run records (`only`: just that one) and which it skips, with
 * the reason: a scenario whose site setting is not there, and every cassette that is not
 * recordable (from the emulator, the provider failing on demand is). Throws on an `only` that
 * names no cassette.
 */
export function selectRecordingScenarios<Sdk>(
  kit: RecordingKit<Sdk>,
  options: {
    only?: string;
    settings: RecordingSettings;
    /** Recording from the emulator: `kit.fromEmulatorOnly` is recordable too. */
    fromEmulator?: boolean;
  },
): RecordingSelection<Sdk> {
  const selected: RecordingScenario<Sdk>[] = [];
  const skipped: SkippedCassette[] = [];
  const wanted = (cassette: string) => options.only === undefined || matches(cassette, options.only);
  const fromEmulatorOnly = new Set((kit.fromEmulatorOnly ?? []).map((scenario) => scenario.cassette));
  const emulatorOnly = options.fromEmulator ? (kit.fromEmulatorOnly ?? []) : [];
  for (const scenario of [...kit.scenarios, ...emulatorOnly]) {
    if (!wanted(scenario.cassette)) continue;
    const reason = scenario.skipReason?.(options.settings);
    if (reason === undefined) selected.push(scenario);
    else skipped.push({ cassette: scenario.cassette, reason });
  }
  for (const entry of kit.notRecordable) {
    if (!wanted(entry.cassette)) continue;
    if (!fromEmulatorOnly.has(entry.cassette))
      skipped.push({ cassette: entry.cassette, reason: `not recordable: ${entry.reason}` });
    else if (!options.fromEmulator)
      skipped.push({
        cassette: entry.cassette,
        reason: `not recordable: ${entry.reason}; the emulator fails on demand: pnpm record --emulator --out <dir>`,
      });
  }
  if (options.only !== undefined && selected.length === 0 && skipped.length === 0) {
    const names = kit.scenarios.map((scenario) => scenario.cassette.replace(/\.json$/, ''));
    throw new Error(
      `no ${kit.provider} cassette is called "${options.only}"; recordable: ${names.join(', ')}`,
    );
  }
  return { selected, skipped };
}
