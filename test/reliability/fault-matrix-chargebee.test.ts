import { createChargebeeProvider } from '@billbridge/chargebee';
import nock from 'nock';
import { beforeAll } from 'vitest';
import { describeAdapterFaultMatrix } from './describe-adapter-fault-matrix.js';
import { CHARGEBEE_SITE, chargebeeDialect } from './fake-provider-api.js';

beforeAll(() => nock.disableNetConnect());

describeAdapterFaultMatrix({
  provider: 'chargebee',
  label: 'Chargebee adapter over chargebee v3 (fetch)',
  keyHeader: 'chargebee-idempotency-key',
  dialect: chargebeeDialect,
  invoiceId: '2001',
  /** The Chargebee adapter with a 150 ms timeout; the SDK's retries are off. */
  makeProvider: () =>
    createChargebeeProvider({ site: CHARGEBEE_SITE, apiKey: 'test_reliabilityFakeKey0000', timeoutMs: 150 }),
});
