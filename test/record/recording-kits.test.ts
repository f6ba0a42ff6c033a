import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chargebeeRecordingKit } from './chargebee-recording-scenarios.js';
import type { RecordingKit } from './recording-scenario.js';
import { stripeRecordingKit } from './stripe-recording-scenarios.js';

const cassetteRoot = resolve(import.meta.dirname, '../cassettes');

/** The provider's cassettes, by path under its folder (`void-not-found.json`, `contract/…`). */
function cassettesOf(provider: string, folder = ''): string[] {
  return readdirSync(join(cassetteRoot, provider, folder), { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? cassettesOf(provider, `${folder}${entry.name}/`) : [`${folder}${entry.name}`],
    )
    .sort();
}

describe.each([
  ['stripe', stripeRecordingKit],
  ['chargebee', chargebeeRecordingKit],
] as [string, RecordingKit<unknown>][])('the %s recording kit', (provider, kit) => {
  it('accounts for every cassette exactly once: a recording scenario, or a reason it cannot be recorded', () => {
    const accounted = [
      ...kit.scenarios.map((scenario) => scenario.cassette),
      ...kit.notRecordable.map((entry) => entry.cassette),
    ];
    expect(new Set(accounted).size).toBe(accounted.length);
    expect(accounted.sort()).toEqual(cassettesOf(provider));
  });

  it('gives every scenario documented ids and every skipped cassette a reason', () => {
    for (const scenario of kit.scenarios) {
      expect(Object.keys(scenario.documentedIds).length, scenario.cassette).toBeGreaterThan(0);
      expect(scenario.apiVersion, scenario.cassette).toMatch(/^(v2|\d{4}-\d{2}-\d{2}.*)$/);
    }
    for (const entry of kit.notRecordable) expect(entry.reason.length, entry.cassette).toBeGreaterThan(20);
  });

  it('records from the emulator only cassettes an account cannot record', () => {
    const notRecordable = kit.notRecordable.map((entry) => entry.cassette);
    for (const scenario of kit.fromEmulatorOnly ?? []) {
      expect(notRecordable, scenario.cassette).toContain(scenario.cassette);
      expect(scenario.emulatorFaults, scenario.cassette).toBeTypeOf('function');
    }
  });

  it('names the SDK the recordings are made with', () => {
    expect(kit.sdkVersion).toMatch(new RegExp(`^${provider}@\\d+\\.\\d+\\.\\d+$`));
  });
});
