import { createChargebeeProvider } from '@billbridge/chargebee';
import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHARGEBEE_SITE, chargebeeDialect, fakeProviderApi } from './fake-provider-api.js';
import { cellFor, faults } from './fault-matrix.js';
import { abortScenarios, expectPersistentRun, expectTransientRun } from './fault-run.js';
import { runProviderFault } from './provider-fault-run.js';

beforeAll(() => nock.disableNetConnect());

const INVOICE = '2001';

/** The Chargebee adapter over chargebee v3 (fetch) with a 50 ms timeout; the SDK's retries are off. */
const makeProvider = () =>
  createChargebeeProvider({ site: CHARGEBEE_SITE, apiKey: 'test_reliabilityFakeKey0000', timeoutMs: 50 });

describe('fault matrix: Chargebee adapter over chargebee v3 (fetch), nock', () => {
  for (const fault of faults) {
    it(`${fault.label}: bounded attempts, one chargebee-idempotency-key, the matrix's result, voided at most once`, async () => {
      const cell = cellFor('chargebee', fault.id);
      const persistent = await runProviderFault(chargebeeDialect, makeProvider, INVOICE, fault, 100);
      expect(persistent.api.unmatched).toEqual([]);
      expectPersistentRun(cell, fault, persistent);
      expect(persistent.api.voids()).toBeLessThanOrEqual(1);

      const transient = await runProviderFault(chargebeeDialect, makeProvider, INVOICE, fault, 1);
      expect(transient.api.unmatched).toEqual([]);
      expectTransientRun(cell, transient);
    });
  }
});

describe('abort: Chargebee adapter', () => {
  let api: ReturnType<typeof fakeProviderApi> | undefined;
  abortScenarios(async () => {
    api?.stop();
    const current = fakeProviderApi(chargebeeDialect, {
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
