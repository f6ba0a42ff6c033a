import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCassette } from '../src/cassette.js';
import { LiveKeyRefusedError, recordCassette } from '../src/record/index.js';
import { playCassette } from '../src/with-cassette.js';

const KEY = 'sk_test_51RecordLoopbackKey0000000000000';

/** A loopback server that answers like Stripe, and leaks what a careless one might: the key, an account id, an email. */
let server: Server;
let port: number;
const seen: { authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ authorization: request.headers.authorization, body });
      response.writeHead(200, {
        'content-type': 'application/json',
        'request-id': 'req_loopback1',
        'set-cookie': 'machine=1',
        'stripe-account': 'acct_1LoopbackAccount',
      });
      response.end(
        JSON.stringify({
          id: 'in_1',
          object: 'invoice',
          status: 'void',
          customer_email: 'ada@lovelace.dev',
          hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1LoopbackAccount/test_x',
          debug: `authorization was ${request.headers.authorization}`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  nock.cleanAll();
});

function stripeClient(): Stripe {
  return new Stripe(KEY, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

describe('recordCassette (loopback server, no external network)', () => {
  it('records a real exchange through stripe-node and writes a scrubbed, playable cassette', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billbridge-record-'));
    try {
      const file = join(dir, 'void.json');
      const { result, cassette } = await recordCassette({
        mode: { provider: 'stripe', apiKey: KEY },
        file,
        meta: {
          apiVersion: '2026-10-28.endive',
          sdkVersion: 'stripe@23.1.0',
          description: 'loopback recording',
        },
        run: () => stripeClient().invoices.voidInvoice('in_1', {}, { idempotencyKey: 'key-1' }),
      });
      expect(result.status).toBe('void');
      // The server really got the key: the recording is of a real exchange.
      expect(seen.at(-1)?.authorization).toBe(`Bearer ${KEY}`);

      const text = readFileSync(file, 'utf8');
      for (const leak of [KEY, 'acct_1LoopbackAccount', 'ada@lovelace.dev', 'machine=1'])
        expect(text).not.toContain(leak);
      expect(text).not.toMatch(/"authorization"|set-cookie|stripe-account/i);

      const written = readCassette(file);
      expect(written).toEqual(cassette);
      expect(written.meta).toMatchObject({
        provider: 'stripe',
        source: 'recorded',
        origin: `http://127.0.0.1:${port}`,
      });
      expect(written.interactions).toHaveLength(1);
      expect(written.interactions[0]!.request).toMatchObject({
        method: 'POST',
        path: '/v1/invoices/in_1/void',
        headers: { 'idempotency-key': '*same:k1' },
      });

      // Net connect is off again, and the cassette plays back through nock.
      const player = playCassette(file);
      try {
        const replayed = await stripeClient().invoices.voidInvoice(
          'in_1',
          {},
          { idempotencyKey: 'another-key' },
        );
        expect(replayed.status).toBe('void');
        player.assertDone();
      } finally {
        player.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes the scrubbed cassette and the result to transform, and writes what it returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billbridge-record-'));
    try {
      const file = join(dir, 'void.json');
      let seenByTransform = '';
      const { cassette } = await recordCassette({
        mode: { provider: 'stripe', apiKey: KEY },
        file,
        meta: { apiVersion: '2026-10-28.endive', sdkVersion: 'stripe@23.1.0' },
        run: () => stripeClient().invoices.voidInvoice('in_1', {}, { idempotencyKey: 'key-2' }),
        transform: (scrubbed, result) => {
          seenByTransform = JSON.stringify(scrubbed);
          return {
            ...scrubbed,
            interactions: scrubbed.interactions.map((interaction) => ({
              ...interaction,
              request: { ...interaction.request, path: interaction.request.path.replace('in_1', result.id) },
              note: 'transformed',
            })),
          };
        },
      });
      // The transform sees the cassette already scrubbed.
      expect(seenByTransform).not.toContain(KEY);
      expect(seenByTransform).not.toContain('ada@lovelace.dev');
      expect(cassette.interactions[0]?.note).toBe('transformed');
      expect(readCassette(file)).toEqual(cassette);

      const refused = join(dir, 'refused.json');
      await expect(
        recordCassette({
          mode: { provider: 'stripe', apiKey: KEY },
          file: refused,
          meta: { apiVersion: '2026-10-28.endive', sdkVersion: 'stripe@23.1.0' },
          run: () => stripeClient().invoices.voidInvoice('in_1', {}, { idempotencyKey: 'key-3' }),
          transform: () => {
            throw new Error('no mapping for in_1');
          },
        }),
      ).rejects.toThrow('no mapping for in_1');
      expect(existsSync(refused)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a live key before any request', async () => {
    const before = seen.length;
    let ran = false;
    await expect(
      recordCassette({
        mode: { provider: 'stripe', apiKey: ['sk', 'live', '51NeverEver0000000'].join('_') },
        file: join(tmpdir(), 'never-written.json'),
        meta: { apiVersion: '2026-10-28.endive', sdkVersion: 'stripe@23.1.0' },
        run: async () => {
          ran = true;
        },
      }),
    ).rejects.toThrow(LiveKeyRefusedError);
    expect(ran).toBe(false);
    expect(seen.length).toBe(before);
  });

  it('refuses Chargebee without a site before any request (its check and scrubbing need it)', async () => {
    let ran = false;
    const dir = mkdtempSync(join(tmpdir(), 'billbridge-no-site-'));
    const file = join(dir, 'never-written.json');
    try {
      await expect(
        recordCassette({
          mode: { provider: 'chargebee', apiKey: 'test_abcdefghijklmnopqrstu' },
          file,
          meta: { apiVersion: 'v2', sdkVersion: 'chargebee@3.33.0' },
          run: async () => {
            ran = true;
          },
        }),
      ).rejects.toThrow(/no site/);
      expect(ran).toBe(false);
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
