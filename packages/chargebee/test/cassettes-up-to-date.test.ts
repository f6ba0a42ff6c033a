import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  authorChargebeeCassettes,
  CASSETTE_DIR,
  isRecordedCassette,
  serializeCassette,
} from './support/author-chargebee-cassettes.js';

function list(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? list(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

describe('committed Chargebee cassettes', () => {
  it('are exactly what the authoring script writes (no hand edits drift from the fixtures)', () => {
    const authored = authorChargebeeCassettes();
    expect(list(CASSETTE_DIR).sort()).toEqual(Object.keys(authored).sort());
    for (const [file, cassette] of Object.entries(authored)) {
      const committed = readFileSync(path.join(CASSETTE_DIR, file), 'utf8');
      // A cassette re-recorded from a test site (`pnpm record`) replaces the authored one: the
      // authoring script leaves it alone, and test/contract/chargebee-cassettes.test.ts checks it.
      if (isRecordedCassette(committed)) continue;
      expect(committed, file).toBe(serializeCassette(cassette));
    }
  });

  it('tells a recorded cassette from an authored one', () => {
    const authored = authorChargebeeCassettes()['void-unknown-invoice.json']!;
    expect(isRecordedCassette(serializeCassette(authored))).toBe(false);
    expect(
      isRecordedCassette(serializeCassette({ ...authored, meta: { ...authored.meta, source: 'recorded' } })),
    ).toBe(true);
    expect(isRecordedCassette('not json')).toBe(false);
  });
});
