import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../src/http/emulator-exchange.js';
import {
  createEmulatorClock,
  createEmulatorServer,
  type EmulatorDialect,
  type EmulatorServer,
  IDEMPOTENCY_TTL_MS,
} from '../src/index.js';

/** A toy dialect: a counter per account, enough to exercise the provider-neutral server. */
interface CounterState {
  count: number;
}
const toyDialect: EmulatorDialect<CounterState> = {
  name: 'stripe',
  pathPrefix: '/v1/',
  routes: [
    { method: 'GET', pattern: '/v1/counter', mutates: false, handle: (_request, state) => json(200, state) },
    {
      method: 'POST',
      pattern: '/v1/counter/:step',
      mutates: true,
      handle(request, state) {
        const step = Number(request.params.step);
        if (!Number.isInteger(step)) return { status: 400, body: { error: 'step' }, notSaved: true };
        state.count += step;
        return json(200, { count: state.count, note: request.body.note ?? null });
      },
    },
  ],
  authenticate(headers) {
    if (headers.authorization !== 'Bearer sk_test_toy') return json(401, { error: 'auth' });
    const account = headers['stripe-account'];
    return { account: typeof account === 'string' ? account : 'default' };
  },
  apiVersion: () => 'toy',
  decode(raw) {
    return { body: raw === '' ? {} : Object.fromEntries(new URLSearchParams(raw)), query: {} };
  },
  idempotency: {
    requestHeader: 'idempotency-key',
    replayHeader: ['idempotent-replayed', 'true'],
    conflict: (key) => json(400, { error: `conflict ${key}` }),
    maxKeyLength: 20,
    invalidKey: (length) => json(400, { error: `bad key of ${length}` }),
  },
  errors: {
    notFound: (method, path) => json(404, { error: `no ${method} ${path}` }),
    forStatus: (status, code) => json(status, { error: `injected ${status}`, code: code ?? null }),
    tooLarge: (limit) => json(413, { error: `over ${limit}` }),
    internal: () => json(500, { error: 'internal' }),
  },
  createState: () => ({ count: 0 }),
};

let emulator: EmulatorServer;
let base: string;
const mutations: string[] = [];

beforeAll(async () => {
  emulator = await createEmulatorServer({
    host: '127.0.0.1',
    port: 0,
    dialects: [toyDialect],
    clock: createEmulatorClock(),
    maxBodyBytes: 1024,
    snapshot: (_dialect, state) => ({ ...(state as CounterState) }),
    afterMutation: (_dialect, account) => mutations.push(account),
  });
  base = `http://127.0.0.1:${emulator.port}`;
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await control('POST', '/_emulator/reset');
  mutations.length = 0;
});

const auth = { authorization: 'Bearer sk_test_toy', 'content-type': 'application/x-www-form-urlencoded' };
async function call(method: string, path: string, body = '', headers: Record<string, string> = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { ...auth, ...headers },
    ...(method === 'GET' ? {} : { body }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}
async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the provider-neutral emulator server', () => {
  it('routes, keeps one state per account and logs every request', async () => {
    expect((await call('POST', '/v1/counter/2')).body).toEqual({ count: 2, note: null });
    expect((await call('POST', '/v1/counter/5', '', { 'stripe-account': 'acct_b' })).body.count).toBe(5);
    expect((await call('GET', '/v1/counter')).body).toEqual({ count: 2 });
    expect(mutations).toEqual(['default', 'acct_b']);
    const log = await control('GET', '/_emulator/requests?account=acct_b');
    expect(log.body.data).toMatchObject([
      { method: 'POST', path: '/v1/counter/5', status: 200, account: 'acct_b' },
    ]);
    expect((await control('GET', '/_emulator/state/stripe/default')).body.data).toEqual({ count: 2 });
  });

  it('answers unknown endpoints, bad auth and huge bodies with the dialect’s own errors', async () => {
    expect(await call('POST', '/v1/nothing')).toMatchObject({
      status: 404,
      body: { error: 'no POST /v1/nothing' },
    });
    expect(await call('GET', '/v1/counter/1/../x')).toMatchObject({ status: 404 });
    expect((await call('GET', '/v1/counter', '', { authorization: 'Bearer sk_live_x' })).status).toBe(401);
    expect(await call('POST', '/v1/counter/1', 'x'.repeat(5000))).toMatchObject({ status: 413 });
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    expect((await control('GET', '/_emulator/state/stripe/default')).body.data).toBeNull();
  });

  it('replays an idempotency key with the same request and refuses it with another', async () => {
    const key = { 'idempotency-key': 'k1' };
    const first = await call('POST', '/v1/counter/3', 'note=a', key);
    const again = await call('POST', '/v1/counter/3', 'note=a', key);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await call('POST', '/v1/counter/3', 'note=b', key)).toMatchObject({
      status: 400,
      body: { error: 'conflict k1' },
    });
    expect((await call('GET', '/v1/counter')).body.count).toBe(3);
    // A request refused before the endpoint ran is not kept: the corrected retry runs.
    expect((await call('POST', '/v1/counter/x', '', { 'idempotency-key': 'k2' })).status).toBe(400);
    expect((await call('POST', '/v1/counter/x', 'note=c', { 'idempotency-key': 'k2' })).status).toBe(400);
    // Results expire after 24 hours on the emulator's clock.
    await control('POST', '/_emulator/clock', { advanceMs: IDEMPOTENCY_TTL_MS + 1 });
    expect((await call('POST', '/v1/counter/3', 'note=b', key)).body.count).toBe(6);
  });

  it('injects status faults for the next N matching requests', async () => {
    const added = await control('POST', '/_emulator/faults', {
      method: 'POST',
      path: '/v1/counter/:step',
      status: 503,
      times: 2,
    });
    expect(added.status).toBe(200);
    expect((await call('POST', '/v1/counter/1')).status).toBe(503);
    expect((await call('GET', '/v1/counter')).status).toBe(200);
    expect((await call('POST', '/v1/counter/1')).status).toBe(503);
    expect((await call('POST', '/v1/counter/1')).body.count).toBe(1);
    expect((await control('GET', '/_emulator/faults')).body.data).toEqual([]);
  });

  it('resets the connection before or after the effect', async () => {
    await control('POST', '/_emulator/faults', { path: '/v1/counter/:step', reset: 'before' });
    await expect(call('POST', '/v1/counter/1')).rejects.toThrow();
    expect((await call('GET', '/v1/counter')).body.count).toBe(0);
    await control('POST', '/_emulator/faults', { path: '/v1/counter/:step', reset: 'after' });
    await expect(call('POST', '/v1/counter/4')).rejects.toThrow();
    expect((await call('GET', '/v1/counter')).body.count).toBe(4);
    const log = (await control('GET', '/_emulator/requests?method=POST')).body.data as Array<{
      fault: string;
    }>;
    expect(log.map((entry) => entry.fault)).toEqual(['reset-before', 'reset-after']);
  });

  it('delays answers', async () => {
    await control('POST', '/_emulator/faults', { path: '/v1/counter', delayMs: 150 });
    const started = performance.now();
    expect((await call('GET', '/v1/counter')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds the answer of a request that ran (delayAt: after): the effect is visible before the answer', async () => {
    await control('POST', '/_emulator/faults', {
      method: 'POST',
      path: '/v1/counter/:step',
      delayMs: 300,
      delayAt: 'after',
    });
    const started = performance.now();
    const slow = call('POST', '/v1/counter/2');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // While the answer is held, the change has already happened.
    expect((await call('GET', '/v1/counter')).body.count).toBe(2);
    expect((await slow).body.count).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const log = (await control('GET', '/_emulator/requests?method=POST')).body.data as Array<{
      fault: string;
    }>;
    expect(log.map((entry) => entry.fault)).toEqual(['delay-after']);
  });

  it('answers a status with a named code, without Retry-After, or as a proxy HTML page', async () => {
    await control('POST', '/_emulator/faults', { path: '/v1/counter', status: 429, code: 'lock_timeout' });
    const coded = await call('GET', '/v1/counter');
    expect([coded.status, coded.body.code, coded.headers.get('retry-after')]).toEqual([
      429,
      'lock_timeout',
      '1',
    ]);
    await control('POST', '/_emulator/faults', { path: '/v1/counter', status: 429, retryAfterSeconds: null });
    const bare = await call('GET', '/v1/counter');
    expect([bare.status, bare.body.code, bare.headers.get('retry-after')]).toEqual([429, null, null]);
    await control('POST', '/_emulator/faults', { path: '/v1/counter', status: 502, body: 'html' });
    const page = await fetch(`${base}/v1/counter`, { headers: auth });
    expect(page.status).toBe(502);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(await page.text()).toContain('<h1>502 Bad Gateway</h1>');
    // In-process dispatch gives the same page.
    await control('POST', '/_emulator/faults', { path: '/v1/counter', status: 502, body: 'html' });
    const dispatched = await emulator.dispatch({ method: 'GET', url: '/v1/counter', headers: auth });
    expect(dispatched).toMatchObject({ status: 502, headers: { 'content-type': 'text/html' } });
    expect(dispatched !== 'reset' && dispatched.body).toContain('<h1>502 Bad Gateway</h1>');
    // Shapes of a status answer need the status; delayAt needs a delay of a request that runs.
    for (const bad of [
      { path: '/v1/x', code: 'lock_timeout', reset: 'before' },
      { path: '/v1/x', body: 'html', delayMs: 5 },
      { path: '/v1/x', delayAt: 'after', reset: 'after' },
      { path: '/v1/x', delayMs: 5, delayAt: 'after', status: 500 },
      { path: '/v1/x', status: 500, code: 'Not A Code' },
    ]) {
      expect((await control('POST', '/_emulator/faults', bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('enforces a rate limit per account with 429 and Retry-After', async () => {
    await control('POST', '/_emulator/faults', { path: '/v1/**', ratePerSecond: 3, retryAfterSeconds: 2 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let index = 0; index < 5; index += 1) {
      const answer = await call('POST', '/v1/counter/1');
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(retryAfter).toBe('2');
    expect((await call('POST', '/v1/counter/1', '', { 'stripe-account': 'acct_other' })).status).toBe(200);
  });

  it('refuses malformed control calls', async () => {
    expect((await control('POST', '/_emulator/faults', { path: '/v1/x' })).status).toBe(400);
    expect(
      (await control('POST', '/_emulator/faults', { path: '/v1/x', status: 429, reset: 'after' })).status,
    ).toBe(400);
    expect((await control('POST', '/_emulator/clock', { advanceMs: -1 })).status).toBe(400);
    expect((await control('GET', '/_emulator/nothing')).status).toBe(404);
    const raw = await new Promise<number>((resolve, reject) => {
      const sent = httpRequest(`${base}/_emulator/faults`, { method: 'POST' }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      sent.on('error', reject);
      sent.end('{not json');
    });
    expect(raw).toBe(400);
  });

  it('dispatches a request in-process through the same pipeline as the socket', async () => {
    const overHttp = await call('POST', '/v1/counter/2', 'note=a');
    const inProcess = await emulator.dispatch({
      method: 'POST',
      url: '/v1/counter/3',
      headers: { Authorization: 'Bearer sk_test_toy', 'Idempotency-Key': 'd1' },
      body: 'note=b',
    });
    expect(inProcess).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
    expect(inProcess !== 'reset' && JSON.parse(inProcess.body)).toEqual({ count: 5, note: 'b' });
    expect(overHttp.body).toEqual({ count: 2, note: 'a' });
    // One state, one log, one idempotency store, the same hooks.
    const replay = await call('POST', '/v1/counter/3', 'note=b', { 'idempotency-key': 'd1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await call('GET', '/v1/counter')).body).toEqual({ count: 5 });
    expect(mutations).toEqual(['default', 'default']);
    const log = await control('GET', '/_emulator/requests?method=POST');
    expect((log.body.data as { status: number }[]).map((entry) => entry.status)).toEqual([200, 200, 200]);
    // The dialect's own errors, the body limit, a path no dialect owns, fault rules.
    expect(await emulator.dispatch({ method: 'GET', url: '/v1/counter' })).toMatchObject({ status: 401 });
    expect(
      await emulator.dispatch({
        method: 'POST',
        url: '/v1/counter/1',
        headers: auth,
        body: 'x'.repeat(5000),
      }),
    ).toMatchObject({ status: 413 });
    expect(await emulator.dispatch({ method: 'GET', url: '/elsewhere' })).toMatchObject({ status: 404 });
    await control('POST', '/_emulator/faults', {
      method: 'POST',
      path: '/v1/counter/7',
      reset: 'before',
      times: 1,
    });
    expect(await emulator.dispatch({ method: 'POST', url: '/v1/counter/7', headers: auth })).toBe('reset');
    expect((await call('GET', '/v1/counter')).body).toEqual({ count: 5 });
    await expect(emulator.dispatch({ method: 'POST', url: '/_emulator/reset' })).rejects.toThrow(/HTTP only/);
  });
});
