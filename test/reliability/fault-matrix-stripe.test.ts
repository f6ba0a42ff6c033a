import { createStripeProvider } from '@billbridge/stripe';
import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeProviderApi, stripeDialect } from './fake-provider-api.js';
import { cellFor, faults } from './fault-matrix.js';
import { abortScenarios, expectPersistentRun, expectTransientRun } from './fault-run.js';
import { runProviderFault } from './provider-fault-run.js';

beforeAll(() => nock.disableNetConnect());

const INVOICE = 'in_1MtGmCLkdIwHu7ix6PgS6g8S';
const KEY = 'sk_test_51ReliabilityFakeKey000000000000';

/**
 * The Stripe adapter over stripe-node with a 50 ms timeout (SDK retries are off in the adapter).
 * stripe-node still retries a closed connection once on its own, after a real sleep of at least
 * 0.5 s; the test makes that sleep 0 so no test waits for real (the retry itself still happens).
 */
const makeProvider = () => {
  const provider = createStripeProvider({ apiKey: KEY, timeout: 50 });
  (provider.client as unknown as { getInitialNetworkRetryDelay: () => number }).getInitialNetworkRetryDelay =
    () => 0;
  return provider;
};

describe('fault matrix: Stripe adapter over stripe-node, nock', () => {
  for (const fault of faults) {
    it(`${fault.label}: bounded attempts, one Idempotency-Key, the matrix's result, voided at most once`, async () => {
      const cell = cellFor('stripe', fault.id);
      const persistent = await runProviderFault(stripeDialect, makeProvider, INVOICE, fault, 100);
      expect(persistent.api.unmatched).toEqual([]);
      expectPersistentRun(cell, fault, persistent);
      expect(persistent.api.voids()).toBeLessThanOrEqual(1);

      const transient = await runProviderFault(stripeDialect, makeProvider, INVOICE, fault, 1);
      expect(transient.api.unmatched).toEqual([]);
      expectTransientRun(cell, transient);
    });
  }
});

describe('abort: Stripe adapter', () => {
  let api: ReturnType<typeof fakeProviderApi> | undefined;
  abortScenarios(async () => {
    api?.stop();
    const current = fakeProviderApi(stripeDialect, {
      invoiceId: INVOICE,
      plan: () => faults.find((f) => f.id === '503'),
    });
    api = current;
    return {
      provider: makeProvider(),
      invoiceId: INVOICE,
      failAlways: () => {},
      voidAttempts: () => current.voidRequests().length,
    };
  });
});
