import { readFileSync } from 'node:fs';
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
const WEBHOOK_SECRET = 'whsec_billbridgeContractSecret000000000';

const IDS = {
  customerId: 'cus_NeZwdNtLEOXuvB',
  invoiceId: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
  otherInvoiceId: 'in_1MtGnDLkdIwHu7ixQ3xKp0aB',
  missingInvoiceId: 'in_missing',
  subscriptionId: 'sub_1MowQVLkdIwHu7ixeRlqHVzs',
};

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

/**
 * The webhook scenarios make no request: the delivery is the invoice of the void cassette
 * (`void-open-with-credit`, its first answer, in that API version's shape) as an `invoice.voided` event, signed by
 * stripe-node's own `generateTestHeaderString`.
 */
function voidedDelivery(label: string, apiVersion: string) {
  const cassette = JSON.parse(readFileSync(join(cassettes, label, 'void-open-with-credit.json'), 'utf8'));
  const payload = JSON.stringify({
    id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
    object: 'event',
    api_version: apiVersion,
    created: Math.floor(Date.now() / 1000),
    data: { object: cassette.interactions[0].response.body },
    livemode: false,
    pending_webhooks: 1,
    type: 'invoice.voided',
  });
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  return { body: payload, headers: { 'stripe-signature': header } };
}

function stripeSetup(label: string, apiVersion: string) {
  return (scenario: ContractScenario) => {
    const webhook = scenario.startsWith('webhook-');
    const player = webhook ? undefined : playCassette(join(cassettes, label, `${scenario}.json`));
    const stripe = new Stripe(KEY, { apiVersion: apiVersion as Stripe.StripeConfig['apiVersion'] });
    const client = createBillingClient({
      provider: createStripeProvider({ client: stripe, webhookSecret: WEBHOOK_SECRET }),
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
      // Webhook scenarios: no cassette, and nock refuses any request (disableNetConnect).
      requestCount: () => player?.requests.length ?? 0,
      done: () => player?.assertDone(),
      teardown: () => player?.stop(),
      webhookDelivery: () => voidedDelivery(label, apiVersion),
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
