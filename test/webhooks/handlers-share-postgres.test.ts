import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BillingEvent,
  createBillingClient,
  createPostgresDedupeStore,
  createWebhookHandler,
  toNodeListener,
} from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';

/**
 * Two instances of an application (two node:http servers on 127.0.0.1, each with its own pg
 * Pool) share one real PostgreSQL dedupe table; Stripe delivers the same event to both, one
 * after the other and at the same moment. `onEvent` must run once.
 */
const SECRET = 'whsec_billbridgeSharedStoreTestSecret0000';
let postgres: PostgresServer;
const servers: Server[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await postgres?.stop();
});

function stripeDelivery(eventId: string) {
  const payload = JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: 'invoice.voided',
    data: {
      object: {
        id: 'in_1MtGmCLkdIwHu7ix6PgS6g8S',
        object: 'invoice',
        customer: 'cus_NeZwdNtLEOXuvB',
        currency: 'usd',
        status: 'void',
      },
    },
  });
  return {
    body: payload,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
    },
  };
}

/** One application instance: its own client, pool and HTTP server; `onEvent` is the test's. */
async function instance(onEvent: (event: BillingEvent) => Promise<void>): Promise<string> {
  const billing = createBillingClient({
    provider: createStripeProvider({ apiKey: 'sk_test_billbridgeUnused000000', webhookSecret: SECRET }),
  });
  const dedupe = createPostgresDedupeStore({ pool: postgres.pool({ max: 2 }) });
  const server = createServer(toNodeListener(createWebhookHandler({ billing, dedupe, onEvent })));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
}

const send = (url: string, delivery: ReturnType<typeof stripeDelivery>) =>
  fetch(url, { method: 'POST', body: delivery.body, headers: delivery.headers });

describe('two handlers sharing the Postgres dedupe store', () => {
  const handled: string[] = [];
  let fail = false;
  const onEvent = async (event: BillingEvent) => {
    // Long enough for the other instance's delivery to arrive while this one is in flight.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (fail) throw new Error('the application failed');
    handled.push(event.id);
  };
  let urls: string[] = [];
  beforeAll(async () => {
    urls = [await instance(onEvent), await instance(onEvent)];
  });

  it('the same event delivered twice, one after the other: onEvent ran once', async () => {
    const delivery = stripeDelivery('evt_sequential_1');
    const first = await send(urls[0]!, delivery);
    const second = await send(urls[1]!, delivery);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    expect(handled.filter((id) => id === 'evt_sequential_1')).toHaveLength(1);
  });

  it('the same event delivered to both at the same moment: onEvent ran once, the other answered 409', async () => {
    const delivery = stripeDelivery('evt_concurrent_1');
    const responses = await Promise.all(urls.map((url) => send(url, delivery)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(handled.filter((id) => id === 'evt_concurrent_1')).toHaveLength(1);
    // Stripe's retry of the 409 finds it handled.
    const retry = await send(urls[1]!, delivery);
    expect(await retry.json()).toEqual({ received: true, duplicate: true });
    expect(handled.filter((id) => id === 'evt_concurrent_1')).toHaveLength(1);
  });

  it('when onEvent fails, the retry (on either instance) is handled', async () => {
    const delivery = stripeDelivery('evt_failing_1');
    fail = true;
    const responses = await Promise.all(urls.map((url) => send(url, delivery)));
    expect(responses.map((response) => response.status).sort()).toEqual([409, 500]);
    fail = false;
    const retry = await send(urls[1]!, delivery);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ received: true });
    expect(handled.filter((id) => id === 'evt_failing_1')).toHaveLength(1);
  });

  it('a forged delivery is answered 400 and never reaches onEvent', async () => {
    const delivery = stripeDelivery('evt_forged_1');
    const forged = await send(urls[0]!, { ...delivery, body: delivery.body.replace('"void"', '"paid"') });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { message: string }).message).toContain('signature does not match');
    expect(handled).not.toContain('evt_forged_1');
  });
});
