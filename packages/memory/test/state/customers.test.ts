import { BillingError, NotFoundError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { changeTypes, chargebeeState, stripeState } from './support.js';

describe('state: customers and the balance ledger', () => {
  it('creates a customer, seeds its credit into the ledger and records both changes', () => {
    const state = stripeState();
    const customer = state.customers.create({ currency: 'usd', credit: 500 });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.balances).toEqual({ promotional: 500, refundable: 0, excess: 0 });
    expect(state.customers.ledger(customer.id).map((entry) => [entry.reason, entry.amount])).toEqual([
      ['seeded', 500],
    ]);
    expect(changeTypes(state)).toEqual(['customer.created', 'customer.balance_changed']);
    expect(state.events.list().every((change) => change.objectId === customer.id)).toBe(true);
  });

  it('keeps descriptive details as given, frozen, and none by default', () => {
    const state = chargebeeState();
    const ada = state.customers.create({
      currency: 'usd',
      details: { first_name: 'Ada', email: 'ada@example.com' },
    });
    expect(ada.details).toEqual({ first_name: 'Ada', email: 'ada@example.com' });
    expect(Object.isFrozen(ada.details)).toBe(true);
    expect(state.customers.create({ currency: 'usd' }).details).toEqual({});
  });

  it('refuses a second customer with the same id and answers 404 for an unknown one', () => {
    const state = stripeState();
    state.customers.create({ id: 'cus_a', currency: 'usd' });
    expect(() => state.customers.create({ id: 'cus_a', currency: 'usd' })).toThrow(/already exists/);
    expect(() => state.customers.get('cus_nope')).toThrow(NotFoundError);
    expect(state.customers.find('cus_nope')).toBeUndefined();
  });

  it('adjusts the balance with a described ledger entry, both ways', () => {
    const state = stripeState();
    const { id } = state.customers.create({ currency: 'usd' });
    const given = state.customers.adjustBalance(id, 700, { description: 'goodwill' });
    expect(given).toMatchObject({
      amount: 700,
      bucket: 'promotional',
      reason: 'adjusted',
      description: 'goodwill',
    });
    expect(Object.isFrozen(given)).toBe(true);
    const taken = state.customers.adjustBalance(id, -200);
    expect(taken.description).toBeUndefined();
    expect(state.customers.get(id).balances.promotional).toBe(500);
    expect(state.customers.ledger(id).map((entry) => entry.id)).toEqual([given.id, taken.id]);
  });

  it('lets a Stripe balance go into debit but not a Chargebee credit below zero', () => {
    const stripe = stripeState();
    const owing = stripe.customers.create({ currency: 'usd' });
    stripe.customers.adjustBalance(owing.id, -300);
    expect(stripe.customers.get(owing.id).balances.promotional).toBe(-300);

    const chargebee = chargebeeState();
    const customer = chargebee.customers.create({ currency: 'usd', credit: 100 });
    expect(() => chargebee.customers.adjustBalance(customer.id, -101)).toThrow(/cannot take 101/);
    expect(chargebee.customers.get(customer.id).balances.promotional).toBe(100);
    expect(chargebee.customers.ledger(customer.id)).toHaveLength(1);
  });

  it('refuses a zero, fractional or unsafe adjustment with nothing written', () => {
    const state = stripeState();
    const { id } = state.customers.create({ currency: 'usd' });
    for (const amount of [0, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => state.customers.adjustBalance(id, amount)).toThrow(BillingError);
    }
    expect(state.customers.ledger(id)).toHaveLength(0);
    expect(() => state.customers.adjustBalance('cus_nope', 10)).toThrow(NotFoundError);
  });

  it('lists customers newest first, a page at a time', () => {
    const state = stripeState();
    for (const id of ['cus_1', 'cus_2', 'cus_3']) state.customers.create({ id, currency: 'usd' });
    const first = state.customers.list({ limit: 2 });
    expect(first.data.map((customer) => customer.id)).toEqual(['cus_3', 'cus_2']);
    expect(first.hasMore).toBe(true);
    const second = state.customers.list({ limit: 2, startingAfter: 'cus_2' });
    expect(second.data.map((customer) => customer.id)).toEqual(['cus_1']);
    expect(second.hasMore).toBe(false);
  });
});
