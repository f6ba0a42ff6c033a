import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '@billbridge/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveCliProvider } from '../../src/cli/cli-provider.js';

/**
 * `--api-base` is the adapters' own `apiBase` setting: the request goes to that server, a live key
 * is refused with any other host (by the settings, naming the flag), and the journal's account
 * names the base URL. Against a loopback server that records what reached it.
 */
let server: Server;
let apiBase: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    request.resume();
    response.writeHead(404, { 'content-type': 'application/json' });
    // Each provider's own 404 body.
    response.end(
      JSON.stringify(
        request.url?.startsWith('/v1/')
          ? { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such invoice' } }
          : {
              message: 'Sorry, we could not find that resource',
              type: 'invalid_request',
              api_error_code: 'resource_not_found',
              error_code: 'resource_not_found',
              http_status_code: 404,
            },
      ),
    );
  });
  await once(server.listen(0, '127.0.0.1'), 'listening');
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server.close());
beforeEach(() => void seen.splice(0));

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('resolveCliProvider and --api-base', () => {
  it('Stripe: --api-base sends the request there, and the account names the base URL', async () => {
    const provider = resolveCliProvider(
      { provider: 'stripe', apiBase },
      { STRIPE_SECRET_KEY: 'sk_test_cliProvider0123' },
    );
    expect(provider.account).toMatch(new RegExp(`^stripe:test:[0-9a-f]{8}@${apiBase}$`));
    await expect(provider.client.getInvoice('in_cli')).rejects.toMatchObject({ code: 'not_found' });
    expect(seen.map((request) => request.url)).toEqual(['/v1/invoices/in_cli']);
  });

  // Until 2026-12-07 the account named the base URL as typed, so a --resume with a trailing
  // slash (or another case) was refused as another account.
  it('one server is one account however its base URL is spelled', () => {
    const env = { STRIPE_SECRET_KEY: 'sk_test_cliProvider0123' };
    const accounts = [apiBase, `${apiBase}/`, apiBase.toUpperCase()].map(
      (spelled) => resolveCliProvider({ provider: 'stripe', apiBase: spelled }, env).account,
    );
    expect(new Set(accounts).size).toBe(1);
    expect(accounts[0]).toMatch(new RegExp(`^stripe:test:[0-9a-f]{8}@${apiBase}$`));
  });

  it('Chargebee: --api-base sends there with the site in its header; the variable does the same', async () => {
    const env = { CHARGEBEE_SITE: 'acme-test', CHARGEBEE_API_KEY: 'test_cliProvider0123' };
    const byFlag = resolveCliProvider({ provider: 'chargebee', apiBase }, env);
    const byEnv = resolveCliProvider(
      { provider: 'chargebee' },
      { ...env, BILLBRIDGE_CHARGEBEE_API_BASE: apiBase },
    );
    expect(byFlag.account).toBe(byEnv.account);
    expect(byFlag.account).toMatch(new RegExp(`^chargebee:test:acme-test:[0-9a-f]{8}@${apiBase}$`));
    for (const provider of [byFlag, byEnv]) {
      await expect(provider.client.getInvoice('inv_cli')).rejects.toMatchObject({ code: 'not_found' });
    }
    expect(seen.map((request) => [request.url, request.headers['billbridge-chargebee-site']])).toEqual([
      ['/api/v2/invoices/inv_cli', 'acme-test'],
      ['/api/v2/invoices/inv_cli', 'acme-test'],
    ]);
  });

  it('a live key with another host is refused naming --api-base (or the variable), before any request', () => {
    const live = ['sk', 'live', 'cliProvider0123'].join('_');
    const byFlag = refusal(() =>
      resolveCliProvider({ provider: 'stripe', apiBase }, { STRIPE_SECRET_KEY: live }),
    );
    expect(byFlag.path).toBe('--api-base');
    expect(byFlag.message).toContain('a live key');
    expect(byFlag.message).not.toContain(live);
    const byEnv = refusal(() =>
      resolveCliProvider(
        { provider: 'stripe' },
        { STRIPE_SECRET_KEY: live, BILLBRIDGE_STRIPE_API_BASE: apiBase },
      ),
    );
    expect(byEnv.path).toBe('BILLBRIDGE_STRIPE_API_BASE');
    const chargebee = refusal(() =>
      resolveCliProvider(
        { provider: 'chargebee', apiBase },
        { CHARGEBEE_SITE: 'acme', CHARGEBEE_API_KEY: ['live', 'cliProvider0123'].join('_') },
      ),
    );
    expect(chargebee.path).toBe('--api-base');
    expect(seen).toEqual([]);
  });

  it('a base URL that is not an http(s) origin, and --api-base with memory, are refused', () => {
    for (const bad of ['127.0.0.1:12111', 'ftp://127.0.0.1', `${'http://127.0.0.1:1'}/v1`]) {
      const error = refusal(() =>
        resolveCliProvider({ provider: 'stripe', apiBase: bad }, { STRIPE_SECRET_KEY: 'sk_test_x0123' }),
      );
      expect(error.path, bad).toBe('--api-base');
    }
    expect(refusal(() => resolveCliProvider({ provider: 'memory', apiBase }, {})).path).toBe('--api-base');
    expect(seen).toEqual([]);
  });
});
