import * as core from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import * as billbridge from '../src/index.js';

describe('billbridge re-exports the webhook pieces of core', () => {
  it('is the same functions', () => {
    expect(billbridge.createMemoryDedupeStore).toBe(core.createMemoryDedupeStore);
    expect(billbridge.createPostgresDedupeStore).toBe(core.createPostgresDedupeStore);
    expect(billbridge.createWebhookHandler).toBe(core.createWebhookHandler);
    expect(billbridge.toNodeListener).toBe(core.toNodeListener);
    expect(billbridge.WebhookVerificationError).toBe(core.WebhookVerificationError);
    expect(billbridge.billingEventSchema).toBe(core.billingEventSchema);
  });
});

describe('the umbrella client verifies webhooks with the provider settings it is given', () => {
  it('stripe: { apiKey, webhookSecret }', async () => {
    const Stripe = (await import('stripe')).default;
    const secret = 'whsec_billbridgeUmbrellaTest0000000000';
    const billing = billbridge.createBillingClient({
      provider: 'stripe',
      stripe: { apiKey: 'sk_test_billbridgeUmbrellaNeverSent00', webhookSecret: secret },
      env: {},
    });
    const payload = JSON.stringify({
      id: 'evt_umbrella_1',
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      type: 'invoice.voided',
      data: { object: { id: 'in_1', object: 'invoice', customer: 'cus_1', currency: 'usd', status: 'void' } },
    });
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    const event = await billing.parseWebhook({ body: payload, headers: { 'stripe-signature': header } });
    expect(event).toMatchObject({ type: 'invoice.voided', invoice: { id: 'in_1', status: 'void' } });
  });
});
