import { createBillingClient, NotFoundError } from '@billbridge/core';
import { withCassette } from '@billbridge/testing';
import nock from 'nock';
import Stripe from 'stripe';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStripeProvider } from '../src/index.js';
import { withoutSdkCallSite } from '../src/without-sdk-call-site.js';
import { cassette, IN_OPEN, stripeBilling, userStripe } from './stripe-test-kit.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Frames in a stack string ("    at …" lines). */
const frames = (stack: string | undefined) =>
  (stack ?? '').split('\n').filter((line) => line.startsWith('    at ')).length;

describe('withoutSdkCallSite', () => {
  it('takes no frames while the request starts, and puts the limit back, also when the start throws', () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 17;
    try {
      const inside = withoutSdkCallSite(() => ({
        limit: Error.stackTraceLimit,
        stack: new Error('x').stack,
      }));
      expect(inside.limit).toBe(0);
      expect(frames(inside.stack)).toBe(0);
      expect(Error.stackTraceLimit).toBe(17);
      expect(() =>
        withoutSdkCallSite(() => {
          throw new TypeError('refused at once');
        }),
      ).toThrow(TypeError);
      expect(Error.stackTraceLimit).toBe(17);
      expect(frames(new Error('after').stack)).toBeGreaterThan(0);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});

describe('the Stripe provider starts its SDK requests without the call-site capture', () => {
  it('stripe-node sees a limit of 0 while a void starts, and the void and its mapping are unchanged', async () => {
    await withCassette(cassette('void-applied-credit-default.json'), async (player) => {
      const client = userStripe();
      const seen: number[] = [];
      const voidInvoice = client.invoices.voidInvoice.bind(client.invoices);
      client.invoices.voidInvoice = ((...args: Parameters<typeof voidInvoice>) => {
        seen.push(Error.stackTraceLimit);
        return voidInvoice(...args);
      }) as typeof voidInvoice;
      const limit = Error.stackTraceLimit;
      const result = await createBillingClient({ provider: createStripeProvider({ client }) }).voidInvoice(
        IN_OPEN,
        {
          idempotencyKey: 'void-key-1',
        },
      );
      expect(seen).toEqual([0]);
      expect(Error.stackTraceLimit).toBe(limit);
      expect(player.requests).toHaveLength(1);
      expect(result.invoice).toMatchObject({ id: IN_OPEN, status: 'void', appliedBalance: { amount: 500 } });
    });
  });

  it("an SDK error still reaches the caller as a BillingError with a stack of its own, the SDK's as its cause", async () => {
    nock('https://api.stripe.com')
      .get('/v1/invoices/in_missing')
      .reply(404, {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such invoice' },
      });
    const error = await stripeBilling()
      .getInvoice('in_missing')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(frames((error as Error).stack)).toBeGreaterThan(0);
    expect((error as Error).cause).toBeInstanceOf(Stripe.errors.StripeError);
  });
});
