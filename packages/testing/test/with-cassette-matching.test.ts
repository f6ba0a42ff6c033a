import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cassette, type CassetteRequest, playCassette, withCassette } from '../src/index.js';
import { recordingsToCassette, scrubCassette } from '../src/record/index.js';

const origin = 'https://api.example.test';

const one = (request: CassetteRequest): Cassette => ({
  meta: { provider: 'test', apiVersion: 'v1', sdkVersion: 'none', source: 'documented', origin },
  interactions: [{ request, response: { status: 200, body: {} } }],
});

/** The problems of playing `cassette` to one request (`[]` when it matched). */
async function problemsOf(cassette: Cassette, send: () => Promise<unknown>): Promise<string[]> {
  const player = playCassette(cassette);
  try {
    await send();
    return [...player.problems];
  } finally {
    player.stop();
  }
}

const get = (path: string) => fetch(`${origin}${path}`).then((response) => response.text());
const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
  fetch(`${origin}/v1/x`, { method: 'POST', body, headers: { 'content-type': contentType } }).then(
    (response) => response.text(),
  );

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('replay compares the query as flat decoded pairs (nock read brackets as nesting)', () => {
  it.each([
    ['a[b]=1', 'a.b=1'],
    ['metadata[order][id]=7', 'metadata[order.id]=7'],
    ['metadata[order.id]=7', 'metadata[order][id]=7'],
    ['a=1', 'a=1&a=1'],
    ['expand[0]=y', 'expand[]=y'],
    ['a=1', ''],
  ])('the cassette ?%s is not the request ?%s', async (expected, sent) => {
    const problems = await problemsOf(one({ method: 'GET', path: `/v1/x?${expected}` }), () =>
      get(`/v1/x${sent ? `?${sent}` : ''}`),
    );
    expect(problems).toEqual([expect.stringMatching(/^interaction 0 GET .*: query .* !== expected/)]);
  });

  it('a query on a query-less interaction is a query problem, not an unanswered request', async () => {
    const problems = await problemsOf(one({ method: 'GET', path: '/v1/x' }), () => get('/v1/x?a=1'));
    expect(problems).toEqual(['interaction 0 GET /v1/x: query a=1 !== expected (none)']);
  });

  it.each([
    ['a[b]=1&c=2', 'c=2&a%5Bb%5D=1'],
    ['a=1&a=2', 'a=2&a=1'],
    ['q=a+b', 'q=a%20b'],
    ['reference_invoice_id%5Bis%5D=1003&limit=100', 'limit=100&reference_invoice_id[is]=1003'],
  ])('the cassette ?%s matches the request ?%s (order and spelling aside)', async (expected, sent) => {
    await withCassette(one({ method: 'GET', path: `/v1/x?${expected}` }), () => get(`/v1/x?${sent}`));
  });
});

describe('replay compares bodies as decoded pairs of one encoding', () => {
  it('a repeated form key is not one comma-joined value, either way', async () => {
    expect(
      await problemsOf(one({ method: 'POST', path: '/v1/x', body: { tags: 'a,b' } }), () =>
        post('tags=a&tags=b'),
      ),
    ).toEqual(['interaction 0 POST /v1/x: body tags=a&tags=b (form) !== expected tags=a,b (form)']);
    const sentJoined = await problemsOf(one({ method: 'POST', path: '/v1/x', body: { tags: 'a' } }), () =>
      post('tags=a&tags=a'),
    );
    expect(sentJoined).toHaveLength(1);
  });

  it('a JSON body does not match a form cassette body', async () => {
    const form = one({ method: 'POST', path: '/v1/x', body: { amount: '300', currency: 'usd' } });
    expect(await problemsOf(form, () => post('{"amount":300,"currency":"usd"}', 'application/json'))).toEqual(
      [
        'interaction 0 POST /v1/x: body amount=300&currency="usd" (json) !== expected amount=300&currency=usd (form)',
      ],
    );
    expect(
      await problemsOf(one({ method: 'POST', path: '/v1/x', body: { a: 'null' } }), () =>
        post('{"a":null}', 'application/json'),
      ),
    ).toHaveLength(1);
    expect(await problemsOf(form, () => post('amount=300&currency=usd'))).toEqual([]);
  });

  it('a JSON cassette body (bodyEncoding "json") compares as JSON: types count, key order does not', async () => {
    const json = one({
      method: 'POST',
      path: '/v1/x',
      bodyEncoding: 'json',
      body: { amount: '300', currency: '"usd"', meta: '{"x":1,"y":2}', gone: 'null' },
    });
    const send = (body: string) => () => post(body, 'application/json');
    expect(
      await problemsOf(json, send('{"currency":"usd","amount":300,"meta":{"y":2,"x":1},"gone":null}')),
    ).toEqual([]);
    expect(
      await problemsOf(json, send('{"currency":"usd","amount":"300","meta":{"x":1,"y":2},"gone":null}')),
    ).toHaveLength(1);
    expect(
      await problemsOf(json, send('{"currency":"usd","amount":300,"meta":{"x":1,"y":2},"gone":"null"}')),
    ).toHaveLength(1);
    expect(await problemsOf(json, () => post('amount=300&currency=usd&meta=x&gone=null'))).toHaveLength(1);
  });

  it('a body that starts with { and is not JSON is a body problem, not a crash and a hung request', async () => {
    const cassette = one({ method: 'POST', path: '/v1/x', body: { a: '1' } });
    expect(await problemsOf(cassette, () => post('{a}=1'))).toEqual([
      'interaction 0 POST /v1/x: body {a}=1 (form) !== expected a=1 (form)',
    ]);
    expect(await problemsOf(cassette, () => post('{a}=1', 'application/json'))).toEqual([
      'interaction 0 POST /v1/x: body is not valid JSON ("{a}=1")',
    ]);
  }, 5_000);

  it('recording keeps a JSON body as JSON and refuses a repeated form key it could not replay', () => {
    const recording = { scope: `${origin}:443`, method: 'POST', path: '/v1/x', status: 200, response: {} };
    const meta = { provider: 'test', apiVersion: 'v1', sdkVersion: 'none' };
    expect(
      recordingsToCassette([{ ...recording, body: { amount: 300, currency: 'usd' } }], meta).interactions[0]!
        .request,
    ).toEqual({
      method: 'POST',
      path: '/v1/x',
      body: { amount: '300', currency: '"usd"' },
      bodyEncoding: 'json',
    });
    expect(() => recordingsToCassette([{ ...recording, body: 'tags=a&tags=b' }], meta)).toThrow(
      /"tags" twice/,
    );
    const json = recordingsToCassette([{ ...recording, body: { a: 1 } }], meta);
    expect(scrubCassette(json).interactions[0]!.request.bodyEncoding).toBe('json');
  });
});
