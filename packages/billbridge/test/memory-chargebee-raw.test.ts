import { chargebeeVoidBlockers, mapChargebeeInvoice } from '@billbridge/chargebee';
import { createBillingClient, type Invoice, InvoiceNotVoidableError } from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import type { CreditNote as ChargebeeCreditNote, Invoice as ChargebeeInvoice } from 'chargebee';
import { describe, expect, it } from 'vitest';

/**
 * The memory provider's Chargebee flavour and the Chargebee adapter reading the memory provider's
 * own `raw` must tell the same story. Promotional credits are a discount that a void gives back
 * (DESIGN §3.1); excess payments applied to an invoice are linked payments, which block the void
 * (`has_payments`, as for any payment) and are never "balance returned".
 */
function seeded(credits: { promotional: number; excess: number }, voidCreatesCreditNote = false) {
  const provider = createMemoryProvider({ flavor: 'chargebee', voidCreatesCreditNote });
  const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  const { customerId } = provider.createCustomer({ currency: 'usd', credit: credits.promotional });
  if (credits.excess > 0)
    provider.state.customers.adjustBalance(customerId, credits.excess, { bucket: 'excess' });
  const draft = provider.createInvoice({ customerId, lines: [{ amount: 2000 }] });
  const invoice = provider.finalizeInvoice(draft.id);
  return { provider, client, customerId, invoice };
}

/** A paid invoice with a refundable note of `credit`, and the customer's next invoice of `total`, which spends it. */
async function noteSpentOnNextInvoice(credit: number, total: number) {
  const setup = seeded({ promotional: 0, excess: 0 });
  setup.provider.payInvoice(setup.invoice.id);
  await setup.client.createCreditNote({ invoiceId: setup.invoice.id, amount: credit, creditAmount: credit });
  const next = setup.provider.finalizeInvoice(
    setup.provider.createInvoice({ customerId: setup.customerId, lines: [{ amount: total }] }).id,
  );
  return { ...setup, next };
}

const amounts = (invoice: Invoice) => ({
  status: invoice.status,
  total: invoice.total.amount,
  amountDue: invoice.amountDue.amount,
  amountPaid: invoice.amountPaid.amount,
  appliedBalance: invoice.appliedBalance?.amount ?? null,
  amountCreditable: invoice.amountCreditable.amount,
});

const adapterView = (invoice: Invoice) => mapChargebeeInvoice(invoice.raw as ChargebeeInvoice);

describe('memory (Chargebee flavour) and the Chargebee adapter on its raw agree', () => {
  it('excess payments applied block the void as payments, and nothing moves', async () => {
    const { client, customerId, invoice } = seeded({ promotional: 300, excess: 700 });
    expect(amounts(invoice)).toEqual(amounts(adapterView(invoice)));
    expect(amounts(invoice)).toMatchObject({ amountDue: 1000, amountPaid: 700, appliedBalance: 300 });
    const check = await client.checkVoidable(invoice.id);
    expect(check.blockers).toEqual(['has_payments']);
    expect(chargebeeVoidBlockers(check.invoice.raw as ChargebeeInvoice)).toEqual(['has_payments']);
    const error = await client.voidInvoice(invoice.id).catch((caught: unknown) => caught);
    expect(InvoiceNotVoidableError.isInstance(error) && error.blockers).toEqual(['has_payments']);
    expect((await client.getCustomerBalance(customerId)).credit).toBe(0);
    expect((await client.getInvoice(invoice.id)).status).toBe('open');
  });

  it('a paid invoice can be credited for what was paid, excess payments included', async () => {
    const { client, provider, invoice } = seeded({ promotional: 300, excess: 700 });
    const paid = provider.payInvoice(invoice.id);
    expect(amounts(paid)).toEqual(amounts(adapterView(paid)));
    expect(paid.amountCreditable.amount).toBe(1700);
    const reversed = await client.reverseInvoice(invoice.id, { paid: 'credit_balance' });
    expect(reversed.action === 'credited' && reversed.creditNote.total.amount).toBe(1700);
  });

  it("reverseInvoice({ paid: 'refund' }) refunds the excess payments applied as paid too", async () => {
    const { client, provider, invoice } = seeded({ promotional: 0, excess: 700 });
    provider.payInvoice(invoice.id);
    const reversed = await client.reverseInvoice(invoice.id, { paid: 'refund' });
    expect(reversed.action === 'credited' && reversed.creditNote).toMatchObject({
      refundAmount: 2000,
      creditAmount: 0,
    });
  });

  it("reverseInvoice({ paid: 'refund' }) on refundable credits applied: refunds what was paid, credits back the rest", async () => {
    // A 1000 note on the paid invoice gives refundable credit, which the next invoice spends.
    const { client, provider, customerId, next } = await noteSpentOnNextInvoice(1000, 2000);
    const paid = provider.payInvoice(next.id);
    expect(amounts(paid)).toEqual(amounts(adapterView(paid)));
    const reversed = await client.reverseInvoice(next.id, { paid: 'refund' });
    expect(reversed.action === 'credited' && reversed.creditNote).toMatchObject({
      total: { amount: 2000, currency: 'usd' },
      refundAmount: 1000,
      creditAmount: 1000,
    });
    expect((await client.getCustomerBalance(customerId)).credit).toBe(1000);
  });

  it('a void gives back the promotional credits only, and both say so', async () => {
    const { client, customerId, invoice } = seeded({ promotional: 300, excess: 0 });
    expect(amounts(invoice)).toEqual(amounts(adapterView(invoice)));
    const result = await client.voidInvoice(invoice.id);
    expect(result.balanceReturned).toEqual({ amount: 300, currency: 'usd' });
    expect(adapterView(result.invoice).appliedBalance).toEqual({ amount: 300, currency: 'usd' });
    expect((await client.getCustomerBalance(customerId)).credit).toBe(300);
  });

  it('an invoice read alone lists its credit notes, so the adapter sees what was credited', async () => {
    const { client, provider, invoice } = seeded({ promotional: 0, excess: 0 });
    const adjustment = await client.createCreditNote({ invoiceId: invoice.id, amount: 500 });
    const open = await client.getInvoice(invoice.id);
    expect((open.raw as ChargebeeInvoice).adjustment_credit_notes?.map((note) => note.cn_id)).toEqual([
      adjustment.id,
    ]);
    expect(open.amountCredited.amount).toBe(500);
    expect(adapterView(open).amountCredited).toEqual(open.amountCredited);
    expect(amounts(adapterView(open))).toEqual(amounts(open));

    provider.payInvoice(invoice.id);
    const refundable = await client.createCreditNote({
      invoiceId: invoice.id,
      amount: 600,
      creditAmount: 600,
    });
    const paid = await client.getInvoice(invoice.id);
    expect((paid.raw as ChargebeeInvoice).issued_credit_notes?.map((note) => note.cn_id)).toEqual([
      refundable.id,
    ]);
    expect(paid.amountCredited.amount).toBe(1100);
    expect(adapterView(paid).amountCredited).toEqual(paid.amountCredited);
    expect(amounts(adapterView(paid))).toEqual(amounts(paid));
    const check = await client.checkVoidable(invoice.id);
    expect((check.invoice.raw as ChargebeeInvoice).issued_credit_notes).toHaveLength(1);
  });

  it('a void that issues a credit note lists it on the voided invoice, and a replay says the same', async () => {
    const { client, invoice } = seeded({ promotional: 0, excess: 0 }, true);
    const voided = await client.voidInvoice(invoice.id, { idempotencyKey: 'void-with-note' });
    const listed = (voided.invoice.raw as ChargebeeInvoice).adjustment_credit_notes;
    expect(listed?.map((note) => note.cn_id)).toEqual([voided.creditNote?.id]);
    expect(adapterView(voided.invoice).amountCredited).toEqual(voided.invoice.amountCredited);
    const replay = await client.voidInvoice(invoice.id, { idempotencyKey: 'void-with-note' });
    expect(replay.replayed).toBe(true);
    expect(replay.invoice.raw).toEqual(voided.invoice.raw);
    expect((await client.getInvoice(invoice.id)).raw).toMatchObject({ adjustment_credit_notes: listed });
  });

  it("refundable credits spent on an invoice are its applied_credits[] and the notes' allocations[], so the adapter sees has_refunded_credits too", async () => {
    const { client, provider, customerId, invoice } = seeded({ promotional: 0, excess: 0 });
    provider.payInvoice(invoice.id);
    const first = await client.createCreditNote({ invoiceId: invoice.id, amount: 300, creditAmount: 300 });
    const second = await client.createCreditNote({ invoiceId: invoice.id, amount: 500, creditAmount: 500 });
    // 600 due: the older note's 300 first, then 300 of the newer one's 500: oldest first.
    const next = provider.finalizeInvoice(
      provider.createInvoice({ customerId, lines: [{ amount: 600 }] }).id,
    );
    const raw = (await client.getInvoice(next.id)).raw as ChargebeeInvoice;
    // A note whose credit is all spent is `refunded`; one with credit left stays `refund_due`.
    expect(
      raw.applied_credits?.map((credit) => [credit.cn_id, credit.applied_amount, credit.cn_status]),
    ).toEqual([
      [first.id, 300, 'refunded'],
      [second.id, 300, 'refund_due'],
    ]);
    expect(raw).toMatchObject({ credits_applied: 600, status: 'paid', amount_due: 0 });
    const notes = await Promise.all([first.id, second.id].map((id) => client.getCreditNote(id)));
    expect(
      notes.map(({ raw: note }) => {
        const { status, amount_allocated, amount_available, allocations } = note as ChargebeeCreditNote;
        return [
          status,
          amount_allocated,
          amount_available,
          (allocations ?? []).map((one) => [one.invoice_id, one.allocated_amount]),
        ];
      }),
    ).toEqual([
      ['refunded', 300, 0, [[next.id, 300]]],
      ['refund_due', 300, 200, [[next.id, 300]]],
    ]);
  });

  it('an open invoice that spent refundable credits: has_refunded_credits on both sides', async () => {
    const { client, next } = await noteSpentOnNextInvoice(500, 1000);
    const check = await client.checkVoidable(next.id);
    expect(check.blockers).toEqual(['has_refunded_credits']);
    expect(chargebeeVoidBlockers(check.invoice.raw as ChargebeeInvoice)).toEqual(check.blockers);
    expect(amounts(adapterView(check.invoice))).toEqual(amounts(check.invoice));
  });
});
