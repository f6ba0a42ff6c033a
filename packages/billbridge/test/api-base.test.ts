import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { createChargebeeProvider } from '@billbridge/chargebee';
import { createStripeProvider } from '@billbridge/stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invoice } from '../../chargebee/test/support/chargebee-fixtures.js';
import {
  CHARGEBEE_SITE_HEADER,
  createBillingClient,
  type LazyProvider,
  ValidationError,
} from '../src/index.js';

/** Recognizable keys: neither may appear in any inspect output or error. */
const STRIPE_KEY = 'sk_test_INSPECTME4242stripeSecretValue';
const CHARGEBEE_KEY = 'test_INSPECTME4242chargebeeSecretValue';

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A loopback server that answers like Stripe (`/v1/…`) and Chargebee (`/api/v2/…`) for a few calls. */
let server: Server;
let apiBase: string;
const seen: SeenRequest[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    const path = (request.url ?? '').split('?')[0];
    const reply = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_loopback' });
      response.end(JSON.stringify(body));
    };
    if (path === '/v1/customers/cus_loop') {
      return reply({ id: 'cus_loop', object: 'customer', balance: -500, currency: 'usd' });
    }
    if (path === '/api/v2/customers/cust_loop') {
      return reply({
        customer: { id: 'cust_loop', preferred_currency_code: 'USD', promotional_credits: 700 },
      });
    }
    if (path === '/api/v2/invoices/inv_loop/void') {
      return reply({ invoice: invoice({ id: 'inv_loop', customerId: 'cust_loop', status: 'voided' }) });
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

beforeEach(() => {
  seen.length = 0;
});

function basicUser(headers: IncomingHttpHeaders): string {
  const token = (headers.authorization ?? '').replace(/^Basic /, '');
  return Buffer.from(token, 'base64').toString('utf8').split(':')[0] ?? '';
}

function deepInspect(value: unknown): string {
  return inspect(value, { depth: Infinity, showHidden: true, getters: false });
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('apiBase: the SDKs really send there', () => {
  it('Stripe: stripe-node gets host, port and protocol from apiBase (config)', async () => {
    const billing = createBillingClient({ provider: 'stripe', stripe: { apiKey: STRIPE_KEY, apiBase } });
    const balance = await billing.getCustomerBalance('cus_loop');
    expect(balance.credit).toBe(500);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v1/customers/cus_loop' });
    expect(seen[0]?.headers.host).toBe(new URL(apiBase).host);
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${STRIPE_KEY}`);
  });

  it('Stripe: BILLBRIDGE_STRIPE_API_BASE does the same from the environment', async () => {
    const billing = createBillingClient({
      env: {
        BILLBRIDGE_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: STRIPE_KEY,
        BILLBRIDGE_STRIPE_API_BASE: apiBase,
      },
    });
    expect((await billing.getCustomerBalance('cus_loop')).credit).toBe(500);
    expect(seen.map((request) => request.url)).toEqual(['/v1/customers/cus_loop']);
  });

  it('Chargebee: the SDK sends to apiBase; the site name travels in a header on reads and writes', async () => {
    const billing = createBillingClient({
      provider: 'chargebee',
      chargebee: { site: 'acme-test', apiKey: CHARGEBEE_KEY, apiBase },
    });
    expect((await billing.getCustomerBalance('cust_loop')).credit).toBe(700);
    const voided = await billing.voidInvoice('inv_loop', { idempotencyKey: 'key-1' });
    expect(voided.invoice.status).toBe('void');
    expect(seen.map((request) => `${request.method} ${request.url.split('?')[0]}`)).toEqual([
      'GET /api/v2/customers/cust_loop',
      'POST /api/v2/invoices/inv_loop/void',
    ]);
    for (const request of seen) {
      expect(request.headers.host).toBe(new URL(apiBase).host);
      expect(request.headers[CHARGEBEE_SITE_HEADER]).toBe('acme-test');
      expect(basicUser(request.headers)).toBe(CHARGEBEE_KEY);
    }
    // The read must not have turned the header into a query parameter.
    expect(seen[0]?.url).not.toContain('acme-test');
    expect(seen[1]?.headers['chargebee-idempotency-key']).toBe('key-1');
  });

  it('Chargebee: BILLBRIDGE_CHARGEBEE_API_BASE from the environment', async () => {
    const billing = createBillingClient({
      env: {
        BILLBRIDGE_PROVIDER: 'chargebee',
        CHARGEBEE_SITE: 'other-test',
        CHARGEBEE_API_KEY: CHARGEBEE_KEY,
        BILLBRIDGE_CHARGEBEE_API_BASE: apiBase,
      },
    });
    expect((await billing.getCustomerBalance('cust_loop')).credit).toBe(700);
    expect(seen[0]?.headers[CHARGEBEE_SITE_HEADER]).toBe('other-test');
  });

  it('the adapters take apiBase directly too', async () => {
    const stripe = createStripeProvider({ apiKey: STRIPE_KEY, apiBase });
    await stripe.doGetCustomerBalance('cus_loop', {}, { attempt: 1 });
    const chargebee = createChargebeeProvider({ site: 'acme-test', apiKey: CHARGEBEE_KEY, apiBase });
    await chargebee.doGetCustomerBalance('cust_loop', {}, { attempt: 1 });
    expect(seen.map((request) => request.url.split('?')[0])).toEqual([
      '/v1/customers/cus_loop',
      '/api/v2/customers/cust_loop',
    ]);
  });
});

describe('live keys stay with the provider', () => {
  const liveStripe = ['sk', 'live', 'INSPECTME4242liveStripeValue'].join('_'); // assembled so no committed line looks like a live key
  const liveChargebee = 'live_INSPECTME4242liveChargebeeValue';
  // The table is built before beforeAll runs: a fixed loopback URL (nothing listens on it).
  const elsewhere = 'http://127.0.0.1:12111';

  it.each([
    ['config', { provider: 'stripe', stripe: { apiKey: liveStripe, apiBase: elsewhere } }, 'stripe.apiBase'],
    [
      'restricted key',
      { provider: 'stripe', stripe: { apiKey: 'rk_live_x1', apiBase: elsewhere } },
      'stripe.apiBase',
    ],
    [
      'host setting',
      { provider: 'stripe', stripe: { apiKey: liveStripe, host: '127.0.0.1' } },
      'stripe.host',
    ],
    [
      'environment',
      {
        env: {
          BILLBRIDGE_PROVIDER: 'stripe',
          STRIPE_SECRET_KEY: liveStripe,
          BILLBRIDGE_STRIPE_API_BASE: elsewhere,
        },
      },
      'BILLBRIDGE_STRIPE_API_BASE',
    ],
    [
      'chargebee config',
      { provider: 'chargebee', chargebee: { site: 'acme', apiKey: liveChargebee, apiBase: elsewhere } },
      'chargebee.apiBase',
    ],
    [
      'chargebee environment',
      {
        env: {
          BILLBRIDGE_PROVIDER: 'chargebee',
          CHARGEBEE_SITE: 'acme',
          CHARGEBEE_API_KEY: liveChargebee,
          BILLBRIDGE_CHARGEBEE_API_BASE: elsewhere,
        },
      },
      'BILLBRIDGE_CHARGEBEE_API_BASE',
    ],
  ])('a live key with another host is refused (%s), naming the setting, never the key', (_, config, path) => {
    const error = thrown(() => createBillingClient(config as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).path).toBe(path);
    expect((error as Error).message).toMatch(/live key/);
    for (const text of [String(error), JSON.stringify(error), deepInspect(error)]) {
      expect(text).not.toContain('INSPECTME');
    }
    expect(seen).toHaveLength(0);
  });

  it("a live key with the provider's own host is accepted", () => {
    expect(() =>
      createBillingClient({
        provider: 'stripe',
        stripe: { apiKey: liveStripe, apiBase: 'https://api.stripe.com' },
      }),
    ).not.toThrow();
    expect(() =>
      createBillingClient({
        provider: 'chargebee',
        chargebee: { site: 'acme', apiKey: liveChargebee, apiBase: 'https://acme.chargebee.com' },
      }),
    ).not.toThrow();
    expect(() => createStripeProvider({ apiKey: liveStripe, apiBase })).toThrow(/live key/);
    expect(() => createChargebeeProvider({ site: 'acme', apiKey: liveChargebee, apiBase })).toThrow(
      /live key/,
    );
  });

  it.each([
    'ftp://127.0.0.1:1',
    'http://user:pw@127.0.0.1:1',
    'http://127.0.0.1:1/v1',
    'http://127.0.0.1:1/?x=1',
    '127.0.0.1:1',
  ])('apiBase %s is refused', (bad) => {
    const error = thrown(() =>
      createBillingClient({ provider: 'stripe', stripe: { apiKey: STRIPE_KEY, apiBase: bad } }),
    );
    expect((error as ValidationError).path).toBe('stripe.apiBase');
  });

  it('apiBase and host/port/protocol do not mix', () => {
    expect(() => createStripeProvider({ apiKey: STRIPE_KEY, apiBase, port: 1 })).toThrow(/not both/);
    expect(() =>
      createChargebeeProvider({ site: 'a', apiKey: CHARGEBEE_KEY, apiBase, hostSuffix: '' }),
    ).toThrow(/not both/);
  });
});

describe('no key through util.inspect (depth Infinity, showHidden)', () => {
  it('Stripe: the umbrella client, its lazy provider once loaded, and the adapter', async () => {
    const billing = createBillingClient({ provider: 'stripe', stripe: { apiKey: STRIPE_KEY, apiBase } });
    expect(deepInspect(billing)).not.toContain('INSPECTME');
    await billing.getCustomerBalance('cus_loop');
    const lazy = billing.providerInstance as LazyProvider;
    expect(lazy.loaded).toBe(true);
    const loaded = await lazy.loadProvider();
    for (const value of [billing, lazy, loaded]) {
      const text = deepInspect(value);
      expect(text).not.toContain('INSPECTME');
      expect(text).toContain('stripe');
    }
    // The SDK client is still there for whoever asks for it, just not enumerable.
    const adapter = createStripeProvider({ apiKey: STRIPE_KEY, apiBase });
    expect(adapter.client).toBeDefined();
    expect(Object.keys(adapter)).not.toContain('client');
    expect(JSON.stringify(Object.entries(adapter).map(([key]) => key))).not.toContain('client');
    expect(deepInspect(adapter)).toContain('[client: not shown, it holds the API key]');
    expect(deepInspect({ ...adapter })).not.toContain('INSPECTME');
    // The control: the SDK client itself does hold the key where inspect would find it.
    expect(deepInspect(adapter.client)).toContain('INSPECTME');
  });

  it('Chargebee: the umbrella client, its lazy provider once loaded, and the adapter', async () => {
    const billing = createBillingClient({
      provider: 'chargebee',
      chargebee: { site: 'acme-test', apiKey: CHARGEBEE_KEY, apiBase },
    });
    await billing.getCustomerBalance('cust_loop');
    const loaded = await (billing.providerInstance as LazyProvider).loadProvider();
    for (const value of [billing, billing.providerInstance, loaded]) {
      expect(deepInspect(value)).not.toContain('INSPECTME');
    }
    const adapter = createChargebeeProvider({ site: 'acme-test', apiKey: CHARGEBEE_KEY });
    expect(deepInspect(adapter)).not.toContain('INSPECTME');
    expect(deepInspect({ ...adapter })).not.toContain('INSPECTME');
    expect(deepInspect(adapter.client)).toContain('INSPECTME');
  });
});
