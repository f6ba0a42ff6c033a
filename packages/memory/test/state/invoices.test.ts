import { InvoiceNotVoidableError, NotFoundError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { amountDue, appliedTotal } from '../../src/index.js';
import { changeTypes, chargebeeState, stripeState } from './support.js';

function withCustomer(state = stripeState(), credit = 500) {
  const customer = state.customers.create({ id: 'cus_a', currency: 'usd', credit });
  return { state, customerId: customer.id };
}

describe('state: invoices and their status machine', () => {
  it('builds a draft line by line, then finalizes it applying the credit', () => {
    const { state, customerId } = withCustomer();
    const draft = state.invoices.createDraft({ customerId });
    expect(draft).toMatchObject({ status: 'draft', total: 0, lines: [], currency: 'usd' });
    state.invoices.addLine(draft.id, { amount: 1200, description: 'seat' });
    state.invoices.addLine(draft.id, { amount: 800 });
    expect(state.invoices.get(draft.id).lines).toEqual([
      { amount: 1200, description: 'seat' },
      { amount: 800, description: null },
    ]);
    const open = state.invoices.finalize(draft.id);
    expect(open.status).toBe('open');
    expect(open.total).toBe(2000);
    expect(appliedTotal(open)).toBe(500);
    expect(amountDue(open)).toBe(1500);
    expect(state.customers.get(customerId).balances.promotional).toBe(0);
    expect(changeTypes(state).slice(2)).toEqual([
      'invoice.created',
      'invoice.line_added',
      'invoice.line_added',
      'customer.balance_changed',
      'invoice.finalized',
    ]);
  });

  it('refuses lines on a finalized invoice and bad line amounts, changing nothing', () => {
    const { state, customerId } = withCustomer();
    const draft = state.invoices.createDraft({ customerId, lines: [{ amount: 100 }] });
    expect(() => state.invoices.addLine(draft.id, { amount: 0 })).toThrow(/positive integer/);
    expect(() => state.invoices.addLine(draft.id, { amount: Number.MAX_SAFE_INTEGER })).toThrow(
      /safe integer/,
    );
    expect(state.invoices.get(draft.id)).toMatchObject({ total: 100, lines: [{ amount: 100 }] });
    state.invoices.finalize(draft.id);
    expect(() => state.invoices.addLine(draft.id, { amount: 5 })).toThrow(/draft only/);
    expect(() => state.invoices.finalize(draft.id)).toThrow(/not draft/);
  });

  it('refuses a subscription of another customer', () => {
    const { state, customerId } = withCustomer();
    const other = state.customers.create({ id: 'cus_b', currency: 'usd' });
    const subscription = state.subscriptions.create({ customerId: other.id });
    expect(() => state.invoices.createDraft({ customerId, subscriptionId: subscription.id })).toThrow(
      /does not belong/,
    );
  });

  it('is paid at finalize when the credit covers it', () => {
    const { state, customerId } = withCustomer(stripeState(), 5000);
    const invoice = state.invoices.finalize(
      state.invoices.createDraft({ customerId, lines: [{ amount: 2000 }] }).id,
    );
    expect(invoice.status).toBe('paid');
    expect(changeTypes(state).slice(-2)).toEqual(['invoice.finalized', 'invoice.paid']);
  });

  it('Chargebee flavor spends promotional, then refundable credit, then excess payments', () => {
    const state = chargebeeState();
    const { id } = state.customers.create({ currency: 'usd', credit: 100 });
    state.customers.adjustBalance(id, 200, { bucket: 'refundable' });
    state.customers.adjustBalance(id, 300, { bucket: 'excess' });
    const draft = state.invoices.createDraft({ customerId: id, lines: [{ amount: 450 }] });
    expect(draft.id).toBe('INV-1001');
    expect(state.invoices.finalize(draft.id).applied).toEqual({
      promotional: 100,
      refundable: 200,
      excess: 150,
    });
  });

  it('takes partial and full payments within what is due', () => {
    const { state, customerId } = withCustomer();
    const { id } = state.invoices.createDraft({ customerId, lines: [{ amount: 2000 }] });
    expect(() => state.invoices.pay(id)).toThrow(/only open or uncollectible/);
    state.invoices.finalize(id);
    expect(() => state.invoices.pay(id, { amount: 1501 })).toThrow(/between 1 and the 1500 due/);
    expect(state.invoices.pay(id, { amount: 500 })).toMatchObject({ status: 'open', amountPaid: 500 });
    state.invoices.markUncollectible(id);
    expect(state.invoices.pay(id)).toMatchObject({ status: 'paid', amountPaid: 1500 });
    expect(changeTypes(state).slice(-4)).toEqual([
      'invoice.payment_recorded',
      'invoice.marked_uncollectible',
      'invoice.payment_recorded',
      'invoice.paid',
    ]);
    expect(() => state.invoices.markUncollectible(id)).toThrow(/not open/);
  });

  it('voids returning or consuming the applied balance, as the caller says', () => {
    for (const consume of [false, true]) {
      const { state, customerId } = withCustomer();
      const { id } = state.invoices.finalize(
        state.invoices.createDraft({ customerId, lines: [{ amount: 2000 }] }).id,
      );
      const outcome = state.invoices.void(id, { consume, reasonCode: 'duplicate', metadata: { note: 'x' } });
      expect(outcome.invoice).toMatchObject({
        status: 'void',
        voidReasonCode: 'duplicate',
        metadata: { note: 'x' },
      });
      expect(outcome.balanceReturned).toBe(consume ? 0 : 500);
      expect(outcome.creditNote).toBeNull();
      expect(state.customers.get(customerId).balances.promotional).toBe(consume ? 0 : 500);
      expect(changeTypes(state).at(-1)).toBe('invoice.voided');
    }
  });

  it('Chargebee: finalize spends promotional, refundable and excess credit in that order; only promotional credits come back on a void, the others block it', () => {
    const state = chargebeeState();
    const customer = state.customers.create({ id: 'cus_buckets', currency: 'usd', credit: 100 });
    state.customers.adjustBalance(customer.id, 200, { bucket: 'refundable' });
    state.customers.adjustBalance(customer.id, 300, { bucket: 'excess' });
    const open = state.invoices.finalize(
      state.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 1000 }] }).id,
    );
    expect(open.applied).toEqual({ promotional: 100, refundable: 200, excess: 300 });
    expect(appliedTotal(open)).toBe(600);
    expect(amountDue(open)).toBe(400);
    const entries = (reason: string) =>
      state.customers
        .ledger(customer.id)
        .filter((entry) => entry.reason === reason)
        .map((entry) => [entry.bucket, entry.amount]);
    expect(entries('applied_to_invoice')).toEqual([
      ['promotional', -100],
      ['refundable', -200],
      ['excess', -300],
    ]);
    expect(state.customers.get(customer.id).balances).toEqual({ promotional: 0, refundable: 0, excess: 0 });

    // Spent refundable credits block the void (has_refunded_credits, seed 003): nothing moves.
    expect(() => state.invoices.void(open.id, { consume: false })).toThrow(InvoiceNotVoidableError);
    expect(state.customers.get(customer.id).balances).toEqual({ promotional: 0, refundable: 0, excess: 0 });

    // Excess payments applied are linked payments in Chargebee: they block the void (has_payments).
    state.customers.adjustBalance(customer.id, 100, {});
    state.customers.adjustBalance(customer.id, 300, { bucket: 'excess' });
    const second = state.invoices.finalize(
      state.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 1000 }] }).id,
    );
    expect(second.applied).toEqual({ promotional: 100, excess: 300 });
    expect(state.invoices.voidBlockers(second.id)).toEqual(['has_payments']);
    expect(() => state.invoices.void(second.id, { consume: false })).toThrow(InvoiceNotVoidableError);

    // With promotional credits only, a void gives them back (DESIGN §3.1).
    state.customers.adjustBalance(customer.id, 100, {});
    const third = state.invoices.finalize(
      state.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 1000 }] }).id,
    );
    expect(third.applied).toEqual({ promotional: 100 });
    const outcome = state.invoices.void(third.id, { consume: false });
    expect(outcome.balanceReturned).toBe(100);
    expect(state.customers.get(customer.id).balances).toEqual({ promotional: 100, refundable: 0, excess: 0 });
    expect(entries('returned_on_void')).toEqual([['promotional', 100]]);
  });

  it('names the blockers of a void: draft, paid, already void; Chargebee payments', () => {
    const { state, customerId } = withCustomer(stripeState(), 0);
    const draft = state.invoices.createDraft({ customerId, lines: [{ amount: 100 }] });
    expect(state.invoices.voidBlockers(draft.id)).toEqual(['draft']);
    expect(() => state.invoices.void(draft.id, { consume: false })).toThrow(InvoiceNotVoidableError);
    state.invoices.finalize(draft.id);
    expect(state.invoices.voidBlockers(draft.id)).toEqual([]);
    state.invoices.void(draft.id, { consume: false });
    expect(state.invoices.voidBlockers(draft.id)).toEqual(['already_void']);

    const chargebee = chargebeeState();
    const customer = chargebee.customers.create({ currency: 'usd' });
    const open = chargebee.invoices.finalize(
      chargebee.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 100 }] }).id,
    );
    chargebee.invoices.pay(open.id, { amount: 10 });
    expect(chargebee.invoices.voidBlockers(open.id)).toEqual(['has_payments']);
    expect(() => chargebee.invoices.void(open.id, { consume: false })).toThrow(
      expect.objectContaining({ blockers: ['has_payments'], status: 409 }),
    );
    expect(chargebee.invoices.get(open.id).status).toBe('open');
  });

  // Seed 003 ("Void an invoice"): "The invoice must not have any applied_credits with cn_status set
  // to refunded or refund_due". Until 2026-12-03 the flavor voided it and handed the credits back.
  it('Chargebee refuses to void an invoice that spent refundable credits (has_refunded_credits)', () => {
    const chargebee = chargebeeState();
    const customer = chargebee.customers.create({ currency: 'usd' });
    const paid = chargebee.invoices.finalize(
      chargebee.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 400 }] }).id,
    );
    chargebee.invoices.pay(paid.id);
    chargebee.creditNotes.create({ invoiceId: paid.id });
    expect(chargebee.customers.get(customer.id).balances.refundable).toBe(400);
    const next = chargebee.invoices.finalize(
      chargebee.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 1000 }] }).id,
    );
    expect(next.applied).toMatchObject({ refundable: 400 });
    expect(chargebee.invoices.voidBlockers(next.id)).toEqual(['has_refunded_credits']);
    expect(() => chargebee.invoices.void(next.id, { consume: false })).toThrow(
      expect.objectContaining({ blockers: ['has_refunded_credits'], status: 409 }),
    );
    expect(chargebee.invoices.get(next.id).status).toBe('open');
    expect(chargebee.customers.get(customer.id).balances.refundable).toBe(0);
  });

  it('Chargebee with "void invoices with credit note" issues an adjustment for what was due', () => {
    const state = chargebeeState(true);
    const customer = state.customers.create({ currency: 'usd', credit: 500 });
    const { id } = state.invoices.finalize(
      state.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 2000 }] }).id,
    );
    const outcome = state.invoices.void(id, { consume: false, reasonCode: 'Other', comment: 'dup' });
    expect(outcome.creditNote).toMatchObject({
      id: 'CN-1001',
      kind: 'adjustment',
      total: 1500,
      createdByVoid: true,
    });
    expect(outcome.invoice).toMatchObject({ adjusted: 1500, voidReasonCode: 'Other', voidComment: 'dup' });
    expect(changeTypes(state).slice(-3)).toEqual([
      'customer.balance_changed',
      'credit_note.created',
      'invoice.voided',
    ]);
  });

  it('lists invoices by creation order with cursors, filtered by customer', () => {
    const { state, customerId } = withCustomer(stripeState(), 0);
    const other = state.customers.create({ id: 'cus_b', currency: 'usd' });
    for (const [id, owner] of [
      ['in_1', customerId],
      ['in_2', other.id],
      ['in_3', customerId],
      ['in_4', customerId],
      ['in_5', customerId],
    ] as const) {
      state.invoices.createDraft({ id, customerId: owner, lines: [{ amount: 100 }] });
    }
    const ids = (page: { data: { id: string }[] }) => page.data.map((invoice) => invoice.id);
    const first = state.invoices.list({ customerId, limit: 2 });
    expect([ids(first), first.hasMore]).toEqual([['in_5', 'in_4'], true]);
    const second = state.invoices.list({ customerId, limit: 2, startingAfter: 'in_4' });
    expect([ids(second), second.hasMore]).toEqual([['in_3', 'in_1'], false]);
    const back = state.invoices.list({ customerId, limit: 2, endingBefore: 'in_1' });
    expect([ids(back), back.hasMore]).toEqual([['in_4', 'in_3'], true]);
    // A cursor need not match the filter.
    expect(ids(state.invoices.list({ customerId, startingAfter: 'in_2' }))).toEqual(['in_1']);
    expect(ids(state.invoices.list({ order: 'oldest_first', limit: 3 }))).toEqual(['in_1', 'in_2', 'in_3']);
    expect(() => state.invoices.list({ startingAfter: 'in_nope' })).toThrow(NotFoundError);
    expect(() => state.invoices.list({ limit: 101 })).toThrow(/limit/);
    expect(() => state.invoices.list({ startingAfter: 'in_1', endingBefore: 'in_2' })).toThrow(/not both/);
  });
});
