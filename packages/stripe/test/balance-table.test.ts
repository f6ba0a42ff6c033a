import { createBillingClient, UnsupportedOptionError } from '@billbridge/core';
import { playCassette, withCassette } from '@billbridge/testing';
import nock from 'nock';
import Stripe from 'stripe';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStripeProvider,
  stripeCapabilities,
  stripeCheckoutBalanceSettings,
  stripeVoidInvoiceParams,
} from '../src/index.js';
import { cassette, IN_OPEN, stripeBilling, TEST_KEY, userStripe } from './stripe-test-kit.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** DESIGN §3.1, the Stripe rows: the exact form body each combination sends. */
describe('appliedBalance on Stripe, row by row', () => {
  it('>= 2019-12-03 (SDK default) + return: sends nothing extra; the 500 comes back', async () => {
    await withCassette(cassette('void-applied-credit-default.json'), async (player) => {
      const billing = stripeBilling();
      const result = await billing.voidInvoice(IN_OPEN, { idempotencyKey: 'void-key-1' });
      expect(player.requests).toHaveLength(1);
      expect(player.requests[0]?.rawBody).toBe('');
      expect(player.requests[0]?.body).toEqual({});
      expect(player.requests[0]?.headers['stripe-version']).toBe(Stripe.API_VERSION);
      expect(player.requests[0]?.headers['idempotency-key']).toBe('void-key-1');
      expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
      expect(result.invoice.status).toBe('void');
    });
  });

  it('< 2019-12-03 + return: sends consume_applied_balance=false; the 500 comes back', async () => {
    await withCassette(cassette('void-applied-credit-2019-11-05-return.json'), async (player) => {
      const billing = stripeBilling({ apiVersion: '2019-11-05' });
      const result = await billing.voidInvoice(IN_OPEN, {
        appliedBalance: 'return',
        idempotencyKey: 'void-key-1',
      });
      expect(player.requests).toHaveLength(1);
      expect(player.requests[0]?.rawBody).toBe('consume_applied_balance=false');
      expect(player.requests[0]?.body).toEqual({ consume_applied_balance: 'false' });
      expect(player.requests[0]?.headers['stripe-version']).toBe('2019-11-05');
      expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
    });
  });

  it('< 2019-12-03 + consume: sends nothing extra; nothing comes back', async () => {
    await withCassette(cassette('void-applied-credit-2019-11-05-consume.json'), async (player) => {
      const billing = stripeBilling({ apiVersion: '2019-11-05' });
      const result = await billing.voidInvoice(IN_OPEN, {
        appliedBalance: 'consume',
        idempotencyKey: 'void-key-1',
      });
      expect(player.requests).toHaveLength(1);
      expect(player.requests[0]?.rawBody).toBe('');
      expect(player.requests[0]?.headers['stripe-version']).toBe('2019-11-05');
      expect(result.balanceReturned).toBeNull();
      expect(result.invoice.appliedBalance).toEqual({ amount: 500, currency: 'usd' });
    });
  });

  it('>= 2019-12-03 + consume: UnsupportedOptionError from the client, no request', async () => {
    for (const apiVersion of ['2019-12-03', '2023-08-16', '2026-10-28.endive']) {
      const player = playCassette({
        meta: {
          provider: 'stripe',
          apiVersion,
          sdkVersion: 'stripe',
          source: 'documented',
          origin: 'https://api.stripe.com',
        },
        interactions: [],
      });
      const billing = createBillingClient({
        provider: createStripeProvider({ client: userStripe(), apiVersion }),
      });
      const error = await billing
        .voidInvoice(IN_OPEN, { appliedBalance: 'consume' })
        .catch((caught: unknown) => caught);
      expect(UnsupportedOptionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        option: 'appliedBalance',
        value: 'consume',
        outcome: 'not_executed',
        provider: 'stripe',
      });
      expect(player.requests).toHaveLength(0);
      player.assertDone();
      player.stop();
    }
  });

  it('the adapter refuses consume on current versions even when called directly', () => {
    expect(() => stripeVoidInvoiceParams('consume', '2019-12-03')).toThrow(UnsupportedOptionError);
    expect(stripeVoidInvoiceParams('return', '2019-12-02')).toEqual({ consume_applied_balance: false });
    expect(stripeVoidInvoiceParams('consume', '2019-12-02')).toEqual({});
    expect(stripeVoidInvoiceParams('return', '2019-12-03')).toEqual({});
    expect(() => stripeVoidInvoiceParams('return', 'latest')).toThrow(/not a Stripe API version/);
  });

  it('capabilities follow the version boundary', () => {
    expect(stripeCapabilities('2019-11-05').voidInvoice.appliedBalance).toEqual(['return', 'consume']);
    expect(stripeCapabilities('2019-12-03').voidInvoice.appliedBalance).toEqual(['return']);
    expect(
      stripeCapabilities('2026-10-28.endive').subscriptionBalanceSettings.consumeAppliedBalanceOnVoid,
    ).toEqual([false]);
    expect(stripeCapabilities('2019-11-05').subscriptionBalanceSettings.consumeAppliedBalanceOnVoid).toEqual([
      false,
      true,
    ]);
    expect(stripeCapabilities('2026-10-28.endive').voidInvoice).toMatchObject({
      reasonCode: 'metadata',
      comment: 'metadata',
      creditNoteOnVoid: false,
    });
  });
});

describe('the effective API version', () => {
  it('is the explicit option, else the injected client configured version, else the SDK default', () => {
    expect(
      createStripeProvider({ client: userStripe('2019-11-05'), apiVersion: '2024-06-20' }).apiVersion,
    ).toBe('2024-06-20');
    expect(createStripeProvider({ client: userStripe('2019-11-05') }).apiVersion).toBe('2019-11-05');
    expect(createStripeProvider({ client: userStripe() }).apiVersion).toBe(Stripe.API_VERSION);
    expect(createStripeProvider({ apiKey: TEST_KEY }).apiVersion).toBe(Stripe.API_VERSION);
    expect(
      createStripeProvider({ apiKey: TEST_KEY, apiVersion: '2019-11-05' }).client.getApiField('version'),
    ).toBe('2019-11-05');
  });

  it("an injected client's 2019-11-05 decides the body without any option", async () => {
    await withCassette(cassette('void-applied-credit-2019-11-05-return.json'), async (player) => {
      const billing = createBillingClient({
        provider: createStripeProvider({ client: userStripe('2019-11-05') }),
      });
      await billing.voidInvoice(IN_OPEN, { idempotencyKey: 'void-key-1' });
      expect(player.requests[0]?.body).toEqual({ consume_applied_balance: 'false' });
    });
  });

  it('an explicit apiVersion overrides the injected client on the wire (Stripe-Version)', async () => {
    await withCassette(cassette('void-applied-credit-2019-11-05-return.json'), async (player) => {
      const billing = createBillingClient({
        provider: createStripeProvider({ client: userStripe(), apiVersion: '2019-11-05' }),
      });
      await billing.voidInvoice(IN_OPEN, { idempotencyKey: 'void-key-1' });
      expect(player.requests[0]?.headers['stripe-version']).toBe('2019-11-05');
    });
  });
});

describe('subscription balance settings (DESIGN §3.2)', () => {
  it('< 2019-12-03 sends the subscription update with the exact param', async () => {
    await withCassette(cassette('subscription-balance-settings-2019-11-05.json'), async (player) => {
      const billing = stripeBilling({ apiVersion: '2019-11-05' });
      const off = await billing.setSubscriptionBalanceSettings('sub_1MowQVLkdIwHu7ixeRlqHVzs', {
        consumeAppliedBalanceOnVoid: false,
        idempotencyKey: 'sub-key-1',
      });
      const on = await billing.setSubscriptionBalanceSettings('sub_1MowQVLkdIwHu7ixeRlqHVzs', {
        consumeAppliedBalanceOnVoid: true,
        idempotencyKey: 'sub-key-2',
      });
      expect(player.requests.map((request) => request.body)).toEqual([
        { 'invoice_customer_balance_settings[consume_applied_balance_on_void]': 'false' },
        { 'invoice_customer_balance_settings[consume_applied_balance_on_void]': 'true' },
      ]);
      expect(off).toMatchObject({ consumeAppliedBalanceOnVoid: false, appliedBy: 'request' });
      expect(on).toMatchObject({ consumeAppliedBalanceOnVoid: true, appliedBy: 'request' });
    });
  });

  it('>= 2019-12-03: false needs no request; true is refused with no request', async () => {
    const player = playCassette({
      meta: {
        provider: 'stripe',
        apiVersion: '2026-10-28.endive',
        sdkVersion: 'stripe',
        source: 'documented',
        origin: 'https://api.stripe.com',
      },
      interactions: [],
    });
    const billing = stripeBilling();
    const off = await billing.setSubscriptionBalanceSettings('sub_1', { consumeAppliedBalanceOnVoid: false });
    expect(off).toEqual({
      subscriptionId: 'sub_1',
      consumeAppliedBalanceOnVoid: false,
      appliedBy: 'native',
      raw: null,
    });
    const error = await billing
      .setSubscriptionBalanceSettings('sub_1', { consumeAppliedBalanceOnVoid: true })
      .catch((caught: unknown) => caught);
    expect(UnsupportedOptionError.isInstance(error)).toBe(true);
    expect(player.requests).toHaveLength(0);
    player.assertDone();
    player.stop();
  });

  it('the Checkout helper returns the exact fragment, {} or an error', () => {
    expect(
      stripeCheckoutBalanceSettings({ consumeAppliedBalanceOnVoid: false, apiVersion: '2019-11-05' }),
    ).toEqual({
      subscription_data: { invoice_customer_balance_settings: { consume_applied_balance_on_void: false } },
    });
    expect(
      stripeCheckoutBalanceSettings({ consumeAppliedBalanceOnVoid: true, apiVersion: '2019-10-17' }),
    ).toEqual({
      subscription_data: { invoice_customer_balance_settings: { consume_applied_balance_on_void: true } },
    });
    expect(
      stripeCheckoutBalanceSettings({ consumeAppliedBalanceOnVoid: false, apiVersion: '2019-12-03' }),
    ).toEqual({});
    expect(() =>
      stripeCheckoutBalanceSettings({ consumeAppliedBalanceOnVoid: true, apiVersion: '2026-10-28.endive' }),
    ).toThrow(UnsupportedOptionError);
  });
});
