import { createStripeProvider } from '@billbridge/stripe';
import nock from 'nock';
import { beforeAll } from 'vitest';
import { describeAdapterFaultMatrix } from './describe-adapter-fault-matrix.js';
import { stripeDialect } from './fake-provider-api.js';

beforeAll(() => nock.disableNetConnect());

const KEY = 'sk_test_51ReliabilityFakeKey000000000000';

describeAdapterFaultMatrix({
  provider: 'stripe',
  label: 'Stripe adapter over stripe-node',
  keyHeader: 'Idempotency-Key',
  dialect: stripeDialect,
  invoiceId: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
  /**
   * The Stripe adapter with a 150 ms timeout (SDK retries are off in the adapter). stripe-node still
   * retries a closed connection once on its own, after a real sleep of at least 0.5 s; the test
   * makes that sleep 0 so no test waits for real (the retry itself still happens).
   */
  makeProvider: () => {
    const provider = createStripeProvider({ apiKey: KEY, timeout: 150 });
    (
      provider.client as unknown as { getInitialNetworkRetryDelay: () => number }
    ).getInitialNetworkRetryDelay = () => 0;
    return provider;
  },
});
