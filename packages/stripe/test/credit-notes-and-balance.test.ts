import { withCassette } from '@billbridge/testing';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mapStripeCreditNote } from '../src/index.js';
import { CUSTOMER, cassette, IN_OPEN, stripeBilling } from './stripe-test-kit.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const CN = 'cn_1MxvRqLkdIwHu7ixY0xbUcxk';

describe('credit notes on Stripe', () => {
  it('on an open invoice: pre-payment adjustment of 300, exact body', async () => {
    await withCassette(cassette('credit-note-create-open.json'), async (player) => {
      const note = await stripeBilling().createCreditNote({
        invoiceId: IN_OPEN,
        amount: 300,
        reason: 'order_change',
        idempotencyKey: 'cn-key-1',
      });
      expect(player.requests[0]?.body).toEqual({ invoice: IN_OPEN, amount: '300', reason: 'order_change' });
      expect(player.requests[0]?.headers['idempotency-key']).toBe('cn-key-1');
      expect(note).toMatchObject({
        id: CN,
        provider: 'stripe',
        invoiceId: IN_OPEN,
        customerId: CUSTOMER,
        kind: 'adjustment',
        status: 'issued',
        total: { amount: 300, currency: 'usd' },
        creditAmount: 0,
        refundAmount: 0,
        outOfBandAmount: 0,
        reason: 'order_change',
      });
    });
  });

  it('on a paid invoice: post-payment credit to the balance, exact body', async () => {
    await withCassette(cassette('credit-note-create-paid.json'), async (player) => {
      const note = await stripeBilling().createCreditNote({
        invoiceId: IN_OPEN,
        amount: 2000,
        creditAmount: 2000,
        idempotencyKey: 'cn-key-1',
      });
      expect(player.requests[0]?.body).toEqual({ invoice: IN_OPEN, amount: '2000', credit_amount: '2000' });
      expect(note).toMatchObject({
        kind: 'credit',
        creditAmount: 2000,
        total: { amount: 2000, currency: 'usd' },
      });
    });
  });

  it('lists by invoice (one page of 100) and voids', async () => {
    await withCassette(cassette('credit-note-list.json'), async (player) => {
      const notes = await stripeBilling().listCreditNotes({ invoiceId: IN_OPEN });
      expect(notes.map((note) => note.id)).toEqual([CN]);
      expect(player.requests[0]?.path).toBe(`/v1/credit_notes?invoice=${IN_OPEN}&limit=100`);
    });
    await withCassette(cassette('credit-note-void.json'), async (player) => {
      const note = await stripeBilling().voidCreditNote(CN, { idempotencyKey: 'cn-void-key-1' });
      expect(note.status).toBe('void');
      expect(player.requests[0]?.body).toEqual({});
    });
  });

  it('follows has_more pages', async () => {
    const note = (id: string) => ({
      id,
      object: 'credit_note',
      invoice: IN_OPEN,
      customer: CUSTOMER,
      currency: 'usd',
      amount: 1,
      status: 'issued',
      type: 'pre_payment',
    });
    nock('https://api.stripe.com')
      .get('/v1/credit_notes')
      .query({ invoice: IN_OPEN, limit: '100' })
      .reply(200, { object: 'list', data: [note('cn_a')], has_more: true, url: '/v1/credit_notes' })
      .get('/v1/credit_notes')
      .query({ invoice: IN_OPEN, limit: '100', starting_after: 'cn_a' })
      .reply(200, { object: 'list', data: [note('cn_b')], has_more: false, url: '/v1/credit_notes' });
    const notes = await stripeBilling().listCreditNotes({ invoiceId: IN_OPEN });
    expect(notes.map((item) => item.id)).toEqual(['cn_a', 'cn_b']);
  });

  it('maps refunds, out-of-band and mixed settlements', () => {
    const base = {
      id: 'cn_1',
      currency: 'usd',
      invoice: 'in_1',
      customer: 'cus_1',
      type: 'post_payment',
      amount: 1000,
    };
    expect(mapStripeCreditNote({ ...base, refunds: [{ amount_refunded: 1000 }] })).toMatchObject({
      kind: 'refund',
      refundAmount: 1000,
    });
    expect(mapStripeCreditNote({ ...base, out_of_band_amount: 1000 })).toMatchObject({
      kind: 'adjustment',
      outOfBandAmount: 1000,
    });
    expect(
      mapStripeCreditNote({
        ...base,
        refunds: [{ amount_refunded: 600 }],
        customer_balance_transaction: 'cbtxn_1',
      }),
    ).toMatchObject({ kind: 'mixed', refundAmount: 600, creditAmount: 400 });
    // Before 2025-03-31.basil the refund is named by id only: the rest after out-of-band went to it.
    expect(mapStripeCreditNote({ ...base, refund: 're_1' }, {}, '2019-11-05')).toMatchObject({
      kind: 'refund',
      refundAmount: 1000,
    });
    // …and today that field does not exist: it is not read.
    expect(mapStripeCreditNote({ ...base, refund: 're_1' })).toMatchObject({ refundAmount: 0 });
    expect(
      mapStripeCreditNote({ ...base, status: 'void', metadata: { billbridge_reason_code: 'goodwill' } }),
    ).toMatchObject({ status: 'void', reasonCode: 'goodwill' });
  });
});

describe("credit notes in today's shape (2026-10-28.endive)", () => {
  it('a mixed note on a partly paid invoice: 500 lowers what is due, 1500 settled as 500 refund + 1000 credit', async () => {
    await withCassette(cassette('credit-note-create-mixed.json'), async (player) => {
      const note = await stripeBilling().createCreditNote({
        invoiceId: 'in_1MtGoELkdIwHu7ixP4rT1aLl',
        amount: 2000,
        refundAmount: 500,
        creditAmount: 1000,
        idempotencyKey: 'cn-key-1',
      });
      expect(player.requests[0]?.body).toEqual({
        invoice: 'in_1MtGoELkdIwHu7ixP4rT1aLl',
        amount: '2000',
        credit_amount: '1000',
        refund_amount: '500',
      });
      expect(note).toMatchObject({
        kind: 'mixed',
        total: { amount: 2000, currency: 'usd' },
        creditAmount: 1000,
        refundAmount: 500,
        outOfBandAmount: 0,
      });
      expect(note.raw).toMatchObject({ type: 'mixed', pre_payment_amount: 500, post_payment_amount: 1500 });
    });
  });

  it('the mapping reads pre/post_payment_amount and refunds[] exactly', () => {
    const note = {
      id: 'cn_1',
      currency: 'usd',
      invoice: 'in_1',
      customer: 'cus_1',
      type: 'mixed',
      amount: 2000,
      pre_payment_amount: 500,
      post_payment_amount: 1500,
      refunds: [{ amount_refunded: 500 }],
      customer_balance_transaction: 'cbtxn_1',
      out_of_band_amount: null,
    };
    expect(mapStripeCreditNote(note)).toMatchObject({
      kind: 'mixed',
      creditAmount: 1000,
      refundAmount: 500,
      outOfBandAmount: 0,
    });
    // Out-of-band and refund, no balance: the credit is what is left of post_payment_amount (0).
    expect(
      mapStripeCreditNote({
        ...note,
        type: 'post_payment',
        pre_payment_amount: 0,
        amount: 1500,
        out_of_band_amount: 1000,
      }),
    ).toMatchObject({ kind: 'mixed', creditAmount: 0, refundAmount: 500, outOfBandAmount: 1000 });
  });

  it('a refund of what was paid: one refunds[] entry, kind refund', async () => {
    await withCassette(cassette('credit-note-create-refund.json'), async () => {
      const note = await stripeBilling().createCreditNote({
        invoiceId: IN_OPEN,
        amount: 1500,
        refundAmount: 1500,
        reason: 'duplicate',
        idempotencyKey: 'cn-key-1',
      });
      expect(note).toMatchObject({
        kind: 'refund',
        refundAmount: 1500,
        creditAmount: 0,
        reason: 'duplicate',
      });
    });
  });

  it('the client refuses parts that exceed the amount, before any request', async () => {
    const error = await stripeBilling()
      .createCreditNote({ invoiceId: IN_OPEN, amount: 1000, refundAmount: 500, creditAmount: 1000 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ValidationError', path: 'amount' });
  });
});

describe('customer balance on Stripe', () => {
  it("inverts Stripe's sign: balance -500 is credit 500", async () => {
    await withCassette(cassette('customer-balance.json'), async (player) => {
      const balance = await stripeBilling().getCustomerBalance(CUSTOMER, { currency: 'usd' });
      expect(balance).toMatchObject({ customerId: CUSTOMER, currency: 'usd', credit: 500 });
      expect(player.requests).toHaveLength(1);
    });
  });

  it('a positive Stripe balance (the customer owes) is negative credit; another currency is 0; deleted is NotFound', async () => {
    nock('https://api.stripe.com')
      .get('/v1/customers/cus_1')
      .times(2)
      .reply(200, { id: 'cus_1', object: 'customer', balance: 250, currency: 'usd' })
      .get('/v1/customers/cus_1')
      .query({ 'expand[0]': 'invoice_credit_balance' })
      .reply(200, {
        id: 'cus_1',
        object: 'customer',
        balance: 250,
        currency: 'usd',
        invoice_credit_balance: {},
      })
      .get('/v1/customers/cus_2')
      .reply(200, { id: 'cus_2', object: 'customer', deleted: true });
    const billing = stripeBilling();
    expect((await billing.getCustomerBalance('cus_1')).credit).toBe(-250);
    expect(await billing.getCustomerBalance('cus_1', { currency: 'eur' })).toMatchObject({
      currency: 'eur',
      credit: 0,
    });
    await expect(billing.getCustomerBalance('cus_2')).rejects.toMatchObject({ code: 'not_found' });
  });

  // Until 2026-12-07 a version before 2019-10-17 read as 0 credit: it names the field `account_balance`.
  it('reads account_balance on an API version before 2019-10-17, balance after', async () => {
    nock('https://api.stripe.com')
      .get('/v1/customers/cus_old')
      .reply(200, { id: 'cus_old', object: 'customer', account_balance: -500, currency: 'usd' })
      .get('/v1/customers/cus_new')
      .reply(200, { id: 'cus_new', object: 'customer', balance: -500, currency: 'usd' });
    const old = await stripeBilling({ apiVersion: '2019-10-08' }).getCustomerBalance('cus_old');
    expect(old).toMatchObject({ credit: 500, currency: 'usd' });
    const current = await stripeBilling({ apiVersion: '2019-11-05' }).getCustomerBalance('cus_new');
    expect(current).toMatchObject({ credit: 500, currency: 'usd' });
  });

  it("another currency's balance comes from invoice_credit_balance (positive = credit), read only then", async () => {
    const scope = nock('https://api.stripe.com')
      .get('/v1/customers/cus_multi')
      .reply(200, { id: 'cus_multi', object: 'customer', balance: -300, currency: 'usd' })
      .get('/v1/customers/cus_multi')
      .query({ 'expand[0]': 'invoice_credit_balance' })
      .reply(200, {
        id: 'cus_multi',
        object: 'customer',
        balance: -300,
        currency: 'usd',
        invoice_credit_balance: { usd: 300, eur: 500 },
      });
    const balance = await stripeBilling().getCustomerBalance('cus_multi', { currency: 'eur' });
    expect(balance).toMatchObject({ currency: 'eur', credit: 500, breakdown: { promotional: 500 } });
    expect(scope.isDone()).toBe(true);
  });
});
