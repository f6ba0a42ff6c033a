import type { RecordProvider } from '@billbridge/testing';

const SUBSCRIPTION_SETUP =
  'its setup creates a product (POST /v1/products, an endpoint the emulator does not cover) and a ' +
  'send_invoice subscription (collection_method and days_until_due, which the emulator does not model on subscriptions)';

const ANY_TEST_KEY =
  'the emulator takes every test-mode key, so no key is unknown to it and the 401 of an unknown key cannot be had';

/**
 * The recordable cassettes that cannot be recorded from the billbridge emulator, and why (all the
 * others can: `record-from-emulator.test.ts` records each and checks that these still fail, so
 * the list shrinks when the emulator grows).
 */
export const notRecordableFromEmulator: Record<
  RecordProvider,
  Readonly<Record<string, { reason: string /** What the failed recording says. */; symptom: RegExp }>>
> = {
  stripe: {
    'authentication-401.json': { reason: ANY_TEST_KEY, symptom: /failed another way: NotFoundError/ },
    'invoice-subscription.json': { reason: SUBSCRIPTION_SETUP, symptom: /POST: \/v1\/products/ },
    'subscription-balance-settings-2019-11-05.json': {
      reason: SUBSCRIPTION_SETUP,
      symptom: /POST: \/v1\/products/,
    },
    'contract/2019-11-05/subscription-balance-settings.json': {
      reason: SUBSCRIPTION_SETUP,
      symptom: /POST: \/v1\/products/,
    },
  },
  chargebee: {
    'void-unauthorized.json': { reason: ANY_TEST_KEY, symptom: /failed another way: NotFoundError/ },
  },
};

/** Why the emulator cannot record `cassette`, or `undefined` when it can. */
export function emulatorSkipReason(provider: RecordProvider, cassette: string): string | undefined {
  return notRecordableFromEmulator[provider][cassette]?.reason;
}

/** The test-mode keys `pnpm record --emulator` uses when none is set (the emulator takes any). */
export const EMULATOR_RECORDING_KEYS = {
  stripe: 'sk_test_billbridgeRecordFromEmulator',
  chargebee: 'test_billbridgeRecordFromEmulator',
} as const;
