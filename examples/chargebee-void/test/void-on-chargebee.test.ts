import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../src/format-money.js';
import { voidOnChargebee } from '../src/void-on-chargebee.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const KEY = 'test_exampleKeyNeverPrinted000000000';
const invoice = (status: string, extra: Record<string, unknown> = {}) => ({
  id: '1001',
  customer_id: 'cbdemo_ada',
  recurring: false,
  status,
  price_type: 'tax_exclusive',
  currency_code: 'USD',
  tax: 0,
  sub_total: 2000,
  total: 1500,
  amount_due: status === 'voided' ? 0 : 1500,
  amount_paid: 0,
  term_finalized: true,
  is_gifted: false,
  deleted: false,
  date: 1_767_225_600,
  discounts: [{ amount: 500, entity_type: 'promotional_credits', description: 'Promotional Credits' }],
  ...extra,
});

async function run(env: Record<string, string>) {
  const lines: string[] = [];
  const code = await voidOnChargebee(env, (line) => lines.push(line));
  return { code, text: lines.join('\n') };
}

describe('examples/chargebee-void', () => {
  it('explains itself and exits 0 without settings (no request)', async () => {
    const scope = nock('https://acme-test.chargebee.com').get(/.*/).reply(500);
    const { code, text } = await run({});
    expect(code).toBe(0);
    expect(text).toContain('CHARGEBEE_SITE');
    expect(text).toMatch(
      /Missing: CHARGEBEE_SITE, CHARGEBEE_API_KEY, CHARGEBEE_INVOICE_ID\. Nothing was sent\./,
    );
    expect(scope.isDone()).toBe(false);
  });

  it('refuses a site that is not a test site', async () => {
    const { code, text } = await run({
      CHARGEBEE_SITE: 'acme',
      CHARGEBEE_API_KEY: KEY,
      CHARGEBEE_INVOICE_ID: '1001',
    });
    expect(code).toBe(1);
    expect(text).toMatch(/does not look like a test site/);
  });

  it('reads the invoice, voids it with the reason and comment, and reports the credits returned', async () => {
    let body: unknown;
    nock('https://acme-test.chargebee.com')
      .get('/api/v2/invoices/1001')
      .reply(200, { invoice: invoice('payment_due') })
      .post('/api/v2/invoices/1001/void', (sent: Record<string, string>) => {
        body = sent;
        return true;
      })
      .reply(200, {
        invoice: invoice('voided', { void_reason_code: 'Duplicate' }),
        credit_note: {
          id: 'CN-9',
          customer_id: 'cbdemo_ada',
          reference_invoice_id: '1001',
          type: 'adjustment',
          status: 'adjusted',
          price_type: 'tax_exclusive',
          currency_code: 'USD',
          total: 1500,
          sub_total: 1500,
          deleted: false,
        },
      });
    const { code, text } = await run({
      CHARGEBEE_SITE: 'acme-test',
      CHARGEBEE_API_KEY: KEY,
      CHARGEBEE_INVOICE_ID: '1001',
      CHARGEBEE_VOID_REASON_CODE: 'Duplicate',
      CHARGEBEE_VOID_COMMENT: 'Raised twice',
      CHARGEBEE_VOID_CREATES_CREDIT_NOTE: 'true',
    });
    expect(code).toBe(0);
    expect(body).toEqual({ comment: 'Raised twice', void_reason_code: 'Duplicate' });
    expect(text).toContain(
      'Invoice 1001: payment_due (open), total 20.00 USD, promotional credits applied 5.00 USD, due 15.00 USD',
    );
    expect(text).toContain('Voided: status voided, reason code Duplicate');
    expect(text).toContain('Promotional credits returned to cbdemo_ada: 5.00 USD');
    expect(text).toContain('Credit note made by the void: CN-9 (adjustment, 15.00 USD)');
    expect(text).not.toContain(KEY);
  });

  it('names the blockers and does not void', async () => {
    nock('https://acme-test.chargebee.com')
      .get('/api/v2/invoices/1001')
      .reply(200, { invoice: invoice('paid') });
    const { code, text } = await run({
      CHARGEBEE_SITE: 'acme-test',
      CHARGEBEE_API_KEY: KEY,
      CHARGEBEE_INVOICE_ID: '1001',
    });
    expect(code).toBe(1);
    expect(text).toContain('Not voidable: paid. Nothing was voided.');
  });

  it('prints a billbridge error without the key', async () => {
    nock('https://acme-test.chargebee.com').get('/api/v2/invoices/1001').reply(401, {
      message: 'Sorry, authentication failed. Invalid api key',
      type: 'untyped',
      api_error_code: 'api_authentication_failed',
    });
    const { code, text } = await run({
      CHARGEBEE_SITE: 'acme-test',
      CHARGEBEE_API_KEY: KEY,
      CHARGEBEE_INVOICE_ID: '1001',
    });
    expect(code).toBe(1);
    expect(text).toMatch(/Failed: AuthenticationError \(authentication_failed\)/);
    expect(text).not.toContain(KEY);
  });

  it('formats minor units without floats', () => {
    expect(formatMoney({ amount: 1505, currency: 'usd' })).toBe('15.05 USD');
    expect(formatMoney(null)).toBe('—');
  });
});
