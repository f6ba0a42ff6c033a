import {
  AuthenticationError,
  BillingError,
  ConflictError,
  ConnectionError,
  createBillingClient,
  IdempotencyConflictError,
  isBillingError,
  NotFoundError,
  PermissionError,
  ProviderUnavailableError,
  RateLimitError,
} from '@billbridge/core';
import { withCassette } from '@billbridge/testing';
import nock from 'nock';
import Stripe from 'stripe';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStripeProvider, mapStripeError, parseRetryAfter } from '../src/index.js';
import { cassette, IN_OPEN, stripeBilling, TEST_KEY } from './stripe-test-kit.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

type ErrorClass = new (...args: never[]) => Error;

/** Every error class stripe-node exports (`Stripe.errors`). */
const errorClasses = (Object.entries(Stripe.errors) as [string, unknown][]).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
);

function construct(name: string, ErrorClass: ErrorClass, raw: Record<string, unknown>): Error {
  const make = ErrorClass as unknown as new (...args: unknown[]) => Error;
  return name === 'StripeSignatureVerificationError' ? new make('t=1,v1=x', '{}', raw) : new make(raw);
}

/** A stand-in Stripe client whose every call throws `error`. */
function throwingClient(error: unknown): Stripe {
  const fail = async () => {
    throw error;
  };
  return {
    invoices: { voidInvoice: fail, retrieve: fail, update: fail },
    creditNotes: { create: fail, retrieve: fail, list: fail, voidCreditNote: fail },
    customers: { retrieve: fail },
    subscriptions: { update: fail },
    getApiField: () => '2026-10-28.endive',
  } as unknown as Stripe;
}

const leakyRaw = (statusCode?: number, extra: Record<string, unknown> = {}): never =>
  ({
    message: `Invalid API Key provided: ${TEST_KEY}`,
    type: 'invalid_request_error',
    requestId: 'req_123',
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...extra,
  }) as never;

describe('no stripe-node error class escapes unwrapped', () => {
  it('knows the core classes', () => {
    const names = errorClasses.map(([name]) => name);
    for (const name of [
      'StripeError',
      'StripeCardError',
      'StripeInvalidRequestError',
      'StripeAPIError',
      'StripeAuthenticationError',
      'StripePermissionError',
      'StripeRateLimitError',
      'StripeConnectionError',
      'StripeSignatureVerificationError',
      'StripeIdempotencyError',
      'StripeOAuthError',
    ]) {
      expect(names).toContain(name);
    }
  });

  for (const [name, ErrorClass] of errorClasses) {
    it(`${name} becomes a BillingError with the SDK error as cause and no key in its text`, async () => {
      const original = construct(name, ErrorClass, leakyRaw(418));
      for (const run of [
        (billing: ReturnType<typeof createBillingClient>) => billing.getInvoice(IN_OPEN),
        (billing: ReturnType<typeof createBillingClient>) => billing.voidInvoice(IN_OPEN),
        (billing: ReturnType<typeof createBillingClient>) =>
          billing.createCreditNote({ invoiceId: IN_OPEN, amount: 300 }),
        (billing: ReturnType<typeof createBillingClient>) => billing.getCustomerBalance('cus_1'),
      ]) {
        const billing = createBillingClient({
          provider: createStripeProvider({ client: throwingClient(original) }),
          retry: { maxAttempts: 1 },
        });
        const error = await run(billing).catch((caught: unknown) => caught);
        expect(isBillingError(error)).toBe(true);
        const billingError = error as BillingError;
        expect(billingError.provider).toBe('stripe');
        expect(billingError.cause).toBe(original);
        expect(billingError.message).not.toContain(TEST_KEY);
        expect(billingError.message).not.toMatch(/sk_test_[A-Za-z0-9]{6}/);
        expect(JSON.stringify(billingError)).not.toContain(TEST_KEY);
      }
    });
  }
});

describe('the mapping, class by class (DESIGN §7)', () => {
  const cases: [
    string,
    Error,
    (error: unknown) => boolean,
    Partial<BillingError> & Record<string, unknown>,
  ][] = [
    [
      '400 invalid request',
      new Stripe.errors.StripeInvalidRequestError(leakyRaw(400)),
      (e) => BillingError.isInstance(e),
      { code: 'provider_error', retryable: false, outcome: 'failed', status: 400 },
    ],
    [
      '404 invalid request',
      new Stripe.errors.StripeInvalidRequestError(leakyRaw(404, { code: 'resource_missing' })),
      NotFoundError.isInstance,
      { retryable: false, outcome: 'failed', status: 404 },
    ],
    [
      '429 rate limit',
      new Stripe.errors.StripeRateLimitError(leakyRaw(429, { headers: { 'retry-after': '3' } })),
      RateLimitError.isInstance,
      { retryable: true, outcome: 'not_executed', status: 429, retryAfterMs: 3000 },
    ],
    [
      'idempotency',
      new Stripe.errors.StripeIdempotencyError(leakyRaw(400, { type: 'idempotency_error' })),
      IdempotencyConflictError.isInstance,
      { retryable: false, outcome: 'failed', status: 400 },
    ],
    [
      '401',
      new Stripe.errors.StripeAuthenticationError(leakyRaw(401)),
      AuthenticationError.isInstance,
      { retryable: false, outcome: 'not_executed', status: 401 },
    ],
    [
      '403',
      new Stripe.errors.StripePermissionError(leakyRaw(403)),
      PermissionError.isInstance,
      { retryable: false, outcome: 'not_executed', status: 403 },
    ],
    [
      '500',
      new Stripe.errors.StripeAPIError(leakyRaw(500, { type: 'api_error' })),
      ProviderUnavailableError.isInstance,
      { retryable: true, outcome: 'unknown', status: 500 },
    ],
    [
      '503 told not to retry',
      new Stripe.errors.StripeAPIError(leakyRaw(503, { headers: { 'stripe-should-retry': 'false' } })),
      ProviderUnavailableError.isInstance,
      { retryable: false, outcome: 'unknown' },
    ],
    [
      '409 lock',
      new Stripe.errors.StripeAPIError(leakyRaw(409, { code: 'lock_timeout' })),
      ConflictError.isInstance,
      { retryable: true, outcome: 'failed', status: 409 },
    ],
    [
      'connection',
      new Stripe.errors.StripeConnectionError({
        message: 'An error occurred with our connection to Stripe.',
      }),
      ConnectionError.isInstance,
      { retryable: true, outcome: 'unknown' },
    ],
    [
      '402 card',
      new Stripe.errors.StripeCardError(leakyRaw(402)),
      (e) => BillingError.isInstance(e),
      { code: 'provider_error', retryable: false },
    ],
    [
      'a TypeError',
      new TypeError(`bad ${TEST_KEY}`),
      (e) => BillingError.isInstance(e),
      { code: 'provider_error', outcome: 'unknown' },
    ],
  ];
  for (const [label, original, check, expected] of cases) {
    it(label, () => {
      const mapped = mapStripeError(original, { operation: 'voidInvoice', apiKey: TEST_KEY });
      expect(check(mapped)).toBe(true);
      expect(mapped).toMatchObject({ provider: 'stripe', ...expected });
      expect(mapped.cause).toBe(original);
      expect(mapped.message).not.toContain(TEST_KEY);
      if (label !== 'connection' && label !== 'a TypeError') expect(mapped.requestId).toBe('req_123');
    });
  }

  it('Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('HTTP errors from cassettes', () => {
  it('401: AuthenticationError, the key nowhere in the message', async () => {
    await withCassette(cassette('authentication-401.json'), async () => {
      const error = await stripeBilling()
        .getInvoice(IN_OPEN)
        .catch((caught: unknown) => caught);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      const billingError = error as BillingError;
      expect(billingError).toMatchObject({ status: 401, outcome: 'not_executed', retryable: false });
      expect(billingError.requestId).toMatch(/^req_/);
      expect(billingError.message).toContain('[redacted]');
      expect(billingError.message).not.toMatch(/sk_test_/);
      expect(JSON.stringify(billingError)).not.toMatch(/sk_test_/);
    });
  });

  it('429 with Retry-After: RateLimitError.retryAfterMs', async () => {
    await withCassette(cassette('rate-limit-429.json'), async (player) => {
      const error = await stripeBilling()
        .voidInvoice(IN_OPEN, { idempotencyKey: 'void-key-1' })
        .catch((caught: unknown) => caught);
      expect(RateLimitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        status: 429,
        retryAfterMs: 2000,
        retryable: true,
        outcome: 'not_executed',
      });
      expect(player.requests).toHaveLength(1);
    });
  });

  it('500 on void: one POST (the SDK does not retry), the client reconciles with one read, then throws', async () => {
    await withCassette(cassette('server-error-500.json'), async (player) => {
      // userStripe() has maxNetworkRetries: 2; the adapter sends maxNetworkRetries: 0 per request.
      const error = await stripeBilling()
        .voidInvoice(IN_OPEN)
        .catch((caught: unknown) => caught);
      expect(ProviderUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 500, outcome: 'unknown', retryable: true });
      expect(player.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
    });
  });

  it('the client retries a 429 with the same Idempotency-Key (one policy, in the client)', async () => {
    const scope = nock('https://api.stripe.com')
      .post(`/v1/invoices/${IN_OPEN}/void`)
      .reply(
        429,
        { error: { type: 'invalid_request_error', message: 'Too many requests', code: 'rate_limit' } },
        { 'retry-after': '0' },
      )
      .post(`/v1/invoices/${IN_OPEN}/void`)
      .reply(200, {
        id: IN_OPEN,
        object: 'invoice',
        status: 'void',
        currency: 'usd',
        total: 2000,
        starting_balance: -500,
        ending_balance: 0,
      });
    const keys: string[] = [];
    scope.on('request', (request: { headers: Record<string, string> }) =>
      keys.push(request.headers['idempotency-key'] ?? ''),
    );
    const billing = createBillingClient({
      provider: createStripeProvider({ apiKey: TEST_KEY }),
      retry: { maxAttempts: 3, baseDelayMs: 0 },
    });
    const result = await billing.voidInvoice(IN_OPEN, { idempotencyKey: 'same-key' });
    expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
    expect(keys).toEqual(['same-key', 'same-key']);
    expect(scope.isDone()).toBe(true);
  });
});
