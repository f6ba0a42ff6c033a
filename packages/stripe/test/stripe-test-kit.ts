import { join, resolve } from 'node:path';
import { type BillingClient, createBillingClient } from '@billbridge/core';
import Stripe from 'stripe';
import { createStripeProvider, type StripeProviderSettings } from '../src/index.js';

/** A made-up test key: it must never show up in an error message. */
export const TEST_KEY = 'sk_test_51BillbridgeFakeKeyDoNotLeak0000000000';

export const cassetteDir = resolve(import.meta.dirname, '../../../test/cassettes/stripe');
export const cassette = (name: string) => join(cassetteDir, name);

export const IN_OPEN = 'in_1MtGmCLkdIwHu7ix6PgS6g8S';
export const CUSTOMER = 'cus_NeZwdNtLEOXuvB';

/**
 * A Stripe client as a user might configure it, with the SDK's retries deliberately left ON
 * (2), to show the adapter turns them off per request.
 */
export function userStripe(apiVersion?: string): Stripe {
  return new Stripe(TEST_KEY, {
    ...(apiVersion !== undefined ? { apiVersion: apiVersion as Stripe.StripeConfig['apiVersion'] } : {}),
    maxNetworkRetries: 2,
  });
}

/** A billing client over the Stripe provider, retries off unless asked. */
export function stripeBilling(
  settings: Partial<StripeProviderSettings> = {},
  retry: { maxAttempts?: number } = { maxAttempts: 1 },
): BillingClient {
  const provider = createStripeProvider(
    settings.client !== undefined || settings.apiKey !== undefined
      ? (settings as StripeProviderSettings)
      : { client: userStripe(), ...settings },
  );
  return createBillingClient({ provider, retry });
}
