import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chargebeeCapabilities, createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient } from '@billbridge/core';
import { type ContractScenario, describeProviderContract, playCassette } from '@billbridge/testing';
import Chargebee from 'chargebee';
import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';
import { CONTRACT_FIXTURE } from '../../packages/chargebee/test/support/author-chargebee-cassettes.js';
import { SITE } from '../../packages/chargebee/test/support/chargebee-fixtures.js';
import { rawValidator } from '../schemas/validate-provider-picture.js';

/**
 * The conformance suite against the Chargebee adapter on documented cassettes, one per scenario
 * (test/cassettes/chargebee/contract/<scenario>.json), for a site without and with "Void invoices
 * with credit note" (`<scenario>.with-credit-note.json` where the void's answer differs). The
 * cassette player compares every form body exactly and fails on an unused or unanswered request.
 */
const cassettes = resolve(import.meta.dirname, '../cassettes/chargebee/contract');
const KEY = 'test_billbridgeContractKey00000000000';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

function chargebeeSetup(voidCreatesCreditNote: boolean) {
  return (scenario: ContractScenario) => {
    const variant = join(cassettes, `${scenario}.with-credit-note.json`);
    const file = voidCreatesCreditNote && existsSync(variant) ? variant : join(cassettes, `${scenario}.json`);
    const player = playCassette(file);
    // An injected client, as an application configures it (the SDK's retries are off by default).
    const chargebee = new Chargebee({ site: SITE, apiKey: KEY });
    const client = createBillingClient({
      provider: createChargebeeProvider({ client: chargebee, voidCreatesCreditNote }),
      retry: { maxAttempts: 1 },
    });
    return {
      client,
      fixture: { ...CONTRACT_FIXTURE },
      requestCount: () => player.requests.length,
      done: () => player.assertDone(),
      teardown: () => player.stop(),
    };
  };
}

for (const voidCreatesCreditNote of [false, true]) {
  describeProviderContract({
    name: `chargebee v2 (documented cassettes, voidCreatesCreditNote: ${voidCreatesCreditNote})`,
    setup: chargebeeSetup(voidCreatesCreditNote),
    capabilities: chargebeeCapabilities({ voidCreatesCreditNote }),
    // The adapter's raw is Chargebee's response: judged by the v2 schema.
    validateRaw: rawValidator({ provider: 'chargebee', apiVersion: 'v2' }),
  });
}
