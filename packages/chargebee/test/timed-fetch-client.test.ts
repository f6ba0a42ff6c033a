import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConnectionError } from '@billbridge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargebeeProvider } from '../src/create-chargebee-provider.js';
import { createTimedFetchClient } from '../src/timed-fetch-client.js';

/**
 * The Chargebee clients billbridge makes time out on their own timer (src/timed-fetch-client.ts):
 * chargebee-node's aborts a `fetch` of a copied `Request`, which Node 20's undici stops following
 * once a garbage collection has run. The collection is forced here, between the start of the call
 * and its timeout, which is when it broke the fault matrix's timeout cell.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let server: Server;
let origin: string;
const HOLD_MS = 1_500;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.url?.startsWith('/api/v2/invoices/2001/void')) {
      // The headers at once, then half a body and nothing more (a proxy that hangs mid-answer).
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"invoice":');
      return;
    }
    if (request.url === '/hold') {
      setTimeout(() => {
        if (!response.destroyed) response.end('{"late":true}');
      }, HOLD_MS).unref();
      return;
    }
    response.setHeader('content-type', 'application/json');
    response.end('{"invoice":{"id":"1"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createTimedFetchClient', () => {
  it('rejects at the timeout with chargebee-node’s timeout error, even after a garbage collection', async () => {
    const client = createTimedFetchClient();
    const started = Date.now();
    const call = client.makeApiRequest(new Request(`${origin}/hold`, { method: 'POST', body: 'a=1' }), 150);
    setTimeout(collectGarbage, 30);
    const error = await call.catch((caught: unknown) => caught);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      message: 'io_error',
      type: 'timeout',
      api_error_code: 'request aborted due to timeout.',
      http_status_code: 504,
    });
    // Not the held answer: that comes at 1.5 s.
    expect(elapsed).toBeLessThan(HOLD_MS - 200);
  });

  it('hands an answer within the timeout over as it came', async () => {
    const response = await createTimedFetchClient().makeApiRequest(new Request(`${origin}/quick`), 5_000);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ invoice: { id: '1' } });
  });

  // Until 2026-12-07 the timer stopped when the headers came, and this void waited without limit.
  it('times out a body that stalls after the headers: a void ends as a ConnectionError, outcome unknown', async () => {
    const provider = createChargebeeProvider({
      site: 'acme-test',
      apiKey: 'test_x',
      apiBase: origin,
      timeoutMs: 300,
    });
    const outcome = await Promise.race([
      provider
        .doVoidInvoice({ invoiceId: '2001', appliedBalance: 'return' }, { attempt: 1, idempotencyKey: 'k1' })
        .then(
          () => 'resolved',
          (error: unknown) => error,
        ),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3_000).unref()),
    ]);
    expect(outcome).toSatisfy(ConnectionError.isInstance);
    expect(outcome).toMatchObject({ outcome: 'unknown', message: expect.stringMatching(/timed out/) });
  });

  it('a failed fetch rejects with fetch’s own error, not a timeout', async () => {
    const refused = createServer();
    await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
    const { port } = refused.address() as AddressInfo;
    await new Promise((resolve) => refused.close(resolve));
    const error = await createTimedFetchClient()
      .makeApiRequest(new Request(`http://127.0.0.1:${port}/gone`), 5_000)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toHaveProperty('type', 'timeout');
  });
});
