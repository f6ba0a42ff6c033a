/**
 * The memory provider's records rendered in the providers' shapes (packages/memory/src/render) are
 * valid against the schema of the provider and API version they claim, in every state the
 * provider can reach here.
 */
import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider, type MemoryProviderSettings } from '@billbridge/memory';
import { describe, expect, it } from 'vitest';
import type {
  CreditNoteRecord,
  CustomerRecord,
  InvoiceRecord,
} from '../../packages/memory/src/memory-records.js';
import {
  renderChargebeeCreditNote,
  renderChargebeeCustomer,
  renderChargebeeInvoice,
  renderStripeCreditNote,
  renderStripeCustomer,
  renderStripeInvoice,
} from '../../packages/memory/src/render/index.js';
import { undeclaredFields, validateProviderObject } from './validate-provider-picture.js';

/**
 * Invoices in every status, credit notes of every kind, the customer and the void's response, as
 * the provider hands them out (`raw`) and as its records (`provider.state`, for the renderers).
 */
async function records(settings: MemoryProviderSettings) {
  const provider = createMemoryProvider(settings);
  const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  const stripe = settings.flavor === 'stripe';
  const { customerId } = provider.createCustomer({ currency: 'usd', credit: 500 });
  const { id: subscriptionId } = provider.createSubscription({ customerId });
  const raws = { invoices: [] as unknown[], notes: [] as unknown[], customers: [] as unknown[] };
  const open = (lines = [{ amount: 1200, description: 'Pro plan' }, { amount: 800 }]) => {
    const draft = provider.createInvoice({ customerId, subscriptionId, lines });
    return provider.finalizeInvoice(draft.id).id;
  };
  raws.invoices.push(provider.createInvoice({ customerId, lines: [{ amount: 2000 }] }).raw);
  const voided = open();
  const voidResult = await client.voidInvoice(voided);
  raws.invoices.push(voidResult.invoice.raw);
  const paid = open([{ amount: 2000 }]);
  raws.invoices.push(provider.payInvoice(paid).raw);
  provider.state.invoices.updateMetadata(paid, { order: '42' });
  const uncollectible = open([{ amount: 2000 }]);
  raws.invoices.push(provider.markUncollectible(uncollectible).raw);
  const partly = open([{ amount: 2000 }]);
  raws.invoices.push(provider.payInvoice(partly, { amount: 700 }).raw);
  const adjusted = open([{ amount: 2000 }]);
  const adjustment = await client.createCreditNote({
    invoiceId: adjusted,
    amount: 300,
    reason: 'order_change',
  });
  raws.notes.push(adjustment.raw, (await client.voidCreditNote(adjustment.id)).raw);
  const credit = await client.createCreditNote({
    invoiceId: paid,
    amount: 1000,
    creditAmount: 1000,
    reasonCode: 'goodwill',
  });
  raws.notes.push(credit.raw);
  // The next invoice spends that credit (Chargebee: a refundable note's, in `applied_credits[]`).
  raws.invoices.push((await client.getInvoice(open([{ amount: 1500 }]))).raw);
  raws.notes.push((await client.getCreditNote(credit.id)).raw);
  // A mixed note (part lowers what is due, part settled) exists from basil on; 2019-11-05 refuses it.
  if (stripe && settings.apiVersion !== '2019-11-05') {
    const mixed = await client.createCreditNote({
      invoiceId: partly,
      amount: 2000,
      refundAmount: 500,
      creditAmount: 200,
    });
    raws.notes.push(mixed.raw);
  }
  raws.invoices.push((await client.getInvoice(partly)).raw, (await client.getInvoice(paid)).raw);
  raws.customers.push((await client.getCustomerBalance(customerId)).raw);
  const { state } = provider;
  return {
    raws,
    voidResult,
    invoices: state.invoices.list({ customerId, limit: 100 }).data as InvoiceRecord[],
    notes: state.creditNotes.list({ limit: 100 }).data as CreditNoteRecord[],
    customers: [state.customers.get(customerId)] as CustomerRecord[],
  };
}

const stripeVersions = ['2026-10-28.endive', '2019-11-05'];

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe('memory raw objects against the providers’ schemas', () => {
  for (const apiVersion of stripeVersions) {
    it(`Stripe ${apiVersion}: raw invoices, credit notes, customers and void responses in that version's shape`, async () => {
      const target = { provider: 'stripe', apiVersion };
      const { raws, voidResult, invoices, notes, customers } = await records({
        flavor: 'stripe',
        apiVersion,
      });
      expect(raws.invoices.length).toBeGreaterThanOrEqual(7);
      for (const raw of raws.invoices) {
        expect(validateProviderObject(target, 'invoice', raw), JSON.stringify(raw).slice(0, 80)).toEqual([]);
      }
      for (const raw of raws.notes) {
        expect(validateProviderObject(target, 'credit_note', raw), JSON.stringify(raw).slice(0, 80)).toEqual(
          [],
        );
      }
      for (const raw of raws.customers) expect(validateProviderObject(target, 'customer', raw)).toEqual([]);
      expect(validateProviderObject(target, 'invoice_void_response', voidResult.raw)).toEqual([]);
      // Stripe answers a void with the invoice: the result's raw is the invoice's.
      expect(voidResult.raw).toBe(voidResult.invoice.raw);
      // raw is the renderer's output for the record as it was (here: as it still is).
      const last = invoices.find((invoice) => invoice.id === voidResult.invoice.id)!;
      expect(voidResult.invoice.raw).toEqual(renderStripeInvoice(last, apiVersion));
      for (const record of invoices) {
        expect(validateProviderObject(target, 'invoice', renderStripeInvoice(record, apiVersion))).toEqual(
          [],
        );
      }
      // No field the version's schema does not name. A published schema accepts fields it does not
      // list, so validateProviderObject alone would let a basil field into the 2019-11-05 shape. (Real
      // Stripe also sends its later, additive fields to old versions, as the recorded 2019 cassettes
      // show; the memory provider renders the shape of the spec that judges the version.)
      for (const record of invoices) {
        expect(
          undeclaredFields(target, 'invoice', renderStripeInvoice(record, apiVersion)),
          record.id,
        ).toEqual([]);
      }
      for (const record of notes) {
        expect(
          undeclaredFields(target, 'credit_note', renderStripeCreditNote(record, apiVersion)),
          record.id,
        ).toEqual([]);
      }
      expect(undeclaredFields(target, 'customer', renderStripeCustomer(customers[0]!, apiVersion))).toEqual(
        [],
      );
      // Deep-frozen as rendered: renderInvoiceRaw hands a Stripe invoice out without freezing it again.
      expect(invoices.some((record) => Object.keys(record.metadata).length > 0)).toBe(true);
      for (const raw of [
        ...raws.invoices,
        ...invoices.map((record) => renderStripeInvoice(record, apiVersion)),
      ]) {
        expect(isDeepFrozen(raw), JSON.stringify(raw).slice(0, 80)).toBe(true);
      }
      for (const record of notes) {
        expect(
          validateProviderObject(target, 'credit_note', renderStripeCreditNote(record, apiVersion)),
        ).toEqual([]);
      }
      expect(
        validateProviderObject(target, 'customer', renderStripeCustomer(customers[0]!, apiVersion)),
      ).toEqual([]);
    });
  }

  it('Chargebee v2: raw invoices, credit notes, customers and void responses (with the credit note)', async () => {
    const target = { provider: 'chargebee', apiVersion: 'v2' };
    const { raws, voidResult, invoices, notes, customers } = await records({
      flavor: 'chargebee',
      voidCreatesCreditNote: true,
    });
    for (const raw of raws.invoices) expect(validateProviderObject(target, 'invoice', raw)).toEqual([]);
    const listed = (field: string) =>
      raws.invoices.filter((raw) => (raw as Record<string, []>)[field]?.length);
    for (const field of ['applied_credits', 'adjustment_credit_notes', 'issued_credit_notes'])
      expect(listed(field).length, field).toBeGreaterThan(0);
    for (const raw of raws.notes) expect(validateProviderObject(target, 'credit_note', raw)).toEqual([]);
    // A refundable note spent on an invoice lists it (and an adjustment its own invoice).
    const allocated = raws.notes.filter((raw) => (raw as { allocations: [] }).allocations.length > 0);
    expect(allocated.map((raw) => (raw as { type: string }).type).sort()).toEqual([
      'adjustment',
      'refundable',
    ]);
    for (const raw of raws.customers) expect(validateProviderObject(target, 'customer', raw)).toEqual([]);
    expect(validateProviderObject(target, 'invoice_void_response', voidResult.raw)).toEqual([]);
    expect(voidResult.raw).toEqual({
      invoice: voidResult.invoice.raw,
      credit_note: voidResult.creditNote?.raw,
    });
    for (const record of invoices) {
      expect(validateProviderObject(target, 'invoice', renderChargebeeInvoice(record))).toEqual([]);
    }
    for (const record of notes) {
      expect(validateProviderObject(target, 'credit_note', renderChargebeeCreditNote(record))).toEqual([]);
    }
    expect(validateProviderObject(target, 'customer', renderChargebeeCustomer(customers[0]!))).toEqual([]);
  });

  it('each version gets its own fields: parent and refunds[] today, subscription and refund in 2019', async () => {
    const { invoices, notes } = await records({ flavor: 'stripe' });
    const subscribed = invoices.find((invoice) => invoice.subscriptionId !== null)!;
    const today = renderStripeInvoice(subscribed, '2026-10-28.endive');
    expect(today).toMatchObject({
      parent: { subscription_details: { subscription: subscribed.subscriptionId } },
    });
    expect(today).not.toHaveProperty('subscription');
    const old = renderStripeInvoice(subscribed, '2019-11-05');
    expect(old).toMatchObject({ subscription: subscribed.subscriptionId, paid: false });
    expect(old).not.toHaveProperty('parent');
    const mixed = notes.find((note) => note.kind === 'mixed')!;
    expect(renderStripeCreditNote(mixed, '2026-10-28.endive')).toMatchObject({
      type: 'mixed',
      pre_payment_amount: 1300,
      post_payment_amount: 700,
      refunds: [{ amount_refunded: 500 }],
    });
    // A bad copy: today's invoice with the 2019 field is refused.
    expect(
      validateProviderObject({ provider: 'stripe', apiVersion: '2026-10-28.endive' }, 'invoice', {
        ...today,
        paid: true,
      }),
    ).toEqual([{ path: 'invoice.paid', message: 'is not a known parameter/property' }]);
  });
});
