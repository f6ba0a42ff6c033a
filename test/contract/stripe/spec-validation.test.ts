import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Cassette, readCassette } from '@billbridge/testing';
import { describe, expect, it } from 'vitest';
import {
  listCassettes,
  repoRoot,
  STRIPE_SPEC_VERSIONS,
  stripeCassetteDir,
  stripeSpecFor,
  validateStripeCassette,
} from './stripe-spec.js';

const files = listCassettes();

describe('Stripe cassettes against the Stripe OpenAPI spec of their API version', () => {
  it('finds the cassettes and keeps the spec subsets in the repo', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const version of STRIPE_SPEC_VERSIONS) {
      const subset = JSON.parse(
        readFileSync(join(repoRoot, `test/spec-data/stripe/stripe-openapi-${version}.json`), 'utf8'),
      ) as { meta: { apiVersion: string } };
      expect(subset.meta.apiVersion).toBe(version);
    }
  });

  it('maps the SDK default version to the newest spec we have, and 2019-11-05 to its own', () => {
    expect(stripeSpecFor('2026-10-28.endive').specVersion).toBe('2023-08-16');
    expect(stripeSpecFor('2019-11-05').specVersion).toBe('2019-11-05');
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
      expect(validateStripeCassette(cassette)).toEqual([]);
    });
  }
});

describe('cassettes hold no secrets', () => {
  for (const file of files) {
    it(`${relative(stripeCassetteDir, file)} has no key and no Authorization header`, () => {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{6,}/);
      expect(text).not.toMatch(/whsec_[A-Za-z0-9]/);
      expect(text.toLowerCase()).not.toContain('"authorization"');
    });
  }
});

describe('the validator refuses a bad copy', () => {
  const load = (name: string): Cassette =>
    JSON.parse(readFileSync(join(stripeCassetteDir, name), 'utf8')) as Cassette;

  it('an unknown parameter on the void fails validation', () => {
    const bad = load('void-applied-credit-default.json');
    bad.interactions[0]!.request.body = { surprise: 'yes' };
    expect(validateStripeCassette(bad)).toEqual([
      {
        path: 'interaction 0: POST /v1/invoices/{invoice}/void body surprise',
        message: 'is not a known parameter/property',
      },
    ]);
  });

  it('consume_applied_balance is allowed before 2019-12-03 and refused from then on', () => {
    const old = load('void-applied-credit-2019-11-05-return.json');
    expect(old.interactions[0]!.request.body).toEqual({ consume_applied_balance: 'false' });
    expect(validateStripeCassette(old)).toEqual([]);
    const current = { ...old, meta: { ...old.meta, apiVersion: '2019-12-03' } };
    expect(validateStripeCassette(current).map((issue) => issue.path)).toEqual([
      'interaction 0: POST /v1/invoices/{invoice}/void body consume_applied_balance',
    ]);
    const latest = load('void-applied-credit-default.json');
    latest.interactions[0]!.request.body = { consume_applied_balance: 'false' };
    expect(validateStripeCassette(latest)).toHaveLength(1);
  });

  it('a response missing a required field or with a wrong type fails validation', () => {
    const bad = load('customer-balance.json');
    const body = bad.interactions[0]!.response.body as Record<string, unknown>;
    delete body.created;
    body.balance = '-500';
    const issues = validateStripeCassette(bad).map((issue) => issue.path);
    expect(issues).toEqual(['interaction 0: GET /v1/customers/{customer} response (root)']);
  });

  it('an unknown query parameter and an unknown endpoint fail validation', () => {
    const bad = load('credit-note-list.json');
    bad.interactions[0]!.request.path += '&status=void';
    expect(validateStripeCassette(bad).map((issue) => issue.message)).toEqual([
      'is not a known parameter/property',
    ]);
    bad.interactions[0]!.request.path = '/v1/credit_notes/cn_1/lines/x';
    expect(validateStripeCassette(bad)[0]?.message).toBe('no such operation in the spec');
  });
});
