import { ValidationError } from '@billbridge/core';
import { playCassette } from '@billbridge/testing';
import fc from 'fast-check';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_OPEN, stripeBilling } from './stripe-test-kit.js';

const player = { current: undefined as ReturnType<typeof playCassette> | undefined };
beforeAll(() => {
  nock.disableNetConnect();
  player.current = playCassette({
    meta: {
      provider: 'stripe',
      apiVersion: '2026-10-28.endive',
      sdkVersion: 'stripe',
      source: 'documented',
      origin: 'https://api.stripe.com',
    },
    interactions: [],
  });
});
afterAll(() => player.current?.stop());

/** Ids that could address another endpoint or smuggle a query. */
const hostileId = fc.oneof(
  fc.constantFrom(
    '',
    '..',
    'in_1/../customers',
    'in_1?expand[]=customer',
    'in_1#x',
    'in 1',
    'in_1%2F',
    'in_\n1',
  ),
  fc.string({ minLength: 1, maxLength: 20 }).map((tail) => `in_${tail}/`),
  fc.string({ minLength: 256, maxLength: 300 }),
);
const badAmount = fc.oneof(
  fc.double({ noInteger: true }),
  fc.integer({ max: 0 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53),
);

describe('bad input never reaches Stripe', () => {
  it('hostile ids and bad amounts are ValidationErrors with no request', async () => {
    const billing = stripeBilling();
    await fc.assert(
      fc.asyncProperty(hostileId, badAmount, async (id, amount) => {
        for (const call of [
          () => billing.voidInvoice(id),
          () => billing.getInvoice(id),
          () => billing.checkVoidable(id),
          () => billing.getCreditNote(id),
          () => billing.voidCreditNote(id),
          () => billing.listCreditNotes({ invoiceId: id }),
          () => billing.getCustomerBalance(id),
          () => billing.setSubscriptionBalanceSettings(id, { consumeAppliedBalanceOnVoid: false }),
          () => billing.reverseInvoice(id),
          () => billing.createCreditNote({ invoiceId: IN_OPEN, amount }),
        ]) {
          const error = await call().catch((caught: unknown) => caught);
          expect(ValidationError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
    expect(player.current?.requests).toHaveLength(0);
    expect(player.current?.problems).toEqual([]);
  });
});
