import { describe, expect, it } from 'vitest';
import { createLoopbackServer, type LoopbackServer } from '../src/create-loopback-server.js';
import { post } from './post-to-loopback.js';

/**
 * A closed server takes no more requests. Not "the port refuses": other test files run in parallel
 * processes, and one of them may bind the freed port at once (CI once saw ECONNRESET there, from a
 * fault-matrix proxy). So the request may fail either way, or be answered by someone else; what
 * must hold is that this server counted none of it.
 */
async function expectGone(server: LoopbackServer) {
  const before = server.requests;
  await post(server.port, '/v1/invoices/in_late/void').catch(() => undefined);
  expect(server.requests).toBe(before);
}

describe('createLoopbackServer', () => {
  it('binds 127.0.0.1 only, on an OS-chosen port', async () => {
    const server = await createLoopbackServer({ maxRequests: 1, maxDurationMs: 5_000 });
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: server.port });
      expect(server.port).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('answers Stripe and Chargebee voids with the cassette bodies and the requested id', async () => {
    const server = await createLoopbackServer({ maxRequests: 10, maxDurationMs: 5_000 });
    try {
      const stripe = await post(server.port, '/v1/invoices/in_bench42/void');
      expect(stripe.status).toBe(200);
      expect(JSON.parse(stripe.body)).toMatchObject({ id: 'in_bench42', object: 'invoice', status: 'void' });
      const chargebee = await post(server.port, '/api/v2/invoices/4242/void');
      expect(chargebee.status).toBe(200);
      expect(JSON.parse(chargebee.body)).toMatchObject({ invoice: { id: '4242', status: 'voided' } });
      const note = await post(server.port, '/api/v2/credit_notes/CN-1/void');
      expect(JSON.parse(note.body)).toMatchObject({ credit_note: { id: 'CN-1' } });
      expect((await post(server.port, '/v1/customers')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('closes by itself once its request cap is reached, after answering the last request', async () => {
    const server = await createLoopbackServer({ maxRequests: 3, maxDurationMs: 10_000 });
    const { port } = server;
    for (let index = 0; index < 3; index++) {
      expect((await post(port, `/v1/invoices/in_${index}/void`)).status).toBe(200);
    }
    expect(await server.closed).toBe('request_cap');
    expect(server.requests).toBe(3);
    await expectGone(server);
  });

  it('closes by itself when its time cap passes, whatever the request count', async () => {
    const started = Date.now();
    const server = await createLoopbackServer({ maxRequests: 1_000_000, maxDurationMs: 200 });
    expect(await server.closed).toBe('time_cap');
    expect(Date.now() - started).toBeLessThan(5_000);
    await expectGone(server);
  });

  it('refuses caps that would not bound the run', async () => {
    await expect(createLoopbackServer({ maxRequests: 0, maxDurationMs: 1_000 })).rejects.toThrow(
      /maxRequests/,
    );
    await expect(
      createLoopbackServer({ maxRequests: 1, maxDurationMs: Number.POSITIVE_INFINITY }),
    ).rejects.toThrow(/maxDurationMs/);
  });
});
