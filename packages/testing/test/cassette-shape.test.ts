import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertCassetteShape, type Cassette, playCassette, readCassette } from '../src/index.js';

const meta = {
  provider: 'test',
  apiVersion: 'v1',
  sdkVersion: 'none',
  source: 'documented',
  origin: 'https://api.example.test',
} as const;
const ok = { request: { method: 'GET', path: '/v1/x' }, response: { status: 200, body: {} } };
const withSecond = (second: unknown): Cassette => ({
  meta,
  interactions: [ok, second] as Cassette['interactions'],
});

describe('assertCassetteShape checks every interaction, naming the bad one', () => {
  it.each([
    [
      'a response without status',
      { request: ok.request, response: { body: {} } },
      /interaction 1 response\.status .*not missing/,
    ],
    [
      'a string status',
      { request: ok.request, response: { status: '404', body: {} } },
      /interaction 1 response\.status .*not "404"/,
    ],
    [
      'a fractional status',
      { request: ok.request, response: { status: 200.5 } },
      /interaction 1 response\.status/,
    ],
    [
      'an empty network error',
      { request: ok.request, response: { status: 0, networkError: '' } },
      /interaction 1 response\.networkError/,
    ],
    ['no request', { response: ok.response }, /interaction 1 has no request/],
    [
      'a numeric method',
      { request: { method: 1, path: '/v1/x' }, response: ok.response },
      /interaction 1 request\.method/,
    ],
    [
      'a path without /',
      { request: { method: 'GET', path: 'v1/x' }, response: ok.response },
      /interaction 1 request\.path/,
    ],
    [
      'a numeric body value',
      { request: { method: 'POST', path: '/v1/x', body: { amount: 300 } }, response: ok.response },
      /interaction 1 request\.body\.amount/,
    ],
    [
      'an unknown body encoding',
      { request: { ...ok.request, bodyEncoding: 'xml' }, response: ok.response },
      /interaction 1 request\.bodyEncoding/,
    ],
    ['not an object', 'GET /v1/x', /interaction 1 is not an object/],
  ])('refuses %s', (_, second, message) => {
    expect(() => assertCassetteShape(withSecond(second), 'x.json')).toThrow(message);
    expect(() => playCassette(withSecond(second))).toThrow(message);
  });

  it('accepts a network-error interaction (status 0) and a normal one', () => {
    expect(() =>
      assertCassetteShape(
        withSecond({ request: ok.request, response: { status: 0, networkError: 'ECONNRESET' } }),
      ),
    ).not.toThrow();
  });

  it('readCassette names the file and the interaction', () => {
    const dir = mkdtempSync(join(tmpdir(), 'billbridge-shape-'));
    try {
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(withSecond({ request: ok.request, response: { status: '404' } })));
      expect(() => readCassette(file)).toThrow(`${file}: interaction 1 response.status`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
