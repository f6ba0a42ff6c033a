import { describe, expect, it } from 'vitest';
import { createMemoryState, renderStripeInvoice, stripeFlavor } from '../../src/index.js';
import { snapshotCustomer, snapshotInvoice } from '../../src/state/frozen-parts.js';

const fresh = () => createMemoryState({ flavor: stripeFlavor('2026-10-28.endive') });

function seeded() {
  const state = fresh();
  const customer = state.customers.create({ currency: 'usd', credit: 500 });
  const draft = state.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 2_000 }] });
  return { state, customer, draft };
}

describe('records share frozen nested parts with their snapshots', () => {
  it('nested parts are frozen: a change replaces them, never edits them', () => {
    const { state, draft } = seeded();
    const linesBefore = draft.lines;
    expect(Object.isFrozen(draft.lines)).toBe(true);
    expect(Object.isFrozen(draft.lines[0])).toBe(true);
    expect(Object.isFrozen(draft.applied)).toBe(true);
    expect(Object.isFrozen(draft.metadata)).toBe(true);
    expect(() => (draft.lines as unknown[]).push({ amount: 1 })).toThrow(TypeError);
    state.invoices.addLine(draft.id, { amount: 300 });
    expect(linesBefore).toHaveLength(1);
    expect(state.invoices.get(draft.id).lines).toHaveLength(2);
    state.invoices.finalize(draft.id);
    expect(state.invoices.get(draft.id).applied).toEqual({ promotional: 500 });
    expect(Object.isFrozen(state.invoices.get(draft.id).applied)).toBe(true);
  });

  it('records without metadata or applied credit share one empty object (the heap per invoice)', () => {
    const { state, customer } = seeded();
    const a = state.invoices.createDraft({ customerId: customer.id });
    const b = state.invoices.createDraft({ customerId: customer.id });
    expect(a.metadata).toBe(b.metadata);
    expect(a.applied).toBe(b.applied);
    state.invoices.updateMetadata(a.id, { k: 'v' });
    expect(state.invoices.get(a.id).metadata).toEqual({ k: 'v' });
    expect(b.metadata).toEqual({});
  });

  it('an invoice snapshot is a frozen copy that does not follow later changes', () => {
    const { state, draft } = seeded();
    const snapshot = snapshotInvoice(draft);
    expect(snapshot).toEqual(draft);
    expect(snapshot).not.toBe(draft);
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(snapshot.lines).toBe(draft.lines);
    state.invoices.finalize(draft.id);
    expect(snapshot.status).toBe('draft');
    expect(state.invoices.get(draft.id).status).toBe('open');
  });

  it('state.snapshotInvoice shares one snapshot between two changes and makes a new one after', () => {
    const { state, draft } = seeded();
    const first = state.snapshotInvoice(draft);
    expect(state.snapshotInvoice(draft)).toBe(first);
    state.invoices.finalize(draft.id);
    const after = state.snapshotInvoice(state.invoices.get(draft.id));
    expect(after).not.toBe(first);
    expect(after.status).toBe('open');
    expect(first.status).toBe('draft');
  });

  it('a customer snapshot keeps the ledger and balances as they were', () => {
    const { state, customer } = seeded();
    const snapshot = snapshotCustomer(customer);
    state.customers.adjustBalance(customer.id, 250);
    expect(snapshot.ledger).toHaveLength(1);
    expect(snapshot.balances.promotional).toBe(500);
    expect(state.customers.get(customer.id).balances.promotional).toBe(750);
  });

  it('a finalized invoice renders Stripe’s number from its id', () => {
    const { state, draft } = seeded();
    state.invoices.finalize(draft.id);
    const rendered = renderStripeInvoice(state.invoices.get(draft.id), '2026-10-28.endive');
    expect(rendered.number).toBe(`MEM-${draft.id.slice(-8).toUpperCase()}`);
  });
});
