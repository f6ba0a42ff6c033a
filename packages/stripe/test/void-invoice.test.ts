import { createBillingClient, InvoiceNotVoidableError, NotFoundError } from '@billbridge/core';
import { type Cassette, readCassette, withCassette } from '@billbridge/testing';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStripeProvider, STRIPE_VOID_METADATA_KEYS } from '../src/index.js';
import { cassette, IN_OPEN, stripeBilling, userStripe } from './stripe-test-kit.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('voidInvoice on Stripe', () => {
  it('the happy path is exactly one HTTP request', async () => {
    await withCassette(cassette('void-applied-credit-default.json'), async (player) => {
      const result = await stripeBilling().voidInvoice(IN_OPEN, { idempotencyKey: 'void-key-1' });
      expect(player.requests).toHaveLength(1);
      expect(player.requests[0]).toMatchObject({ method: 'POST', path: `/v1/invoices/${IN_OPEN}/void` });
      expect(result).toMatchObject({ creditNote: null, warnings: [], replayed: false });
      expect(result.invoice).toMatchObject({
        id: IN_OPEN,
        provider: 'stripe',
        customerId: 'cus_NeZwdNtLEOXuvB',
        status: 'void',
        providerStatus: 'void',
        total: { amount: 2000, currency: 'usd' },
        amountDue: { amount: 1500, currency: 'usd' },
        appliedBalance: { amount: 500, currency: 'usd' },
        voidReasonCode: null,
      });
      expect((result.raw as { id: string }).id).toBe(IN_OPEN);
    });
  });

  it('the generated idempotency key goes out as Idempotency-Key', async () => {
    await withCassette(cassette('void-applied-credit-default.json'), async (player) => {
      const billing = createBillingClient({
        provider: createStripeProvider({ client: userStripe() }),
        generateIdempotencyKey: () => 'void-key-1',
      });
      await billing.voidInvoice(IN_OPEN);
      expect(player.requests[0]?.headers['idempotency-key']).toBe('void-key-1');
    });
  });

  it('reason and comment: void first, then one metadata write with a derived key', async () => {
    await withCassette(cassette('void-with-reason-default.json'), async (player) => {
      const result = await stripeBilling().voidInvoice(IN_OPEN, {
        reasonCode: 'duplicate',
        comment: 'Raised twice by mistake',
        idempotencyKey: 'void-key-1',
      });
      expect(player.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        `POST /v1/invoices/${IN_OPEN}/void`,
        `POST /v1/invoices/${IN_OPEN}`,
      ]);
      expect(player.requests[0]?.body).toEqual({});
      expect(player.requests[1]?.body).toEqual({
        [`metadata[${STRIPE_VOID_METADATA_KEYS.reasonCode}]`]: 'duplicate',
        [`metadata[${STRIPE_VOID_METADATA_KEYS.comment}]`]: 'Raised twice by mistake',
      });
      expect(player.requests[1]?.headers['idempotency-key']).toBe('void-key-1:metadata');
      expect(result.invoice.voidReasonCode).toBe('duplicate');
      expect(result.invoice.metadata).toMatchObject({ billbridge_void_comment: 'Raised twice by mistake' });
      expect(result.warnings.map((warning) => warning.code)).toEqual(['recorded_as_metadata']);
    });
  });

  it('a failed metadata write still returns the void, with warnings', async () => {
    const source = readCassette(cassette('void-with-reason-default.json'));
    const failing: Cassette = {
      ...source,
      interactions: [
        source.interactions[0]!,
        {
          ...source.interactions[1]!,
          response: {
            status: 500,
            body: { error: { type: 'api_error', message: 'Sorry, something went wrong.' } },
          },
        },
      ],
    };
    await withCassette(failing, async () => {
      const result = await stripeBilling().voidInvoice(IN_OPEN, {
        reasonCode: 'duplicate',
        comment: 'Raised twice by mistake',
        idempotencyKey: 'void-key-1',
      });
      expect(result.invoice.status).toBe('void');
      expect(result.invoice.voidReasonCode).toBeNull();
      expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
      expect(result.warnings.map((warning) => warning.code)).toEqual([
        'reason_not_recorded',
        'comment_not_recorded',
      ]);
      expect(result.warnings[0]?.message).toMatch(/voided but writing its metadata failed/);
    });
  });

  it('providerOptions.stripe.recordVoidReasonAsMetadata: false: one request and warnings', async () => {
    await withCassette(cassette('void-applied-credit-default.json'), async (player) => {
      const result = await stripeBilling().voidInvoice(IN_OPEN, {
        reasonCode: 'duplicate',
        comment: 'x',
        idempotencyKey: 'void-key-1',
        providerOptions: { stripe: { recordVoidReasonAsMetadata: false } },
      });
      expect(player.requests).toHaveLength(1);
      expect(result.warnings.map((warning) => warning.code)).toEqual([
        'reason_not_recorded',
        'comment_not_recorded',
      ]);
    });
  });

  it('recordVoidReasonAsMetadata: false on the factory: capabilities say none; the client warns', async () => {
    await withCassette(cassette('void-applied-credit-default.json'), async (player) => {
      const billing = stripeBilling({ recordVoidReasonAsMetadata: false });
      expect(billing.capabilities.voidInvoice.reasonCode).toBe('none');
      const result = await billing.voidInvoice(IN_OPEN, {
        reasonCode: 'duplicate',
        idempotencyKey: 'void-key-1',
        // The per-call option cannot turn recording back on: the capabilities already said 'none'.
        providerOptions: { stripe: { recordVoidReasonAsMetadata: true } },
      });
      expect(player.requests).toHaveLength(1);
      expect(result.warnings.map((warning) => warning.code)).toEqual(['reason_not_recorded']);
    });
  });

  it('an unknown provider option is a ValidationError before any request', async () => {
    const error = await stripeBilling()
      .voidInvoice(IN_OPEN, { providerOptions: { stripe: { recordReason: true } } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'validation_failed', path: 'providerOptions.stripe' });
  });

  for (const [status, blocker] of [
    ['paid', 'paid'],
    ['draft', 'draft'],
    ['void', 'already_void'],
  ] as const) {
    it(`a refused void of a ${status} invoice reads it and names '${blocker}'; no metadata is written`, async () => {
      await withCassette(cassette(`void-refused-${status}.json`), async (player) => {
        const error = await stripeBilling()
          .voidInvoice(IN_OPEN, { reasonCode: 'duplicate', comment: 'c', idempotencyKey: 'void-key-1' })
          .catch((caught: unknown) => caught);
        expect(InvoiceNotVoidableError.isInstance(error)).toBe(true);
        const refused = error as InvoiceNotVoidableError;
        expect(refused.blockers).toEqual([blocker]);
        expect(refused.invoice?.status).toBe(status);
        expect(refused).toMatchObject({
          provider: 'stripe',
          status: 400,
          outcome: 'failed',
          retryable: false,
        });
        expect(refused.requestId).toMatch(/^req_/);
        expect((refused.cause as Error).constructor.name).toBe('StripeInvalidRequestError');
        expect(player.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
        expect(
          player.requests.some(
            (request) => request.path === `/v1/invoices/${IN_OPEN}` && request.method === 'POST',
          ),
        ).toBe(false);
      });
    });
  }

  it('an unknown invoice is NotFoundError after one request (no read)', async () => {
    await withCassette(cassette('void-not-found.json'), async (player) => {
      const error = await stripeBilling()
        .voidInvoice('in_missing', { idempotencyKey: 'void-key-1' })
        .catch((caught: unknown) => caught);
      expect(NotFoundError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 404, provider: 'stripe', retryable: false });
      expect(player.requests).toHaveLength(1);
    });
  });

  it('checkVoidable reads once and never writes', async () => {
    const source = readCassette(cassette('void-refused-paid.json'));
    await withCassette({ ...source, interactions: [source.interactions[1]!] }, async (player) => {
      const result = await stripeBilling().checkVoidable(IN_OPEN);
      expect(result).toMatchObject({ voidable: false, blockers: ['paid'] });
      expect(player.requests.map((request) => request.method)).toEqual(['GET']);
    });
  });
});
