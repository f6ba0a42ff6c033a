import { describe, expect, it, onTestFinished } from 'vitest';
import type { Cassette } from '../src/cassette.js';
import { recordingsToCassette, scrubCassette } from '../src/record/index.js';
import { createStringScrubber } from '../src/record/scrub-cassette.js';

const STRIPE_KEY = 'sk_test_51ScrubMeNow000000000000000000';
const CHARGEBEE_KEY = 'test_ScrubMeChargebeeKey00000000';
const SITE = 'acme-corp-test';

function stripeRecording(): Cassette {
  return {
    meta: {
      provider: 'stripe',
      apiVersion: '2026-10-28.endive',
      sdkVersion: 'stripe@23.1.0',
      source: 'recorded',
      origin: 'https://api.stripe.com',
    },
    interactions: [
      {
        request: {
          method: 'POST',
          path: '/v1/invoices/in_1/void',
          body: { 'metadata[note]': `contact ada@lovelace.dev about acct_1M2JTkLkdIwHu7ix` },
          headers: {
            authorization: `Bearer ${STRIPE_KEY}`,
            'stripe-version': '2026-10-28.endive',
            'idempotency-key': '*',
            'stripe-account': 'acct_1M2JTkLkdIwHu7ix',
            cookie: 'session=abc',
          },
        },
        response: {
          status: 200,
          headers: {
            'request-id': 'req_1',
            'set-cookie': 'x=1',
            'content-type': 'application/json',
            'stripe-account': 'acct_1M2JTkLkdIwHu7ix',
          },
          body: {
            id: 'in_1',
            account_name: 'Acme',
            customer_email: 'jenny.rosen@example.org',
            hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1M2JTkLkdIwHu7ix/test_in_1',
            echoed: `Invalid API Key provided: ${STRIPE_KEY}; whsec_abcdef0123456789; rk_live_51Zz`,
            nested: { list: [{ email: 'bob@example.net' }] },
            amount_due: 1500,
          },
        },
      },
    ],
  };
}

function chargebeeRecording(): Cassette {
  const basic = Buffer.from(`${CHARGEBEE_KEY}:`).toString('base64');
  return {
    meta: {
      provider: 'chargebee',
      apiVersion: 'v2',
      sdkVersion: 'chargebee@3.33.0',
      source: 'recorded',
      origin: `https://${SITE}.chargebee.com`,
    },
    interactions: [
      {
        request: {
          method: 'POST',
          path: '/api/v2/invoices/2001/void',
          body: { comment: `voided on ${SITE}` },
          headers: { authorization: `Basic ${basic}`, 'chargebee-idempotency-key': '*' },
        },
        response: {
          status: 401,
          body: {
            message: `Sorry, authentication failed for ${CHARGEBEE_KEY} (Basic ${basic}) at https://${SITE}.chargebee.com`,
            api_error_code: 'api_authentication_failed',
            site: SITE,
            email: 'billing@acme.example',
          },
        },
      },
    ],
  };
}

/** Every string in a value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
  return [];
}

describe('scrubCassette', () => {
  it('removes the Stripe key (every form), Authorization, cookies, Stripe-Account, account ids, emails and webhook secrets', () => {
    const scrubbed = scrubCassette(stripeRecording(), { secrets: [STRIPE_KEY] });
    const text = JSON.stringify(scrubbed);
    for (const leak of [
      STRIPE_KEY,
      'acct_1M2JTkLkdIwHu7ix',
      'ada@lovelace.dev',
      'jenny.rosen@example.org',
      'bob@example.net',
      'whsec_abcdef',
      'rk_live_51Zz',
      'session=abc',
    ]) {
      expect(text).not.toContain(leak);
    }
    expect(text).not.toMatch(/authorization|set-cookie|cookie|stripe-account/i);
    const interaction = scrubbed.interactions[0]!;
    // What playback needs survives.
    expect(interaction.request.headers).toEqual({
      'stripe-version': '2026-10-28.endive',
      'idempotency-key': '*',
    });
    expect(interaction.response.headers).toEqual({
      'request-id': 'req_1',
      'content-type': 'application/json',
    });
    expect((interaction.response.body as { amount_due: number }).amount_due).toBe(1500);
    expect((interaction.response.body as { customer_email: string }).customer_email).toBe(
      'customer@example.com',
    );
    expect((interaction.response.body as { hosted_invoice_url: string }).hosted_invoice_url).toBe(
      'https://invoice.stripe.com/i/acct_REDACTED/test_in_1',
    );
    expect(interaction.request.path).toBe('/v1/invoices/in_1/void');
  });

  it('removes the Chargebee key (verbatim and as Basic base64) and the site name, everywhere, origin included', () => {
    const scrubbed = scrubCassette(chargebeeRecording(), { secrets: [CHARGEBEE_KEY], site: SITE });
    const all = strings(scrubbed);
    const basic = Buffer.from(`${CHARGEBEE_KEY}:`).toString('base64');
    for (const value of all) {
      expect(value).not.toContain(CHARGEBEE_KEY);
      expect(value).not.toContain(basic);
      expect(value).not.toContain(SITE);
      expect(value).not.toContain('billing@acme.example');
    }
    expect(scrubbed.meta.origin).toBe('https://billbridge-test.chargebee.com');
    expect(scrubbed.interactions[0]!.request.headers).toEqual({ 'chargebee-idempotency-key': '*' });
    expect(scrubbed.interactions[0]!.request.body).toEqual({ comment: 'voided on billbridge-test' });
  });

  it('finds keys it was not told about by their shape', () => {
    const cassette = chargebeeRecording();
    const scrubbed = scrubCassette(cassette, {});
    expect(JSON.stringify(scrubbed)).not.toContain(CHARGEBEE_KEY);
  });

  // Until 2026-12-07 the shape needed a word boundary before the key.
  it('finds a Stripe key or webhook secret by its shape right after a letter or digit', () => {
    const scrub = createStringScrubber({});
    expect(scrub('Authorization%3A%20Bearer%20sk_test_SECRET123 xwhsec_abc9')).toBe(
      'Authorization%3A%20Bearer%20sk_test_REDACTED xwhsec_REDACTED',
    );
  });

  // JSON.parse keeps `__proto__` as an own key; the copy wrote it with `out[key] = …`, which lost a
  // string under it and made an object under it the copy's prototype.
  it('keeps a __proto__ key of a body as an own key, and never as a prototype', () => {
    onTestFinished(() => {
      delete (Object.prototype as Record<string, unknown>).polluted;
    });
    const cassette = stripeRecording();
    cassette.interactions[0]!.response.body = JSON.parse(
      '{"metadata":{"__proto__":"x","a":"b"},"nested":{"__proto__":{"polluted":1},"constructor":"c"}}',
    );
    const body = scrubCassette(cassette, { secrets: [STRIPE_KEY] }).interactions[0]!.response.body as {
      metadata: Record<string, unknown>;
      nested: Record<string, unknown>;
    };
    expect(Object.keys(body.metadata)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(body.metadata, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(body.nested)).toBe(Object.prototype);
    expect(body.nested.polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(body.nested, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(Object.getOwnPropertyDescriptor(body.nested, 'constructor')?.value).toBe('c');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not change the input', () => {
    const cassette = stripeRecording();
    const before = JSON.stringify(cassette);
    scrubCassette(cassette, { secrets: [STRIPE_KEY] });
    expect(JSON.stringify(cassette)).toBe(before);
  });
});

describe('recordingsToCassette', () => {
  it("turns nock recorder objects into the repo's format: decoded bodies, asserted headers, gunzipped answers", async () => {
    const { gzipSync } = await import('node:zlib');
    const gz = gzipSync(Buffer.from(JSON.stringify({ id: 'in_1', status: 'void' }))).toString('hex');
    const cassette = recordingsToCassette(
      [
        {
          scope: 'https://api.stripe.com:443',
          method: 'POST',
          path: '/v1/invoices/in_1/void',
          body: 'expand%5B0%5D=customer',
          status: 200,
          response: [gz],
          rawHeaders: {
            'content-encoding': 'gzip',
            'content-type': 'application/json',
            'request-id': 'req_9',
          },
          reqheaders: {
            'idempotency-key': 'billbridge-123',
            'stripe-version': '2026-10-28.endive',
            authorization: 'Bearer sk_test_x',
            // Named like an Object.prototype member: not an asserted header (it once was, as `Object`).
            constructor: 'x',
          },
        },
      ],
      { provider: 'stripe', apiVersion: '2026-10-28.endive', sdkVersion: 'stripe@23.1.0' },
    );
    expect(cassette.meta).toMatchObject({ source: 'recorded', origin: 'https://api.stripe.com' });
    expect(cassette.interactions[0]).toEqual({
      request: {
        method: 'POST',
        path: '/v1/invoices/in_1/void',
        body: { 'expand[0]': 'customer' },
        headers: { 'idempotency-key': '*same:k1', 'stripe-version': '2026-10-28.endive' },
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json', 'request-id': 'req_9' },
        body: { id: 'in_1', status: 'void' },
      },
    });
  });
});

describe('createStringScrubber: every encoding of a secret', () => {
  it('a form-encoded (+, %21) and a URL-encoded Basic value are removed too', () => {
    const key = 'test_chargebeeKeyOfAReviewer0001';
    const scrub = createStringScrubber({ secrets: ['hook pass!word', key] });
    const basic = encodeURIComponent(Buffer.from(`${key}:`).toString('base64'));
    const out = scrub(`?basic_auth_password=hook+pass%21word&auth=Basic%20${basic}&p=hook%20pass!word`);
    expect(out).not.toContain('hook');
    expect(out).not.toContain(basic);
    expect(out).toBe('?basic_auth_password=REDACTED&auth=Basic%20REDACTED&p=REDACTED');
  });
});
