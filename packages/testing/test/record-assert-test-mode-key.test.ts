import { describe, expect, it } from 'vitest';
import { assertTestModeKey, LiveKeyRefusedError, readRecordMode } from '../src/record/index.js';

// Fake live keys, assembled at run time so no committed line looks like a real secret.
const liveStripe = ['sk', 'live', '51LiveKeyMustNeverBeUsed000000000000'].join('_');
const liveRestricted = ['rk', 'live', '51LiveRestrictedKey000000000000'].join('_');

describe('assertTestModeKey', () => {
  it('accepts Stripe test-mode secret and restricted keys', () => {
    expect(() => assertTestModeKey('stripe', 'sk_test_51abcDEF')).not.toThrow();
    expect(() => assertTestModeKey('stripe', 'rk_test_51abcDEF')).not.toThrow();
  });

  it.each([liveStripe, liveRestricted])(
    'refuses the live Stripe key %s with a clear message that does not echo it',
    (key) => {
      let error: unknown;
      try {
        assertTestModeKey('stripe', key);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(LiveKeyRefusedError);
      expect((error as Error).message).toMatch(/refusing a live key .*use a test-mode key/);
      expect((error as Error).message).not.toContain(key);
    },
  );

  it.each(['pk_test_51abc', 'whsec_abc', 'not-a-key', '', '   '])(
    'refuses %j for Stripe (not a test-mode secret key)',
    (key) => {
      expect(() => assertTestModeKey('stripe', key)).toThrow(LiveKeyRefusedError);
    },
  );

  it('refuses a missing key', () => {
    expect(() => assertTestModeKey('stripe', undefined)).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => assertTestModeKey('chargebee', undefined)).toThrow(/CHARGEBEE_API_KEY/);
  });

  it('accepts a Chargebee test key on a -test site and refuses live keys and live sites', () => {
    expect(() => assertTestModeKey('chargebee', 'test_abcDEF123', 'acme-test')).not.toThrow();
    expect(() => assertTestModeKey('chargebee', 'live_abcDEF123', 'acme-test')).toThrow(
      /refusing a live key/,
    );
    expect(() => assertTestModeKey('chargebee', 'test_abcDEF123', 'acme')).toThrow(/not a test site/);
    expect(() => assertTestModeKey('chargebee', 'abcDEF123', 'acme-test')).toThrow(LiveKeyRefusedError);
  });

  it.each([undefined, '', '  '])(
    'refuses a Chargebee test key without a site (%j), naming `site`',
    (site) => {
      expect(() => assertTestModeKey('chargebee', 'test_abcdefghijklmnopqrstu', site)).toThrow(
        LiveKeyRefusedError,
      );
      expect(() => assertTestModeKey('chargebee', 'test_abcdefghijklmnopqrstu', site)).toThrow(
        /no site.*`site`.*CHARGEBEE_SITE/,
      );
    },
  );
});

describe('readRecordMode (BILLBRIDGE_RECORD)', () => {
  it('is off when unset or empty', () => {
    expect(readRecordMode({})).toBeUndefined();
    expect(readRecordMode({ BILLBRIDGE_RECORD: ' ' })).toBeUndefined();
  });

  it('reads Stripe and Chargebee settings', () => {
    expect(readRecordMode({ BILLBRIDGE_RECORD: 'stripe', STRIPE_SECRET_KEY: 'sk_test_1abc' })).toEqual({
      provider: 'stripe',
      apiKey: 'sk_test_1abc',
    });
    expect(
      readRecordMode({
        BILLBRIDGE_RECORD: 'chargebee',
        CHARGEBEE_SITE: 'acme-test',
        CHARGEBEE_API_KEY: 'test_1abc',
      }),
    ).toEqual({ provider: 'chargebee', apiKey: 'test_1abc', site: 'acme-test' });
  });

  it('refuses live keys before anything is sent', () => {
    expect(() => readRecordMode({ BILLBRIDGE_RECORD: 'stripe', STRIPE_SECRET_KEY: liveStripe })).toThrow(
      LiveKeyRefusedError,
    );
    expect(() => readRecordMode({ BILLBRIDGE_RECORD: 'stripe', STRIPE_SECRET_KEY: liveRestricted })).toThrow(
      LiveKeyRefusedError,
    );
    expect(() =>
      readRecordMode({
        BILLBRIDGE_RECORD: 'chargebee',
        CHARGEBEE_SITE: 'acme-test',
        CHARGEBEE_API_KEY: 'live_x1',
      }),
    ).toThrow(LiveKeyRefusedError);
  });

  it('names a wrong provider and a missing site', () => {
    expect(() => readRecordMode({ BILLBRIDGE_RECORD: 'paypal' })).toThrow(/"stripe" or "chargebee"/);
    expect(() => readRecordMode({ BILLBRIDGE_RECORD: 'chargebee', CHARGEBEE_API_KEY: 'test_1' })).toThrow(
      /CHARGEBEE_SITE/,
    );
  });
});
