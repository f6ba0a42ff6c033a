import { NotFoundError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { changeTypes, stripeState } from './support.js';

describe('state: subscriptions and their balance setting', () => {
  it('needs a known customer', () => {
    const state = stripeState();
    expect(() => state.subscriptions.create({ customerId: 'cus_nope' })).toThrow(NotFoundError);
    expect(state.subscriptions.list().data).toEqual([]);
  });

  it('today: return is native (kept, but no change to announce)', () => {
    const state = stripeState();
    const customer = state.customers.create({ currency: 'usd' });
    const subscription = state.subscriptions.create({ customerId: customer.id });
    expect(subscription.id).toMatch(/^sub_/);
    expect(state.subscriptions.consumesOnVoid(subscription)).toBe(false);
    const outcome = state.subscriptions.setBalanceSettings(subscription.id, {
      consumeAppliedBalanceOnVoid: false,
    });
    expect(outcome).toMatchObject({ consumeAppliedBalanceOnVoid: false, appliedBy: 'native' });
    expect(outcome.subscription.consumeAppliedBalanceOnVoid).toBe(false);
    expect(changeTypes(state)).toEqual(['customer.created', 'subscription.created']);
  });

  it('with the caller’s default (the emulator’s 2019-11-05 request on a today’s account): return is stored and announced', () => {
    const state = stripeState();
    const customer = state.customers.create({ currency: 'usd' });
    const { id } = state.subscriptions.create({ customerId: customer.id });
    const outcome = state.subscriptions.setBalanceSettings(id, { consumeAppliedBalanceOnVoid: false }, true);
    expect(outcome).toMatchObject({ appliedBy: 'stored', consumeAppliedBalanceOnVoid: false });
    expect(changeTypes(state).at(-1)).toBe('subscription.balance_settings_changed');
  });

  it('2019-11-05: return after consume replaces it, and consume after return too', () => {
    const state = stripeState('2019-11-05');
    const customer = state.customers.create({ currency: 'usd' });
    const { id } = state.subscriptions.create({ customerId: customer.id });
    for (const value of [true, false, true, false]) {
      state.subscriptions.setBalanceSettings(id, { consumeAppliedBalanceOnVoid: value });
      expect(state.subscriptions.consumesOnVoid(state.subscriptions.get(id))).toBe(value);
    }
  });

  it('2019-11-05: consume is the default; return is stored on the subscription', () => {
    const state = stripeState('2019-11-05');
    const customer = state.customers.create({ currency: 'usd' });
    const subscription = state.subscriptions.create({ id: 'sub_x', customerId: customer.id });
    expect(state.subscriptions.consumesOnVoid(subscription)).toBe(true);
    const outcome = state.subscriptions.setBalanceSettings('sub_x', { consumeAppliedBalanceOnVoid: false });
    expect(outcome).toMatchObject({ consumeAppliedBalanceOnVoid: false, appliedBy: 'stored' });
    expect(state.subscriptions.get('sub_x').consumeAppliedBalanceOnVoid).toBe(false);
    expect(changeTypes(state).at(-1)).toBe('subscription.balance_settings_changed');
    expect(() =>
      state.subscriptions.setBalanceSettings('sub_nope', { consumeAppliedBalanceOnVoid: true }),
    ).toThrow(/no such subscription: sub_nope/);
  });

  it('lists a customer’s subscriptions only', () => {
    const state = stripeState();
    const a = state.customers.create({ id: 'cus_a', currency: 'usd' });
    const b = state.customers.create({ id: 'cus_b', currency: 'usd' });
    state.subscriptions.create({ id: 'sub_a1', customerId: a.id });
    state.subscriptions.create({ id: 'sub_b1', customerId: b.id });
    state.subscriptions.create({ id: 'sub_a2', customerId: a.id });
    expect(
      state.subscriptions.list({ customerId: 'cus_a', order: 'oldest_first' }).data.map((s) => s.id),
    ).toEqual(['sub_a1', 'sub_a2']);
  });

  it('makes a price per inline item, or keeps the one an item names', () => {
    const state = stripeState();
    const customer = state.customers.create({ currency: 'usd' });
    const gold = {
      productId: 'prod_gold',
      currency: 'usd',
      unitAmount: 1000,
      quantity: 1,
      interval: 'month' as const,
      intervalCount: 1,
    };
    const first = state.subscriptions.create({ customerId: customer.id, items: [gold] });
    const priceId = first.items[0]!.priceId;
    expect(priceId).toMatch(/^price_/);
    const second = state.subscriptions.create({
      customerId: customer.id,
      items: [{ ...gold, priceId }, gold],
    });
    expect(second.items.map((item) => item.priceId === priceId)).toEqual([true, false]);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
  });
});
