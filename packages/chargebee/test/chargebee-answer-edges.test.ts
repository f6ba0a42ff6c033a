import {
  BillingError,
  createBillingClient,
  IdempotencyConflictError,
  ProviderUnavailableError,
  RateLimitError,
} from '@billbridge/core';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChargebeeProvider } from '../src/index.js';
import { invoice, ORIGIN, SITE } from './support/chargebee-fixtures.js';

// Answers Chargebee (or what stands in front of it) can give that the cassettes do not show; found
// by a review of the adapter on 2026-12-07, each test failing on the code before its fix.
beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const provider = () => createChargebeeProvider({ site: SITE, apiKey: 'test_x' });
const client = (maxAttempts = 1) =>
  createBillingClient({ provider: provider(), retry: { maxAttempts, baseDelayMs: 0 } });

describe('a customer on a single-currency site', () => {
  // Chargebee shows `preferred_currency_code` (and `balances[]`) only with multi-currency on; its
  // sample customer (apidocs.chargebee.com/docs/api/customers) has neither.
  const customer = {
    id: 'cust_single',
    object: 'customer',
    deleted: false,
    promotional_credits: 500,
    refundable_credits: 200,
    excess_payments: 100,
    unbilled_charges: 0,
  };

  it('reports its credit in the currency asked for (was credit 0)', async () => {
    nock(ORIGIN).get('/api/v2/customers/cust_single').reply(200, { customer });
    const balance = await client().getCustomerBalance('cust_single', { currency: 'usd' });
    expect(balance).toMatchObject({
      currency: 'usd',
      credit: 800,
      breakdown: { promotional: 500, refundable: 200, excessPayments: 100 },
    });
  });
});

describe('a JSON error without Chargebee’s api_error_code (a gateway in front of the site)', () => {
  it('is mapped by its status: 503 a retryable ProviderUnavailableError, 429 a RateLimitError with Retry-After', async () => {
    nock(ORIGIN).get('/api/v2/invoices/2001').reply(503, { message: 'Service Unavailable' });
    const unavailable = await provider()
      .doGetInvoice('2001', { attempt: 1 })
      .catch((e: unknown) => e);
    expect(unavailable).toSatisfy(ProviderUnavailableError.isInstance);
    expect(unavailable).toMatchObject({ retryable: true, status: 503 });

    nock(ORIGIN)
      .get('/api/v2/invoices/2001')
      .reply(429, { message: 'Too Many Requests' }, { 'retry-after': '1' });
    const limited = await provider()
      .doGetInvoice('2001', { attempt: 1 })
      .catch((e: unknown) => e);
    expect(limited).toSatisfy(RateLimitError.isInstance);
    expect(limited).toMatchObject({ retryAfterMs: 1_000 });
  });

  it('is retried by the client like Chargebee’s own 503', async () => {
    nock(ORIGIN).get('/api/v2/invoices/2001').reply(503, { message: 'Service Unavailable' });
    nock(ORIGIN)
      .get('/api/v2/invoices/2001')
      .reply(200, { invoice: invoice({ id: '2001', customerId: 'cust_1', status: 'payment_due' }) });
    await expect(client(2).getInvoice('2001')).resolves.toMatchObject({ id: '2001' });
  });
});

describe('422 unable_to_process_request', () => {
  const refusal = (param?: string) => ({
    message: param
      ? 'total : The credit note amount cannot be more than the amount due on the invoice'
      : 'The request could not be processed',
    type: 'invalid_request',
    api_error_code: 'unable_to_process_request',
    ...(param ? { param } : {}),
  });

  it('that names a parameter is about the payload: a provider_error with Chargebee’s message, not a reused key', async () => {
    nock(ORIGIN).post('/api/v2/credit_notes').reply(422, refusal('total'));
    const error = await client()
      .createCreditNote({ invoiceId: '2001', amount: 999_999, idempotencyKey: 'fresh-key' })
      .catch((e: unknown) => e);
    expect(IdempotencyConflictError.isInstance(error)).toBe(false);
    expect(error).toSatisfy(BillingError.isInstance);
    expect(error).toMatchObject({ code: 'provider_error', outcome: 'failed', retryable: false });
    expect((error as Error).message).toMatch(/cannot be more than the amount due.*\(param total\)/);
  });

  it('that names none is still the key conflict DESIGN §7 maps it to', async () => {
    nock(ORIGIN).post('/api/v2/credit_notes').reply(422, refusal());
    const error = await client()
      .createCreditNote({ invoiceId: '2001', amount: 100, idempotencyKey: 'reused-key' })
      .catch((e: unknown) => e);
    expect(error).toSatisfy(IdempotencyConflictError.isInstance);
    expect((error as Error).message).toMatch(/usually means the key was already used/);
  });
});
