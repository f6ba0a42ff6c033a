import { describe, expect, it } from 'vitest';
import { createMemoryState, stripeFlavor } from '../../src/index.js';

const fresh = () => createMemoryState({ flavor: stripeFlavor('2026-10-28.endive') });

describe('invoice items, customer details, invoice metadata and draft deletion', () => {
  it('a pending item joins the next draft; changing or deleting it changes the draft’s total', () => {
    const state = fresh();
    const customer = state.customers.create({ currency: 'usd', email: 'a@example.com' });
    const pending = state.invoiceItems.create({ customerId: customer.id, amount: 700 });
    const draft = state.invoices.createDraft({ customerId: customer.id });
    expect(state.invoiceItems.attachPending(draft.id)).toBe(1);
    expect(state.invoices.get(draft.id).total).toBe(700);
    state.invoiceItems.create({ customerId: customer.id, amount: 300, invoiceId: draft.id });
    state.invoiceItems.update(pending.id, { amount: 1000 });
    expect(state.invoices.get(draft.id).total).toBe(1300);
    state.invoiceItems.delete(pending.id);
    expect(state.invoices.get(draft.id).total).toBe(300);
    state.invoices.finalize(draft.id);
    const [onInvoice] = state.invoiceItems.list({ invoiceId: draft.id }).data;
    expect(() => state.invoiceItems.update(onInvoice!.id, { amount: 5 })).toThrow(/can no longer change/);
    expect(() => state.invoices.deleteDraft(draft.id)).toThrow(/only drafts/);
  });

  it('deleting a draft deletes its items; metadata merges by Stripe’s rule', () => {
    const state = fresh();
    const customer = state.customers.create({ currency: 'usd' });
    const draft = state.invoices.createDraft({ customerId: customer.id });
    const item = state.invoiceItems.create({ customerId: customer.id, amount: 100, invoiceId: draft.id });
    state.invoices.updateMetadata(draft.id, { a: '1', b: '2' });
    expect(state.invoices.updateMetadata(draft.id, { a: '' }).metadata).toEqual({ b: '2' });
    state.invoices.deleteDraft(draft.id);
    expect(state.invoices.find(draft.id)).toBeUndefined();
    expect(() => state.invoiceItems.get(item.id)).toThrow(/no such invoice item/);
  });

  it('customers: details update; currency fixed once booked; a ledger entry is described, not changed', () => {
    const state = fresh();
    const customer = state.customers.create({ currency: 'usd' });
    expect(state.customers.update(customer.id, { name: 'Jenny', currency: 'eur' })).toMatchObject({
      name: 'Jenny',
      currency: 'eur',
    });
    const entry = state.customers.adjustBalance(customer.id, 500, { description: 'goodwill' });
    expect(() => state.customers.update(customer.id, { currency: 'usd' })).toThrow(/already has a balance/);
    const described = state.customers.describeLedgerEntry(customer.id, entry.id, {
      metadata: { ticket: '7' },
    });
    expect(described).toMatchObject({
      id: entry.id,
      amount: 500,
      description: 'goodwill',
      metadata: { ticket: '7' },
    });
    expect(Object.isFrozen(described)).toBe(true);
    expect(state.customers.get(customer.id).balances.promotional).toBe(500);
  });
});
