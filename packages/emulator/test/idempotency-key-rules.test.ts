import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorWith } from '../src/start-emulator.js';

// Found by a review of the emulator on 2026-12-07; each failed on the code before its fix.
let emulator: Awaited<ReturnType<typeof startEmulatorWith>>;
beforeAll(async () => {
  emulator = await startEmulatorWith({});
});
afterAll(() => emulator.close());

async function post(path: string, body: string, headers: Record<string, string>) {
  const chargebee = path.startsWith('/api/v2/');
  const response = await fetch(emulator.url + path, {
    method: 'POST',
    headers: {
      authorization: chargebee
        ? `Basic ${Buffer.from('test_emulatorKeyRules:').toString('base64')}`
        : 'Bearer sk_test_emulatorKeyRules',
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { error?: { type?: string }; param?: string; email?: string },
  };
}

describe('idempotency keys', () => {
  it('an empty key, or one over the provider’s length (Stripe 255, Chargebee 100), is a 400 and runs nothing', async () => {
    const long = await post('/v1/customers', 'email=long%40example.com', {
      'idempotency-key': 'k'.repeat(256),
    });
    expect([long.status, long.body.error?.type]).toEqual([400, 'invalid_request_error']);
    const empty = await post('/v1/customers', 'email=empty%40example.com', { 'idempotency-key': '' });
    expect(empty.status).toBe(400);
    const longest = await post('/v1/customers', 'email=ok%40example.com', {
      'idempotency-key': 'k'.repeat(255),
    });
    expect(longest.status).toBe(200);
    const chargebee = await post('/api/v2/customers', 'first_name=Ada', {
      'chargebee-idempotency-key': 'k'.repeat(101),
    });
    expect([chargebee.status, chargebee.body.param]).toEqual([400, 'chargebee-idempotency-key']);
    const list = await fetch(`${emulator.url}/v1/customers?limit=100`, {
      headers: { authorization: 'Bearer sk_test_emulatorKeyRules' },
    });
    const emails = ((await list.json()) as { data: { email: string }[] }).data.map(
      (customer) => customer.email,
    );
    expect(emails).toEqual(['ok@example.com']);
  });

  it('a POST’s query parameters are part of the request a key is kept for: other ones are a conflict', async () => {
    const first = await post('/v1/customers?email=one%40example.com', '', {
      'idempotency-key': 'query-key-1',
    });
    expect(first.body.email).toBe('one@example.com');
    const again = await post('/v1/customers?email=two%40example.com', '', {
      'idempotency-key': 'query-key-1',
    });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect([again.status, again.body.error?.type]).toEqual([400, 'idempotency_error']);
  });
});

describe('fault rules', () => {
  it('a rate rule with retryAfterSeconds: null answers its 429s without Retry-After', async () => {
    const added = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        path: '/v1/customers',
        method: 'POST',
        ratePerSecond: 1,
        retryAfterSeconds: null,
      }),
    });
    expect(added.status).toBe(200);
    expect((await post('/v1/customers', '', {})).status).toBe(200);
    const limited = await post('/v1/customers', '', {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    const log = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
      data: { fault?: string }[];
    };
    expect(log.data.map((entry) => entry.fault)).toContain('rate');
  });
});
