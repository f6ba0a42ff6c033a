/**
 * Every Chargebee cassette against the schema generated from the `chargebee` package (its types
 * for responses, its zod schemas for requests; test/spec-data/chargebee, scripts/generate-provider-
 * schemas.mjs) with the departures of test/schemas/schema-departures.ts; metadata; no credential.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Cassette, readCassette } from '@billbridge/testing';
import { describe, expect, it } from 'vitest';
import { cassetteRoot, listCassettes } from '../schemas/list-cassettes.js';
import { validateCassette } from '../schemas/validate-provider-picture.js';

const cassetteDir = path.join(cassetteRoot, 'chargebee');
const files = listCassettes(cassetteDir);

describe('Chargebee cassettes match the chargebee package', () => {
  it('there are cassettes for the adapter and for every contract scenario that makes requests', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  for (const file of files) {
    const name = path.relative(cassetteDir, file);
    it(name, () => {
      const cassette: Cassette = readCassette(file);
      // `recorded`: re-recorded from a test site by `pnpm record` (test/record), a drop-in replacement.
      expect(cassette.meta).toMatchObject({
        provider: 'chargebee',
        apiVersion: 'v2',
        sdkVersion: 'chargebee@3.33.0',
        source: expect.stringMatching(/^(documented|recorded)$/),
      });
      expect(cassette.meta.origin).toMatch(/^https:\/\/[a-z0-9-]+\.chargebee\.com$/);
      expect(cassette.meta.description).toBeTruthy();
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(
        /authorization|test_[A-Za-z0-9]{20,}|live_[A-Za-z0-9]{20,}|Basic [A-Za-z0-9+/=]{8,}/i,
      );
      expect(validateCassette(cassette)).toEqual([]);
    });
  }
});
