import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type BillingEvent,
  createMemoryDedupeStore,
  createWebhookHandler,
  type DedupeStore,
  type ParseWebhookInput,
  toNodeListener,
  ValidationError,
  WebhookVerificationError,
} from '../src/index.js';

const event: BillingEvent = {
  id: 'evt_1',
  provider: 'fake',
  type: 'invoice.voided',
  providerType: 'invoice.voided',
  occurredAt: '2026-01-01T00:00:00.000Z',
  livemode: false,
  apiVersion: null,
  accountId: null,
  raw: {},
};

/** A client whose parseWebhook accepts `{"id": …}` bodies signed `ok` and records what it was given. */
function fakeBilling() {
  const seen: { body: string; headers: Headers }[] = [];
  return {
    seen,
    parseWebhook: vi.fn(async (input: ParseWebhookInput) => {
      const headers = input.headers as Headers;
      seen.push({ body: input.body as string, headers });
      if (headers.get('x-signature') !== 'ok') {
        throw new WebhookVerificationError({ message: 'fake: bad signature', provider: 'fake' });
      }
      return { ...event, id: (JSON.parse(input.body as string) as { id: string }).id };
    }),
  };
}

const post = (body: string, signature = 'ok') =>
  new Request('http://127.0.0.1/webhooks', { method: 'POST', body, headers: { 'x-signature': signature } });

describe('createWebhookHandler', () => {
  it('answers 200 once, then 200 duplicate without calling onEvent again', async () => {
    const onEvent = vi.fn();
    const handle = createWebhookHandler({
      billing: fakeBilling(),
      dedupe: createMemoryDedupeStore(),
      onEvent,
    });
    const first = await handle(post('{"id":"evt_1"}'));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    const again = await handle(post('{"id":"evt_1"}'));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(onEvent).toHaveBeenCalledTimes(1);
    expect(onEvent.mock.calls[0]?.[1]).toMatchObject({ dedupeKey: 'fake::evt_1' });
  });

  it('answers 400 for a refused delivery, with the reason, and never calls onEvent', async () => {
    const onEvent = vi.fn();
    const onError = vi.fn();
    const handle = createWebhookHandler({
      billing: fakeBilling(),
      dedupe: createMemoryDedupeStore(),
      onEvent,
      onError,
    });
    const response = await handle(post('{"id":"evt_1"}', 'forged'));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'webhook_verification_failed',
      message: 'fake: bad signature',
    });
    expect(onEvent).not.toHaveBeenCalled();
    expect(WebhookVerificationError.isInstance(onError.mock.calls[0]?.[0])).toBe(true);
    expect((await handle(new Request('http://127.0.0.1/webhooks'))).status).toBe(405);
  });

  it('answers 409 while the same event is in flight, and 200 duplicate after it finished', async () => {
    let finish: () => void = () => undefined;
    const onEvent = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const handle = createWebhookHandler({
      billing: fakeBilling(),
      dedupe: createMemoryDedupeStore(),
      onEvent,
    });
    const first = handle(post('{"id":"evt_1"}'));
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalledTimes(1));
    const during = await handle(post('{"id":"evt_1"}'));
    expect(during.status).toBe(409);
    expect(during.headers.get('retry-after')).toBe('30');
    finish();
    expect((await first).status).toBe(200);
    expect(await (await handle(post('{"id":"evt_1"}'))).json()).toEqual({ received: true, duplicate: true });
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('answers 500 when onEvent throws and releases the claim, so the retry is handled', async () => {
    const onEvent = vi
      .fn()
      .mockRejectedValueOnce(new Error('database down'))
      .mockResolvedValueOnce(undefined);
    const dedupe = createMemoryDedupeStore();
    const handle = createWebhookHandler({ billing: fakeBilling(), dedupe, onEvent });
    const failed = await handle(post('{"id":"evt_1"}'));
    expect(failed.status).toBe(500);
    expect(JSON.stringify(await failed.json())).not.toContain('database down');
    expect(await dedupe.state('fake::evt_1')).toBeUndefined();
    expect((await handle(post('{"id":"evt_1"}'))).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(2);
    expect((await handle(post('{"id":"evt_1"}'))).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('a delivery whose lease lapsed and then failed does not release the claim a later delivery holds', async () => {
    let at = 0;
    const dedupe = createMemoryDedupeStore({ now: () => at });
    const gates: { fail: (error: Error) => void; finish: () => void }[] = [];
    // The first two deliveries wait to be told how to end; a third (the bug) would end at once.
    const onEvent = vi.fn(() =>
      gates.length >= 2
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            gates.push({ fail: reject, finish: resolve });
          }),
    );
    const handle = createWebhookHandler({ billing: fakeBilling(), dedupe, onEvent, inFlightTtlMs: 1_000 });
    const first = handle(post('{"id":"evt_1"}'));
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalledTimes(1));
    at += 5_000; // the first delivery's lease lapses while it runs
    const second = handle(post('{"id":"evt_1"}'));
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalledTimes(2));
    gates[0]?.fail(new Error('timeout'));
    expect((await first).status).toBe(500);
    // The second still holds the event: a third delivery waits (409) instead of handling it again.
    expect((await handle(post('{"id":"evt_1"}'))).status).toBe(409);
    gates[1]?.finish();
    expect((await second).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('answers 500 without calling onEvent when the store fails, and claims for the TTL with a plain store', async () => {
    const onEvent = vi.fn();
    const broken: DedupeStore = {
      claim: () => Promise.reject(new Error('no db')),
      release: async () => undefined,
    };
    const handle = createWebhookHandler({ billing: fakeBilling(), dedupe: broken, onEvent });
    expect((await handle(post('{"id":"evt_1"}'))).status).toBe(500);
    expect(onEvent).not.toHaveBeenCalled();
    const claims: [string, number][] = [];
    const plain: DedupeStore = {
      claim: async (key, ttlMs) => {
        claims.push([key, ttlMs]);
        return claims.length === 1;
      },
      release: async () => undefined,
    };
    const handlePlain = createWebhookHandler({ billing: fakeBilling(), dedupe: plain, onEvent, ttlMs: 1000 });
    expect((await handlePlain(post('{"id":"evt_1"}'))).status).toBe(200);
    expect(await (await handlePlain(post('{"id":"evt_1"}'))).json()).toEqual({
      received: true,
      duplicate: true,
    });
    expect(claims).toEqual([
      ['fake::evt_1', 1000],
      ['fake::evt_1', 1000],
    ]);
  });

  it('refuses options that are not a client, a store and a function', () => {
    expect(() =>
      createWebhookHandler({
        billing: {} as never,
        dedupe: createMemoryDedupeStore(),
        onEvent: () => undefined,
      }),
    ).toThrow(ValidationError);
    expect(() =>
      createWebhookHandler({ billing: fakeBilling(), dedupe: {} as never, onEvent: () => undefined }),
    ).toThrow('must be a DedupeStore');
  });

  // Until 2026-12-07 a store with `complete` but no `state` answered a retry 200 while the first
  // delivery was still being handled (it may yet fail: the event was then never handled).
  it('refuses a store with complete() but no state(), or state() but no complete(), before any delivery', () => {
    const memory = createMemoryDedupeStore();
    const claimRelease = { claim: memory.claim, release: memory.release };
    for (const dedupe of [
      { ...claimRelease, complete: memory.complete },
      { ...claimRelease, state: memory.state },
    ]) {
      expect(() =>
        createWebhookHandler({ billing: fakeBilling(), dedupe, onEvent: () => undefined }),
      ).toThrow('must have both complete() and state(), or neither');
    }
    expect(() =>
      createWebhookHandler({ billing: fakeBilling(), dedupe: claimRelease, onEvent: () => undefined }),
    ).not.toThrow();
  });
});

describe('toNodeListener (real node:http on 127.0.0.1)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
    const started = createServer(listener);
    server = started;
    await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(started.address() as AddressInfo).port}/webhooks`;
  }

  it('hands the handler the raw body byte for byte and sends its answer back', async () => {
    const billing = fakeBilling();
    const onEvent = vi.fn();
    const url = await listen(
      toNodeListener(createWebhookHandler({ billing, dedupe: createMemoryDedupeStore(), onEvent })),
    );
    const body = '{\n  "id": "evt_2",   "note": "naïve ✓"\n}\r\n';
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'X-Signature': 'ok', 'X-Multi': 'a' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(billing.seen[0]?.body).toBe(body);
    expect(billing.seen[0]?.headers.get('x-signature')).toBe('ok');
    expect(onEvent.mock.calls[0]?.[0]).toMatchObject({ id: 'evt_2' });
    const refused = await fetch(url, { method: 'POST', body, headers: { 'X-Signature': 'forged' } });
    expect(refused.status).toBe(400);
  });

  it('uses a Buffer that express.raw() left in req.body, and answers 400 for a body express.json() parsed', async () => {
    const billing = fakeBilling();
    const handle = createWebhookHandler({
      billing,
      dedupe: createMemoryDedupeStore(),
      onEvent: () => undefined,
    });
    const listener = toNodeListener(handle);
    const url = await listen(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      // What a body parser leaves behind: express.raw() → Buffer, express.json() → object.
      Object.assign(req, { body: req.headers['x-parser'] === 'json' ? JSON.parse(raw.toString()) : raw });
      await listener(req, res);
    });
    const viaRaw = await fetch(url, {
      method: 'POST',
      body: '{"id":"evt_3"}',
      headers: { 'x-signature': 'ok' },
    });
    expect(viaRaw.status).toBe(200);
    expect(billing.seen.at(-1)?.body).toBe('{"id":"evt_3"}');
    const viaJson = await fetch(url, {
      method: 'POST',
      body: '{"id":"evt_4"}',
      headers: { 'x-signature': 'ok', 'x-parser': 'json' },
    });
    expect(viaJson.status).toBe(400);
    expect(((await viaJson.json()) as { message: string }).message).toContain('express.raw(');
    expect(billing.seen).toHaveLength(1);
  });
});
