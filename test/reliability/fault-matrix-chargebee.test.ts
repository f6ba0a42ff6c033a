import nock from 'nock';
import { beforeAll } from 'vitest';
import { describeAdapterFaultMatrix } from './describe-adapter-fault-matrix.js';
import { CHARGEBEE_SITE, chargebeeDialect } from './fake-provider-api.js';
import { matrixChargebeeProvider } from './matrix-adapters.js';
import { nockFaultSource } from './nock-fault-source.js';

beforeAll(() => nock.disableNetConnect());

describeAdapterFaultMatrix({
  provider: 'chargebee',
  label: 'Chargebee adapter over chargebee v3 (fetch)',
  keyHeader: 'chargebee-idempotency-key',
  source: nockFaultSource(
    chargebeeDialect,
    () => matrixChargebeeProvider(CHARGEBEE_SITE, 'test_reliabilityFakeKey0000'),
    '2001',
  ),
});
