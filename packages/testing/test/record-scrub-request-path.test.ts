import { describe, expect, it } from 'vitest';
import type { Cassette } from '../src/cassette.js';
import { scrubCassette } from '../src/record/index.js';

const SECRET = 'pa*ss(word)99';

function withPath(path: string, responseBody: unknown = {}): Cassette {
  return {
    meta: {
      provider: 'chargebee',
      apiVersion: 'v2',
      sdkVersion: 'chargebee@3.0.0',
      source: 'recorded',
      origin: 'https://acme-test.chargebee.com',
    },
    interactions: [
      { request: { method: 'GET', path, body: {} }, response: { status: 200, body: responseBody } },
    ],
  };
}

function scrubbedPath(path: string): string {
  return scrubCassette(withPath(path), { secrets: [SECRET], site: 'acme-test' }).interactions[0]!.request
    .path;
}

/** The query's pairs decoded, as a server reads them. */
function decodedQuery(path: string): string {
  return [...new URLSearchParams(path.split('?')[1] ?? '')].map((pair) => pair.join('=')).join('&');
}

describe('scrubCassette: a request path is scrubbed decoded, whatever its percent-encoding', () => {
  it.each([
    ['an email as %40', '/v1/customers?email=ada.lovelace%40example.org&limit=1', 'ada.lovelace'],
    ['an email in a bracketed key', '/api/v2/customers?email%5Bis%5D=jane.doe%40example.com', 'jane.doe'],
    [
      'the site in an encoded URL',
      `/api/v2/hosted_pages?return_url=${encodeURIComponent('https://acme-test.chargebee.com/pages/v3/x')}`,
      'acme-test',
    ],
    ['a secret with * spelled %2A (qs)', '/x?password=pa%2Ass%28word%2999', 'pa*ss'],
    ['a secret in lower-case hex', '/x?password=pa%2ass%28word%2999', 'pa*ss'],
    ['a secret with + for a space', '/x?q=pa*ss(word)99+and+more', 'pa*ss'],
    ['an email in a path segment', '/v1/customers/ada.lovelace%40example.org', 'ada.lovelace'],
  ])('%s', (_, path, leak) => {
    const out = scrubbedPath(path);
    expect(decodeURIComponent(out)).not.toContain(leak);
    expect(decodedQuery(out)).not.toContain(leak);
  });

  it('keeps the spelling of the pairs it leaves alone and the meaning of the ones it changes', () => {
    const out = scrubbedPath(
      '/api/v2/customers?limit=100&email%5Bis%5D=jane.doe%40example.com&offset=%5B%221%22%5D',
    );
    expect(out).toBe('/api/v2/customers?limit=100&email%5Bis%5D=customer%40example.com&offset=%5B%221%22%5D');
    expect([...new URLSearchParams(out.split('?')[1])]).toEqual([
      ['limit', '100'],
      ['email[is]', 'customer@example.com'],
      ['offset', '["1"]'],
    ]);
  });

  it('an encoded URL or address inside a response string is scrubbed too', () => {
    const body = {
      url: `https://acme-test.chargebee.com/pages?redirect=${encodeURIComponent('https://acme-test.chargebee.com/x?email=ada@example.org')}`,
    };
    const out = JSON.stringify(
      scrubCassette(withPath('/x', body), { secrets: [SECRET], site: 'acme-test' }).interactions[0]!.response
        .body,
    );
    expect(out).not.toContain('acme-test');
    expect(out).not.toContain('ada');
  });
});
