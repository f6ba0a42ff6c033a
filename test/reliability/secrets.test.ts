import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { createChargebeeProvider } from '@billbridge/chargebee';
import { type BillingClient, createBillingClient, isBillingError } from '@billbridge/core';
import { createStripeProvider } from '@billbridge/stripe';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findCredentials } from './find-credentials.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Made-up secrets, long and distinctive so any leak is found verbatim. */
const STRIPE_KEY = 'sk_test_51SecretLeakCanary9f8e7d6c5b4a3210ZZZ';
const STRIPE_WEBHOOK_SECRET = 'whsec_LeakCanaryWebhookSecret0123456789abcdef';
const CHARGEBEE_KEY = 'test_LeakCanaryChargebeeKey0123456789abcdefXYZ';
const CHARGEBEE_SITE = 'billbridge-secrets-test';

/** Every form a secret could take in output: verbatim, in a Basic or Bearer header, base64. */
function secretForms(secret: string): string[] {
  return [
    secret,
    Buffer.from(`${secret}:`).toString('base64'),
    Buffer.from(secret).toString('base64'),
    `Bearer ${secret}`,
    encodeURIComponent(secret),
  ];
}

/** The secrets each adapter holds or could be shown (Chargebee does not sign webhooks: no webhook secret). */
const secretsOf = {
  stripe: [STRIPE_KEY, STRIPE_WEBHOOK_SECRET].flatMap(secretForms),
  chargebee: [CHARGEBEE_KEY].flatMap(secretForms),
};

/** Everything a user could print or serialize from an error. */
function renderings(error: unknown): Record<string, string> {
  const err = error as Error;
  return {
    message: String(err.message),
    stack: String(err.stack),
    string: String(err),
    json: JSON.stringify(err),
    inspect: inspect(err, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
    inspectDefault: inspect(err),
  };
}

function expectNoSecrets(error: unknown, where: string, secrets: readonly string[]) {
  expect(isBillingError(error), `${where}: a BillingError`).toBe(true);
  for (const [form, text] of Object.entries(renderings(error))) {
    for (const secret of secrets) {
      if (text.includes(secret)) {
        if (process.env.DEBUG_SECRETS) {
          const at = text.indexOf(secret);
          console.log(where, form, JSON.stringify(text.slice(Math.max(0, at - 1500), at + 80)));
        }
        throw new Error(`${where}: ${form} of the error contains a secret (${secret.slice(0, 12)}…)`);
      }
    }
    // No Authorization header value, whatever its form.
    expect(text).not.toMatch(/authorization['"]?\s*[:=]\s*['"]?(?:basic|bearer)\s+(?!\[redacted\])\S/i);
  }
}

type Failure = 'unauthorized' | 'network' | 'server-error' | 'echoing-400';

/** Answers every request to `origin` with the failure. Bodies echo the secrets, as a hostile or buggy proxy might. */
function failEverything(origin: string, failure: Failure, provider: 'stripe' | 'chargebee') {
  const echo =
    provider === 'stripe'
      ? `Invalid API Key provided: ${STRIPE_KEY} (webhook ${STRIPE_WEBHOOK_SECRET}, Bearer ${STRIPE_KEY})`
      : `key ${CHARGEBEE_KEY}, Authorization: Basic ${Buffer.from(`${CHARGEBEE_KEY}:`).toString('base64')}`;
  const body = (status: number, code: string) =>
    provider === 'stripe'
      ? {
          error: {
            type: status === 401 ? 'invalid_request_error' : 'api_error',
            message: `${code}: ${echo}`,
          },
        }
      : { message: `${code}: ${echo}`, type: 'untyped', api_error_code: code, http_status_code: status };
  for (const method of ['GET', 'POST']) {
    const interceptor = nock(origin)
      .persist()
      .intercept(() => true, method);
    if (failure === 'network') {
      interceptor.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    } else if (failure === 'unauthorized') {
      interceptor.reply(401, body(401, 'api_authentication_failed'), { 'content-type': 'application/json' });
    } else if (failure === 'server-error') {
      interceptor.reply(500, body(500, 'internal_error'), { 'content-type': 'application/json' });
    } else {
      interceptor.reply(400, body(400, 'param_wrong_value'), { 'content-type': 'application/json' });
    }
  }
}

const calls: [string, (client: BillingClient) => Promise<unknown>][] = [
  ['voidInvoice', (c) => c.voidInvoice('in_secret1', { reasonCode: 'duplicate' })],
  ['getInvoice', (c) => c.getInvoice('in_secret1')],
  ['checkVoidable', (c) => c.checkVoidable('in_secret1')],
  ['createCreditNote', (c) => c.createCreditNote({ invoiceId: 'in_secret1', amount: 100 })],
  ['getCreditNote', (c) => c.getCreditNote('cn_secret1')],
  ['listCreditNotes', (c) => c.listCreditNotes({ invoiceId: 'in_secret1' })],
  ['voidCreditNote', (c) => c.voidCreditNote('cn_secret1')],
  ['getCustomerBalance', (c) => c.getCustomerBalance('cus_secret1')],
  ['reverseInvoice', (c) => c.reverseInvoice('in_secret1')],
];

const providers = {
  stripe: {
    origin: 'https://api.stripe.com',
    make: () => {
      const provider = createStripeProvider({ apiKey: STRIPE_KEY });
      // stripe-node's own closed-connection retry sleeps for real; not under test here.
      (
        provider.client as unknown as { getInitialNetworkRetryDelay: () => number }
      ).getInitialNetworkRetryDelay = () => 0;
      return provider;
    },
  },
  chargebee: {
    origin: `https://${CHARGEBEE_SITE}.chargebee.com`,
    make: () => createChargebeeProvider({ site: CHARGEBEE_SITE, apiKey: CHARGEBEE_KEY }),
  },
} as const;

describe('secrets never appear in errors (message, stack, JSON, util.inspect with cause at any depth)', () => {
  for (const [name, setup] of Object.entries(providers)) {
    for (const failure of ['unauthorized', 'network', 'server-error', 'echoing-400'] as const) {
      it(`${name}: ${failure} on every client method`, async () => {
        failEverything(setup.origin, failure, name as 'stripe' | 'chargebee');
        const client = createBillingClient({ provider: setup.make(), retry: { maxAttempts: 1 } });
        for (const [method, call] of calls) {
          const error = await call(client).then(
            () => undefined,
            (caught: unknown) => caught,
          );
          expectNoSecrets(error, `${name} ${failure} ${method}`, secretsOf[name as 'stripe' | 'chargebee']);
        }
      });
    }
  }

  it('the checker finds a secret hidden in a cause (so the tests above can fail)', () => {
    const leaky = Object.assign(
      new Error('outer', {
        cause: { deep: { header: `Basic ${Buffer.from(`${CHARGEBEE_KEY}:`).toString('base64')}` } },
      }),
      {
        [Symbol.for('billbridge.error')]: true,
      },
    );
    expect(() => expectNoSecrets(leaky, 'canary', secretsOf.chargebee)).toThrow(/inspect/);
  });
});

function cassetteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? cassetteFiles(path) : path.endsWith('.json') ? [path] : [];
  });
}

describe('cassettes hold no credentials', () => {
  const root = resolve(import.meta.dirname, '../cassettes');
  const files = cassetteFiles(root);

  it('there are cassettes to scan', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('no sk_/rk_ keys other than masked placeholders, no Chargebee live_/test_ keys, no Authorization headers, no webhook secrets', () => {
    const leaks = files.flatMap((file) =>
      findCredentials(readFileSync(file, 'utf8')).map((found) => `${file}: ${found}`),
    );
    expect(leaks).toEqual([]);
  });

  it('the scanner catches each kind (so the scan can fail)', () => {
    const sample = JSON.stringify({
      request: { headers: { Authorization: 'Basic dGVzdF9hYmNkZWZnaGlqa2xtbm9wcXJzdA==' } },
      body: `sk_live_51Abc rk_test_9xyz test_AbCdEfGhIjKlMnOpQrStUv whsec_abc123 sk_test_********1234`,
    });
    const found = findCredentials(sample);
    expect(found).toEqual(
      expect.arrayContaining([
        'sk_live_51Abc',
        'rk_test_9xyz',
        'test_AbCdEfGhIjKlMnOpQrStUv',
        'whsec_abc123',
        '"Authorization":',
      ]),
    );
    expect(found).not.toContain('sk_test_********1234');
  });
});
