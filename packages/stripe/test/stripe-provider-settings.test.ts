import { ValidationError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import {
  createStripeProvider,
  redactStripeSecrets,
  resolveStripeApiVersion,
  stripeApiVersionDate,
  stripeProviderOptionsSchema,
  stripeProviderSettingsSchema,
  stripeReturnsBalanceOnVoid,
} from '../src/index.js';
import { TEST_KEY, userStripe } from './stripe-test-kit.js';

describe('createStripeProvider settings', () => {
  it('names itself and its provider options namespace', () => {
    const provider = createStripeProvider({ apiKey: TEST_KEY });
    expect(provider).toMatchObject({
      provider: 'stripe',
      providerOptionsKey: 'stripe',
      specificationVersion: 'v1',
    });
    expect(provider.providerOptionsSchema).toBe(stripeProviderOptionsSchema);
    expect(provider.client.getMaxNetworkRetries()).toBe(0);
  });

  it('needs exactly one of client and apiKey, and a real API version', () => {
    expect(() => createStripeProvider({})).toThrow(ValidationError);
    expect(() => createStripeProvider({ client: userStripe(), apiKey: TEST_KEY })).toThrow(/not both/);
    expect(() => createStripeProvider({ apiKey: TEST_KEY, apiVersion: 'latest' })).toThrow(/apiVersion/);
    expect(() => createStripeProvider({ client: {} as never })).toThrow(/Stripe client/);
    expect(
      stripeProviderSettingsSchema.safeParse({
        apiKey: TEST_KEY,
        apiVersion: '2019-11-05',
        port: 12111,
        host: '127.0.0.1',
        protocol: 'http',
      }).success,
    ).toBe(true);
    expect(stripeProviderSettingsSchema.safeParse({ apiKey: TEST_KEY, surprise: 1 }).success).toBe(false);
  });

  it('never puts the key in a validation message', () => {
    const error = (() => {
      try {
        createStripeProvider({ apiKey: TEST_KEY, apiVersion: 'nope' });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toBeDefined();
    expect(error?.message).not.toContain(TEST_KEY);
  });

  it('provider options are strict', () => {
    expect(stripeProviderOptionsSchema.safeParse({ recordVoidReasonAsMetadata: false }).success).toBe(true);
    expect(stripeProviderOptionsSchema.safeParse({ recordVoidReasonAsMetadata: 'no' }).success).toBe(false);
    expect(stripeProviderOptionsSchema.safeParse({ other: true }).success).toBe(false);
  });
});

describe('API version helpers', () => {
  it('reads a configured version from clients without getApiField (older SDKs keep it in _api)', () => {
    expect(resolveStripeApiVersion({ client: { _api: { version: '2019-10-17' } } })).toBe('2019-10-17');
    expect(resolveStripeApiVersion({ client: { getApiField: () => '2020-08-27' } })).toBe('2020-08-27');
    expect(resolveStripeApiVersion({ client: {}, apiVersion: '2019-11-05' })).toBe('2019-11-05');
  });

  it('compares the date prefix, release names included', () => {
    expect(stripeApiVersionDate('2026-10-28.endive')).toBe('2026-10-28');
    expect(stripeApiVersionDate('2019-11-05')).toBe('2019-11-05');
    expect(stripeApiVersionDate('2019-11')).toBeUndefined();
    expect(stripeReturnsBalanceOnVoid('2019-12-02')).toBe(false);
    expect(stripeReturnsBalanceOnVoid('2019-12-03')).toBe(true);
    expect(stripeReturnsBalanceOnVoid('2024-09-30.acacia')).toBe(true);
  });

  it('redacts keys from text', () => {
    expect(redactStripeSecrets(`a ${TEST_KEY} b rk_live_abc123 whsec_zz`)).toBe(
      'a [redacted] b [redacted] [redacted]',
    );
    expect(redactStripeSecrets('key mysecretvalue here', 'mysecretvalue')).toBe('key [redacted] here');
    // Until 2026-12-07 a key right after a letter or digit was kept (a word boundary was required).
    expect(redactStripeSecrets('Authorization%3A%20Bearer%20sk_test_SECRET123')).toBe(
      'Authorization%3A%20Bearer%20[redacted]',
    );
    // Assembled at run time: no committed line looks like a live key.
    const liveKey = ['sk', 'live', 'SECRET123'].join('_');
    expect(redactStripeSecrets(`key_${liveKey} xwhsec_abc`)).toBe('key_[redacted] x[redacted]');
  });
});
