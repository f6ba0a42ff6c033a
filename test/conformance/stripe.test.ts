import { join, resolve } from 'node:path';
import { createBillingClient } from '@billbridge/core';
import { createStripeProvider, stripeCapabilities } from '@billbridge/stripe';
import { type ContractScenario, describeProviderContract, playCassette } from '@billbridge/testing';
import nock from 'nock';
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { rawValidator } from '../schemas/validate-provider-picture.js';

/**
 * The conformance suite against the Stripe adapter on documented cassettes, one per scenario
 * (test/cassettes/stripe/contract/<version>/<scenario>.json), on the SDK's default API version and
 * on 2019-11-05 (the other side of the 2019-12-03 balance boundary).
 */
const cassettes = resolve(import.meta.dirname, '../cassettes/stripe/contract');
const KEY = 'sk_test_billbridgeContractKey0000000000';

const IDS = {
  customerId: 'cus_NeZwdNtLEOXuvB',
  invoiceId: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
  otherInvoiceId: 'in_1MtGnDLkdIwHu7ixQ3xKp0aB',
  missingInvoiceId: 'in_missing',
  subscriptionId: 'sub_1MowQVLkdIwHu7ixeRlqHVzs',
};

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

function stripeSetup(label: string, apiVersion: string) {
  return (scenario: ContractScenario) => {
    const player = playCassette(join(cassettes, label, `${scenario}.json`));
    const stripe = new Stripe(KEY, { apiVersion: apiVersion as Stripe.StripeConfig['apiVersion'] });
    const client = createBillingClient({
      provider: createStripeProvider({ client: stripe }),
      retry: { maxAttempts: 1 },
    });
    return {
      client,
      fixture: {
        customerId: IDS.customerId,
        invoiceId: scenario === 'not-found' ? IDS.missingInvoiceId : IDS.invoiceId,
        otherInvoiceId: IDS.otherInvoiceId,
        subscriptionId: IDS.subscriptionId,
      },
      requestCount: () => player.requests.length,
      done: () => player.assertDone(),
      teardown: () => player.stop(),
    };
  };
}

for (const [label, apiVersion] of [
  ['2026-10-28', Stripe.API_VERSION],
  ['2019-11-05', '2019-11-05'],
] as const) {
  describeProviderContract({
    name: `stripe ${apiVersion} (documented cassettes)`,
    setup: stripeSetup(label, apiVersion),
    capabilities: stripeCapabilities(apiVersion),
    // The adapter's raw is Stripe's response: judged by the schema of the version it was made with.
    validateRaw: rawValidator({ provider: 'stripe', apiVersion }),
  });
}
