import nock from 'nock';
import { beforeAll } from 'vitest';
import { describeAdapterFaultMatrix } from './describe-adapter-fault-matrix.js';
import { stripeDialect } from './fake-provider-api.js';
import { matrixStripeProvider } from './matrix-adapters.js';
import { nockFaultSource } from './nock-fault-source.js';

beforeAll(() => nock.disableNetConnect());

const KEY = 'sk_test_51ReliabilityFakeKey000000000000';

describeAdapterFaultMatrix({
  provider: 'stripe',
  label: 'Stripe adapter over stripe-node',
  keyHeader: 'Idempotency-Key',
  source: nockFaultSource(stripeDialect, () => matrixStripeProvider(KEY), 'in_1MtGmCLkdIwHu7ix6PgS6g8S'),
});
