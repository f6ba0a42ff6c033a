import { describe, expect, it } from 'vitest';
import { startLoopbackServerProcess } from '../src/start-loopback-server-process.js';
import { expectVoidRefused, post } from './post-to-loopback.js';

describe('startLoopbackServerProcess', () => {
  it('serves the cassette bodies from another process and stops by itself at its request cap', async () => {
    const server = await startLoopbackServerProcess({ maxRequests: 2, maxDurationMs: 15_000 });
    expect(server.pid).not.toBe(process.pid);
    expect(server.host).toBe('127.0.0.1');
    const stripe = await post(server.port, '/v1/invoices/in_child1/void');
    expect(stripe.status).toBe(200);
    expect(JSON.parse(stripe.body)).toMatchObject({ id: 'in_child1', object: 'invoice', status: 'void' });
    const chargebee = await post(server.port, '/api/v2/invoices/77/void');
    expect(JSON.parse(chargebee.body)).toMatchObject({ invoice: { id: '77', status: 'voided' } });
    const report = await server.closed;
    expect(report).toMatchObject({ reason: 'request_cap', requests: 2 });
    expect(report.cpuMicros).toBeGreaterThan(0);
    await expectVoidRefused(server.port);
    // Asking a closed server to close answers the same report.
    expect(await server.close()).toEqual(report);
  });
});
