import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { log: (line: string) => out.push(line), error: (line: string) => err.push(line) }, out, err };
}

describe('examples/stripe-void', () => {
  it('explains itself and exits 0 without a key', async () => {
    const { io, out } = capture();
    expect(await main([], {}, io)).toBe(0);
    expect(out.join('\n')).toMatch(/STRIPE_SECRET_KEY is not set/);
  });

  it('refuses a live key before any request', async () => {
    const { io, err } = capture();
    expect(await main(['in_1'], { STRIPE_SECRET_KEY: 'sk_live_abc' }, io)).toBe(1);
    expect(err.join('\n')).toMatch(/Refusing a live key/);
    expect(err.join('\n')).not.toContain('sk_live_abc');
  });

  it('voids with a test key and reports the balance given back', async () => {
    const scope = nock('https://api.stripe.com')
      .post('/v1/invoices/in_1/void', '')
      .reply(200, {
        id: 'in_1',
        object: 'invoice',
        status: 'void',
        currency: 'usd',
        total: 2000,
        starting_balance: -500,
        ending_balance: 0,
      })
      .post('/v1/invoices/in_1', 'metadata[billbridge_void_reason_code]=billbridge-example')
      .reply(200, {
        id: 'in_1',
        object: 'invoice',
        status: 'void',
        currency: 'usd',
        total: 2000,
        starting_balance: -500,
        ending_balance: 0,
        metadata: { billbridge_void_reason_code: 'billbridge-example' },
      });
    const { io, out } = capture();
    expect(await main([], { STRIPE_SECRET_KEY: 'sk_test_example', STRIPE_INVOICE_ID: 'in_1' }, io)).toBe(0);
    expect(out).toContain('Customer balance given back: 500 usd.');
    expect(scope.isDone()).toBe(true);
  });

  it('reports a refused void with its blockers', async () => {
    nock('https://api.stripe.com')
      .post('/v1/invoices/in_1/void')
      .reply(400, { error: { type: 'invalid_request_error', message: 'not voidable' } })
      .get('/v1/invoices/in_1')
      .reply(200, { id: 'in_1', object: 'invoice', status: 'paid', currency: 'usd', total: 2000 });
    const { io, err } = capture();
    expect(await main(['in_1'], { STRIPE_SECRET_KEY: 'sk_test_example' }, io)).toBe(1);
    expect(err).toContain('Blockers: paid');
  });
});
