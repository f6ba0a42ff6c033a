import https from 'node:https';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cassette, decodeBody, playCassette, withCassette } from '../src/index.js';

const cassette = (interactions: Cassette['interactions']): Cassette => ({
  meta: {
    provider: 'test',
    apiVersion: 'v1',
    sdkVersion: 'none',
    source: 'documented',
    origin: 'https://api.example.test',
  },
  interactions,
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('playCassette', () => {
  it('answers in order and records exact bodies and headers', async () => {
    const result = await withCassette(
      cassette([
        {
          request: {
            method: 'POST',
            path: '/v1/things/a/void',
            body: { x: '1' },
            headers: { 'idempotency-key': '*' },
          },
          response: { status: 200, body: { ok: 1 } },
        },
        {
          request: { method: 'GET', path: '/v1/things/a' },
          response: { status: 404, body: { error: 'gone' } },
        },
      ]),
      async (player) => {
        const first = await fetch('https://api.example.test/v1/things/a/void', {
          method: 'POST',
          body: 'x=1',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'Idempotency-Key': 'k1' },
        });
        const second = await fetch('https://api.example.test/v1/things/a');
        expect(player.requests.map((request) => request.headers['idempotency-key'])).toEqual([
          'k1',
          undefined,
        ]);
        return [first.status, await first.json(), second.status];
      },
    );
    expect(result).toEqual([200, { ok: 1 }, 404]);
  });

  it('fails when a body differs, an interaction is unused, or a request is unanswered', async () => {
    const player = playCassette(
      cassette([
        { request: { method: 'POST', path: '/v1/a', body: { x: '1' } }, response: { status: 200, body: {} } },
        { request: { method: 'GET', path: '/v1/b' }, response: { status: 200, body: {} } },
      ]),
    );
    await fetch('https://api.example.test/v1/a', { method: 'POST', body: 'x=2&extra=1' });
    await fetch('https://api.example.test/v1/zzz').catch(() => undefined);
    expect(() => player.assertDone()).toThrow(
      /body .*extra.*expected.*\n.*no interaction.*zzz[\s\S]*never requested/,
    );
    player.stop();
  });

  it('plays network errors and records the request', async () => {
    const player = playCassette(
      cassette([
        {
          request: { method: 'POST', path: '/v1/a', body: { y: '2' } },
          response: { status: 0, networkError: 'ECONNRESET' },
        },
      ]),
    );
    await expect(fetch('https://api.example.test/v1/a', { method: 'POST', body: 'y=2' })).rejects.toThrow();
    expect(player.requests).toHaveLength(1);
    expect(player.requests[0]?.body).toEqual({ y: '2' });
    player.assertDone();
    player.stop();
  });

  // nock 14 handed the `{ code, message }` given to replyWithError to @mswjs/interceptors as if it
  // were a response: fetch survived it, but a `node:http` request (stripe-node's client) hung and a
  // TypeError escaped the test ("Reflect.has called on non-object").
  it('plays a network error to a node:https request (stripe-node), on a path with a query string', async () => {
    const player = playCassette(
      cassette([
        {
          request: { method: 'GET', path: '/v1/invoices?limit=2&status=paid' },
          response: { status: 0, networkError: 'ECONNRESET' },
        },
      ]),
    );
    const failure = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const request = https.request(
        { host: 'api.example.test', path: '/v1/invoices?limit=2&status=paid', method: 'GET' },
        (response) => {
          response.resume();
          response.on('end', () => resolve(undefined));
        },
      );
      request.on('error', resolve);
      request.end();
    });
    expect(failure?.code).toBe('ECONNRESET');
    expect(player.requests.map((request) => request.path)).toEqual(['/v1/invoices?limit=2&status=paid']);
    player.assertDone();
    player.stop();
  }, 5_000);
});

describe('decodeBody', () => {
  it('decodes form and JSON bodies', () => {
    expect(decodeBody('a=1&b%5Bc%5D=x%20y')).toEqual({ a: '1', 'b[c]': 'x y' });
    expect(decodeBody('{"a":1}')).toEqual({ a: '1' });
    expect(decodeBody('')).toEqual({});
  });

  // The form branch wrote `decoded[key] = value`: `__proto__=x` was lost (a string prototype is
  // ignored) while the JSON branch kept it, so the same request decoded two ways.
  it('keeps a __proto__ field as an own key, as the JSON branch does', () => {
    const form = decodeBody('__proto__=x&a=1&constructor=c');
    expect(Object.keys(form)).toEqual(['__proto__', 'a', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(form, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
    expect(form.constructor).toBe('c');
    const json = decodeBody('{"__proto__":"x","a":1,"constructor":"c"}');
    expect(Object.entries(form)).toEqual(Object.entries(json));
  });
});

describe('playCassette refuses what it used to let pass (review of 2026-12-03)', () => {
  const post = (path: string, body = '') =>
    fetch(`https://api.example.test${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('a request that skips ahead of an earlier interaction is out of order', async () => {
    const player = playCassette(
      cassette([
        { request: { method: 'POST', path: '/v1/invoices/a/void' }, response: { status: 200, body: {} } },
        { request: { method: 'POST', path: '/v1/invoices/a' }, response: { status: 200, body: {} } },
      ]),
    );
    await post('/v1/invoices/a');
    await post('/v1/invoices/a/void');
    expect(() => player.assertDone()).toThrow(/interaction 1 was requested before interaction 0/);
    player.stop();
  });

  it('a normal answer on the path of a network-error interaction does not use that interaction', async () => {
    const player = playCassette(
      cassette([
        { request: { method: 'GET', path: '/v1/x' }, response: { status: 429, body: {} } },
        { request: { method: 'GET', path: '/v1/x' }, response: { status: 0, networkError: 'ECONNRESET' } },
      ]),
    );
    expect((await fetch('https://api.example.test/v1/x')).status).toBe(429);
    expect(player.requests).toHaveLength(1);
    expect(() => player.assertDone()).toThrow(/interaction 1 \(GET \/v1\/x\) was never requested/);
    player.stop();
  });

  it('withCassette checks the cassette when the run rejects too (an expected rejection hid a wrong request)', async () => {
    const run = withCassette(
      cassette([
        { request: { method: 'POST', path: '/v1/a', body: { x: '1' } }, response: { status: 400, body: {} } },
        { request: { method: 'GET', path: '/v1/b' }, response: { status: 200, body: {} } },
      ]),
      async () => {
        await post('/v1/a', 'x=2');
        throw new Error('refused, as the test expects');
      },
    );
    await expect(run).rejects.toThrow(/body .* !== expected|was never requested/);
  });

  it('JSON bodies compare nested values by content; a repeated form key keeps every value', () => {
    expect(decodeBody('{"items":{"amount":999999},"n":1,"s":"1"}')).toEqual({
      items: '{"amount":999999}',
      n: '1',
      s: '1',
    });
    expect(decodeBody('{"a":[1,2]}')).toEqual({ a: '[1,2]' });
    expect(decodeBody('amount=999999&amount=300')).toEqual({ amount: '999999,300' });
  });
});
