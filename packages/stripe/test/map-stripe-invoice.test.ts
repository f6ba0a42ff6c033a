import { withCassette } from '@billbridge/testing';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mapStripeInvoice } from '../src/index.js';
import { cassette, IN_OPEN, stripeBilling } from './stripe-test-kit.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const SUB = 'sub_1MowQVLkdIwHu7ixeRlqHVzs';

describe('invoices in the shape of their API version', () => {
  it('a subscription invoice today names its subscription in parent.subscription_details', async () => {
    await withCassette(cassette('invoice-subscription.json'), async () => {
      const invoice = await stripeBilling().getInvoice(IN_OPEN);
      expect(invoice.subscriptionId).toBe(SUB);
      expect(invoice.raw).not.toHaveProperty('subscription');
    });
  });

  it('each version reads only its own field: subscription before 2025-03-31.basil, parent from then on', () => {
    const both = {
      id: 'in_1',
      currency: 'usd',
      subscription: 'sub_old',
      parent: { subscription_details: { subscription: 'sub_new' } },
    };
    expect(mapStripeInvoice(both, '2019-11-05').subscriptionId).toBe('sub_old');
    expect(mapStripeInvoice(both, '2025-03-30').subscriptionId).toBe('sub_old');
    expect(mapStripeInvoice(both, '2025-03-31.basil').subscriptionId).toBe('sub_new');
    expect(mapStripeInvoice(both).subscriptionId).toBe('sub_new');
    expect(
      mapStripeInvoice({ id: 'in_2', currency: 'usd', subscription: 'sub_old' }).subscriptionId,
    ).toBeNull();
    expect(mapStripeInvoice({ id: 'in_3', currency: 'usd', parent: null }).subscriptionId).toBeNull();
  });

  it('an overpaid invoice: amountPaid is what was paid; the 300 overpaid is the customer balance, not the invoice', async () => {
    await withCassette(cassette('invoice-overpaid.json'), async () => {
      const invoice = await stripeBilling().getInvoice(IN_OPEN);
      expect(invoice).toMatchObject({
        status: 'paid',
        amountDue: { amount: 1500, currency: 'usd' },
        amountPaid: { amount: 1800, currency: 'usd' },
        appliedBalance: { amount: 500, currency: 'usd' },
        amountCreditable: { amount: 2000, currency: 'usd' },
      });
      expect(invoice.raw).toMatchObject({ amount_overpaid: 300 });
    });
  });
});

describe('what an open invoice can still be credited', () => {
  it('is its amount_remaining: a partial payment of 800 leaves 1 200 to credit, not the 2 000 due', () => {
    const invoice = mapStripeInvoice(
      {
        id: 'in_1',
        currency: 'usd',
        status: 'open',
        total: 2000,
        amount_due: 2000,
        amount_paid: 800,
        amount_remaining: 1200,
      },
      '2026-10-28.endive',
    );
    expect(invoice.amountCreditable).toEqual({ amount: 1200, currency: 'usd' });
  });
});

describe('invoice statuses', () => {
  // The status table is a plain object: a status named like an Object.prototype member must get
  // the unknown-status fallback, not the member (`constructor` found `function Object()`).
  it.each(['constructor', 'toString', '__proto__', 'valueOf'])(
    'an unknown status %s maps to draft',
    (status) => {
      const invoice = mapStripeInvoice({ id: 'in_1', currency: 'usd', status }, '2026-10-28.endive');
      expect(invoice.status).toBe('draft');
      expect(invoice.providerStatus).toBe(status);
    },
  );
});
