import { describe, expect, it } from 'vitest';
import { amountDue, renderStripeCreditNote } from '../../src/index.js';
import { changeTypes, chargebeeState, stripeState } from './support.js';

function openInvoice(state = stripeState(), credit = 0) {
  const customer = state.customers.create({ id: 'cus_a', currency: 'usd', credit });
  const invoice = state.invoices.finalize(
    state.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 2000 }] }).id,
  );
  return { state, customerId: customer.id, invoiceId: invoice.id };
}

describe('state: credit notes', () => {
  it('an adjustment lowers what is due; settling it marks the invoice paid; voiding it reopens', () => {
    const { state, invoiceId } = openInvoice();
    const partial = state.creditNotes.create({ invoiceId, amount: 500 });
    expect(partial).toMatchObject({ kind: 'adjustment', total: 500, status: 'issued' });
    expect(amountDue(state.invoices.get(invoiceId))).toBe(1500);
    const rest = state.creditNotes.create({ invoiceId });
    expect(rest.total).toBe(1500);
    expect(state.invoices.get(invoiceId).status).toBe('paid');
    expect(changeTypes(state).slice(-3)).toEqual([
      'credit_note.created',
      'credit_note.created',
      'invoice.paid',
    ]);

    const voided = state.creditNotes.void(rest.id);
    expect(voided).toMatchObject({ status: 'void' });
    expect(state.invoices.get(invoiceId)).toMatchObject({ status: 'open', paidAt: null, adjusted: 500 });
    expect(changeTypes(state).slice(-2)).toEqual(['credit_note.voided', 'invoice.reopened']);
    expect(() => state.creditNotes.void(rest.id)).toThrow(/already void/);
  });

  it('refuses more than is due, and parts beyond what was paid (by Stripe rule)', () => {
    const { state, invoiceId } = openInvoice();
    expect(() => state.creditNotes.create({ invoiceId, amount: 2001 })).toThrow(/exceeds the 2000 due/);
    expect(() => state.creditNotes.create({ invoiceId, amount: 2100, refundAmount: 100 })).toThrow(
      /exceeds the 2000 left to credit/,
    );
    expect(state.creditNotes.listForInvoice(invoiceId)).toEqual([]);
  });

  it('without amount, a note is for what is left to credit, parts given or not (DESIGN §4, as the Stripe adapter sends it)', () => {
    // 2000, of which 500 from the customer balance: 1500 due, and only that can be credited now.
    const { state, invoiceId } = openInvoice(stripeState(), 500);
    expect(() => state.creditNotes.create({ invoiceId, outOfBandAmount: 200 })).toThrow(
      /must add up to the post-payment amount 0/,
    );
    expect(state.invoices.get(invoiceId)).toMatchObject({ status: 'open', adjusted: 0 });
    expect(state.creditNotes.listForInvoice(invoiceId)).toEqual([]);
    state.invoices.pay(invoiceId);
    // Paid: all 2000 is creditable, so parts that say less than that are refused, not a smaller note.
    expect(() => state.creditNotes.create({ invoiceId, refundAmount: 600 })).toThrow(
      /must add up to the post-payment amount 2000/,
    );
    expect(state.creditNotes.create({ invoiceId, refundAmount: 1500, creditAmount: 500 })).toMatchObject({
      total: 2000,
      kind: 'mixed',
    });
  });

  // Until 2026-12-07 mixed notes began with basil (2025-03-31); Stripe added them on 2025-05-28
  // ("Adds support for partial payments on invoices": the mixed type, pre_ and post_payment_amount).
  it('mixed notes on an unpaid invoice, and their pre/post-payment amounts, only from 2025-05-28', () => {
    const before = openInvoice(stripeState('2025-04-30.basil'), 500);
    expect(() =>
      before.state.creditNotes.create({ invoiceId: before.invoiceId, amount: 2000, creditAmount: 500 }),
    ).toThrow(/is unpaid: a note lowers the 1500 due/);
    const adjustment = before.state.creditNotes.create({ invoiceId: before.invoiceId, amount: 1500 });
    const rendered = renderStripeCreditNote(adjustment, '2025-04-30.basil');
    expect(rendered).toMatchObject({ type: 'pre_payment' });
    expect(rendered).not.toHaveProperty('pre_payment_amount');

    const since = openInvoice(stripeState('2025-05-28.basil'), 500);
    const mixed = since.state.creditNotes.create({
      invoiceId: since.invoiceId,
      amount: 2000,
      creditAmount: 500,
    });
    expect(renderStripeCreditNote(mixed, '2025-05-28.basil')).toMatchObject({
      type: 'mixed',
      pre_payment_amount: 1500,
      post_payment_amount: 500,
    });
  });

  it('refuses a negative part: it would let another part credit more than the note (until 2026-12-07)', () => {
    const { state, customerId, invoiceId } = openInvoice();
    state.invoices.pay(invoiceId);
    expect(() =>
      state.creditNotes.create({ invoiceId, amount: 2000, creditAmount: 2500, outOfBandAmount: -500 }),
    ).toThrow(/must not be negative/);
    expect(state.customers.get(customerId).balances.promotional).toBe(0);
  });

  it('on a paid invoice: credit goes to the balance (Stripe) and comes back out when voided', () => {
    const { state, customerId, invoiceId } = openInvoice();
    state.invoices.pay(invoiceId);
    const note = state.creditNotes.create({ invoiceId, amount: 500, creditAmount: 300, refundAmount: 200 });
    expect(note).toMatchObject({ kind: 'mixed', total: 500 });
    expect(state.customers.get(customerId).balances.promotional).toBe(300);
    expect(() => state.creditNotes.void(note.id)).toThrow(/refunded money/);

    const credit = state.creditNotes.create({ invoiceId, amount: 100 });
    expect(credit.kind).toBe('credit');
    state.creditNotes.void(credit.id);
    expect(state.customers.ledger(customerId).map((entry) => [entry.reason, entry.amount])).toEqual([
      ['credit_note', 300],
      ['credit_note', 100],
      ['credit_note_voided', -100],
    ]);
  });

  it('voiding the adjustment that settled an invoice: open again on Stripe, not_paid on Chargebee', () => {
    for (const [state, status] of [
      [stripeState(), 'open'],
      [chargebeeState(), 'uncollectible'],
    ] as const) {
      const { invoiceId } = openInvoice(state);
      const note = state.creditNotes.create({ invoiceId });
      expect(state.invoices.get(invoiceId).status).toBe('paid');
      state.creditNotes.void(note.id);
      expect(state.invoices.get(invoiceId), state.flavor.name).toMatchObject({ status, paidAt: null });
      expect(amountDue(state.invoices.get(invoiceId))).toBe(note.total);
    }
  });

  it('Chargebee: refundable credits are spent oldest note first; a note partly spent cannot be voided, an unspent one can', () => {
    const state = chargebeeState();
    const { customerId, invoiceId } = openInvoice(state);
    state.invoices.pay(invoiceId);
    const older = state.creditNotes.create({ invoiceId, amount: 400, creditAmount: 400 });
    const newer = state.creditNotes.create({ invoiceId, amount: 300, creditAmount: 300 });
    // 100 of the 700 spent: all of it from the older note, which keeps 300 of its 400.
    state.invoices.finalize(state.invoices.createDraft({ customerId, lines: [{ amount: 100 }] }).id);
    expect(state.customers.get(customerId).balances.refundable).toBe(600);
    expect(() => state.creditNotes.void(older.id)).toThrow(/already used 100 of the 400/);
    expect(state.creditNotes.get(older.id).status).toBe('issued');
    expect(state.customers.get(customerId).balances.refundable).toBe(600);
    expect(state.creditNotes.void(newer.id).status).toBe('void');
    expect(state.customers.get(customerId).balances.refundable).toBe(300);
  });

  it('Chargebee: refundable credit from elsewhere that came first is spent before a later note', () => {
    const state = chargebeeState();
    const { customerId, invoiceId } = openInvoice(state);
    state.invoices.pay(invoiceId);
    state.customers.adjustBalance(customerId, 1000, { bucket: 'refundable' });
    const note = state.creditNotes.create({ invoiceId, amount: 500, creditAmount: 500 });
    state.invoices.finalize(state.invoices.createDraft({ customerId, lines: [{ amount: 500 }] }).id);
    expect(state.creditNotes.get(note.id).available).toBe(500);
    // Spent past the seeded 1000: 200 of the note's 500 gone.
    state.customers.adjustBalance(customerId, -700, { bucket: 'refundable' });
    expect(state.creditNotes.get(note.id).available).toBe(300);
    expect(() => state.creditNotes.void(note.id)).toThrow(/already used 200 of the 500/);
  });

  it('refuses to void a credit note whose credit was spent (Chargebee: refundable credits)', () => {
    const state = chargebeeState();
    const { customerId, invoiceId } = openInvoice(state);
    state.invoices.pay(invoiceId);
    const note = state.creditNotes.create({ invoiceId, amount: 400, creditAmount: 400 });
    expect(state.customers.get(customerId).balances.refundable).toBe(400);
    state.invoices.finalize(state.invoices.createDraft({ customerId, lines: [{ amount: 1000 }] }).id);
    expect(() => state.creditNotes.void(note.id)).toThrow(/already used 400 of the 400/);
    expect(state.creditNotes.get(note.id).status).toBe('issued');
  });

  it('refuses a credit note of 0 on a paid invoice the credits covered whole (Chargebee)', () => {
    const state = chargebeeState();
    // 2000 of promotional credit pays the 2000 invoice at finalize: nothing is left to credit.
    const { invoiceId } = openInvoice(state, 2000);
    expect(state.invoices.get(invoiceId).status).toBe('paid');
    expect(() => state.creditNotes.create({ invoiceId })).toThrow(/nothing is left to credit/);
    expect(state.creditNotes.listForInvoice(invoiceId)).toEqual([]);
  });

  it("refuses credit to the balance from an invoice in another currency than the customer's", () => {
    for (const state of [stripeState(), chargebeeState()]) {
      const customer = state.customers.create({ id: 'cus_usd', currency: 'usd' });
      const draft = state.invoices.createDraft({
        customerId: customer.id,
        currency: 'eur',
        lines: [{ amount: 1000 }],
      });
      const invoiceId = state.invoices.finalize(draft.id).id;
      state.invoices.pay(invoiceId);
      expect(() => state.creditNotes.create({ invoiceId, amount: 1000, creditAmount: 1000 })).toThrow(
        /whose balance is in usd/,
      );
      expect(state.creditNotes.listForInvoice(invoiceId)).toEqual([]);
      expect(state.customers.get(customer.id).balances).toMatchObject({ promotional: 0, refundable: 0 });
    }
  });

  it('lists by invoice and by customer with cursors', () => {
    const { state, invoiceId } = openInvoice();
    const a = state.creditNotes.create({ invoiceId, amount: 100 });
    const b = state.creditNotes.create({ invoiceId, amount: 100 });
    expect(state.creditNotes.listForInvoice(invoiceId).map((note) => note.id)).toEqual([a.id, b.id]);
    const page = state.creditNotes.list({ customerId: 'cus_a', limit: 1 });
    expect([page.data.map((note) => note.id), page.hasMore]).toEqual([[b.id], true]);
    expect(state.creditNotes.list({ invoiceId: 'in_other' }).data).toEqual([]);
    expect(() => state.creditNotes.listForInvoice('in_nope')).toThrow(/no such invoice/);
  });
});
