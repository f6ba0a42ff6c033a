import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  authorChargebeeCassettes,
  CASSETTE_DIR,
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
      expect(readFileSync(path.join(CASSETTE_DIR, file), 'utf8'), file).toBe(serializeCassette(cassette));
    }
  });
});
