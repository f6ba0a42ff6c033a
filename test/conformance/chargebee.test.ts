import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chargebeeCapabilities, createChargebeeProvider } from '@billbridge/chargebee';
import { basicAuthHeader, createBillingClient } from '@billbridge/core';
import { type ContractScenario, describeProviderContract, playCassette } from '@billbridge/testing';
import Chargebee from 'chargebee';
import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';
import { CONTRACT_FIXTURE } from '../../packages/chargebee/test/support/author-chargebee-cassettes.js';
import { invoiceUpdatedDelivery, SITE } from '../../packages/chargebee/test/support/chargebee-fixtures.js';
import { rawValidator } from '../schemas/validate-provider-picture.js';

/**
 * The conformance suite against the Chargebee adapter on documented cassettes, one per scenario
 * (test/cassettes/chargebee/contract/<scenario>.json), for a site without and with "Void invoices
 * with credit note" (`<scenario>.with-credit-note.json` where the void's answer differs). The
 * cassette player compares every form body exactly and fails on an unused or unanswered request.
 */
const cassettes = resolve(import.meta.dirname, '../cassettes/chargebee/contract');
const KEY = 'test_billbridgeContractKey00000000000';
const WEBHOOK_AUTH = { username: 'billbridge', password: 'contract-webhook-password' };

/**
 * The webhook scenarios make no request: the delivery is the voided invoice of the void cassette
 * (its first answer) as the `invoice_updated` event Chargebee sends for a void, with the webhook's Basic auth.
 */
function voidedDelivery(voidCreatesCreditNote: boolean) {
  const name = voidCreatesCreditNote
    ? 'void-open-with-credit.with-credit-note.json'
    : 'void-open-with-credit.json';
  const cassette = JSON.parse(readFileSync(join(cassettes, name), 'utf8'));
  const body = cassette.interactions[0].response.body as { invoice: unknown; credit_note?: unknown };
  return invoiceUpdatedDelivery('ev_16BPgETyVrQbiGhA', body.invoice, basicAuthHeader(WEBHOOK_AUTH));
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

function chargebeeSetup(voidCreatesCreditNote: boolean) {
  return (scenario: ContractScenario) => {
    const webhook = scenario.startsWith('webhook-');
    const variant = join(cassettes, `${scenario}.with-credit-note.json`);
    const file = voidCreatesCreditNote && existsSync(variant) ? variant : join(cassettes, `${scenario}.json`);
    const player = webhook ? undefined : playCassette(file);
    // An injected client, as an application configures it (the SDK's retries are off by default).
    const chargebee = new Chargebee({ site: SITE, apiKey: KEY });
    const client = createBillingClient({
      provider: createChargebeeProvider({
        client: chargebee,
        voidCreatesCreditNote,
        webhookAuth: WEBHOOK_AUTH,
      }),
      retry: { maxAttempts: 1 },
    });
    return {
      client,
      fixture: { ...CONTRACT_FIXTURE },
      // Webhook scenarios: no cassette, and nock refuses any request (disableNetConnect).
      requestCount: () => player?.requests.length ?? 0,
      done: () => player?.assertDone(),
      teardown: () => player?.stop(),
      webhookDelivery: () => voidedDelivery(voidCreatesCreditNote),
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
