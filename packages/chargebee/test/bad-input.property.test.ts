import { ValidationError } from '@billbridge/core';
import fc from 'fast-check';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargebeeHarness, inlineCassette } from './support/cassette-harness.js';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.cleanAll());

/** Ids that could address another endpoint or smuggle a query: each must be refused before any request. */
const hostileId = fc.oneof(
  fc.constant(''),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => `${s}/void`),
  fc.string({ maxLength: 10 }).map((s) => `../${s}`),
  fc.string({ maxLength: 10 }).map((s) => `in_1?${s}`),
  fc.string({ maxLength: 10 }).map((s) => `in_1#${s}`),
  fc.string({ maxLength: 10 }).map((s) => `in 1${s}`),
  fc.string({ maxLength: 10 }).map((s) => `in_1%2F${s}`),
  fc.constantFrom('in_1\n', 'in_1\u0000', 'in_\u00e9', 'a'.repeat(256)),
);

describe('bad input never reaches Chargebee (property-based)', () => {
  it('hostile ids, bad amounts and over-long texts are ValidationErrors with zero requests', async () => {
    const { client, player } = chargebeeHarness(inlineCassette([]));
    try {
      await fc.assert(
        fc.asyncProperty(
          hostileId,
          fc.oneof(fc.double({ noInteger: true }), fc.integer({ max: 0 }), fc.constant(2 ** 53)),
          fc.string({ minLength: 301, maxLength: 400 }),
          async (id, amount, longText) => {
            const calls: Promise<unknown>[] = [
              client.voidInvoice(id),
              client.getInvoice(id),
              client.checkVoidable(id),
              client.getCreditNote(id),
              client.voidCreditNote(id),
              client.listCreditNotes({ invoiceId: id }),
              client.getCustomerBalance(id),
              client.setSubscriptionBalanceSettings(id, { consumeAppliedBalanceOnVoid: false }),
              client.createCreditNote({ invoiceId: 'in_1', amount }),
              client.voidInvoice('in_1', { comment: longText }),
              client.voidInvoice('in_1', { reasonCode: longText.slice(0, 101) }),
            ];
            for (const call of calls) {
              const error = await call.catch((e: unknown) => e);
              expect(ValidationError.isInstance(error)).toBe(true);
            }
          },
        ),
        { numRuns: 60 },
      );
      expect(player.requests).toHaveLength(0);
      player.assertDone();
    } finally {
      player.stop();
    }
  });
});
