import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readCassette } from '@billbridge/testing';
import { describe, expect, it } from 'vitest';
import { cassetteRoot, listCassettes } from '../../schemas/list-cassettes.js';
import { providerSchemaFor } from '../../schemas/provider-schemas.js';
import { validateCassette } from '../../schemas/validate-provider-picture.js';

const stripeCassetteDir = join(cassetteRoot, 'stripe');
const files = listCassettes(stripeCassetteDir);

describe('Stripe cassettes against the schema of the API version they claim', () => {
  it('finds the cassettes', () => {
    expect(files.length).toBeGreaterThanOrEqual(44);
  });

  for (const file of files) {
    it(relative(stripeCassetteDir, file), () => {
      const cassette = readCassette(file);
      // `recorded`: re-recorded from a test account by `pnpm record` (test/record), a drop-in replacement.
      expect(cassette.meta).toMatchObject({
        provider: 'stripe',
        source: expect.stringMatching(/^(documented|recorded)$/),
        origin: 'https://api.stripe.com',
      });
      expect(cassette.meta.sdkVersion).toMatch(/^stripe@\d+\.\d+\.\d+$/);
      // Judged by its own version's schema: the generated one or the published 2019-11-05 subset.
      expect(['2019-11-05', '2026-10-28.endive']).toContain(
        providerSchemaFor('stripe', cassette.meta.apiVersion).schemaVersion,
      );
      expect(validateCassette(cassette)).toEqual([]);
    });
  }
});

describe('Stripe cassettes hold no secrets', () => {
  for (const file of files) {
    it(`${relative(stripeCassetteDir, file)} has no key and no Authorization header`, () => {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{6,}/);
      expect(text).not.toMatch(/whsec_[A-Za-z0-9]/);
      expect(text.toLowerCase()).not.toContain('"authorization"');
    });
  }
});
