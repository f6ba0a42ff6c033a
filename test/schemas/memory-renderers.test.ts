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
import { validateProviderObject } from './validate-provider-picture.js';

/** Invoices in every status, credit notes of every kind, and the customers, as memory records. */
async function records(settings: MemoryProviderSettings) {
  const provider = createMemoryProvider(settings);
  const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  const stripe = settings.flavor === 'stripe';
  const { customerId } = provider.createCustomer({ currency: 'usd', credit: 500 });
  const { id: subscriptionId } = provider.createSubscription({ customerId });
  const invoices: InvoiceRecord[] = [];
  const notes: CreditNoteRecord[] = [];
  const open = (lines = [{ amount: 1200, description: 'Pro plan' }, { amount: 800 }]) => {
    const draft = provider.createInvoice({ customerId, subscriptionId, lines });
    return provider.finalizeInvoice(draft.id).id;
  };
  invoices.push(provider.createInvoice({ customerId, lines: [{ amount: 2000 }] }).raw as InvoiceRecord);
  const voided = open();
  invoices.push((await client.voidInvoice(voided)).invoice.raw as InvoiceRecord);
  const paid = open([{ amount: 2000 }]);
  invoices.push(provider.payInvoice(paid).raw as InvoiceRecord);
  const uncollectible = open([{ amount: 2000 }]);
  invoices.push(provider.markUncollectible(uncollectible).raw as InvoiceRecord);
  const partly = open([{ amount: 2000 }]);
  invoices.push(provider.payInvoice(partly, { amount: 700 }).raw as InvoiceRecord);
  const adjusted = open([{ amount: 2000 }]);
  notes.push(
    (await client.createCreditNote({ invoiceId: adjusted, amount: 300, reason: 'order_change' }))
      .raw as CreditNoteRecord,
  );
  notes.push((await client.voidCreditNote(notes[0]!.id)).raw as CreditNoteRecord);
  notes.push(
    (
      await client.createCreditNote({
        invoiceId: paid,
        amount: 1000,
        creditAmount: 1000,
        reasonCode: 'goodwill',
      })
    ).raw as CreditNoteRecord,
  );
  if (stripe) {
    notes.push(
      (
        await client.createCreditNote({
          invoiceId: partly,
          amount: 2000,
          refundAmount: 500,
          creditAmount: 200,
        })
      ).raw as CreditNoteRecord,
    );
  }
  invoices.push((await client.getInvoice(partly)).raw as InvoiceRecord);
  invoices.push((await client.getInvoice(paid)).raw as InvoiceRecord);
  const customer = (await client.getCustomerBalance(customerId)).raw as CustomerRecord;
  return { invoices, notes, customers: [customer] };
}

const stripeVersions = ['2026-10-28.endive', '2019-11-05'];

describe('memory renderers against the providers’ schemas', () => {
  for (const apiVersion of stripeVersions) {
    it(`Stripe ${apiVersion}: invoices, credit notes and customers in that version's shape`, async () => {
      const target = { provider: 'stripe', apiVersion };
      const { invoices, notes, customers } = await records({ flavor: 'stripe', apiVersion });
      expect(invoices.length).toBeGreaterThanOrEqual(7);
      for (const invoice of invoices) {
        expect(
          validateProviderObject(target, 'invoice', renderStripeInvoice(invoice, apiVersion)),
          invoice.status,
        ).toEqual([]);
      }
      for (const note of notes) {
        expect(
          validateProviderObject(target, 'credit_note', renderStripeCreditNote(note, apiVersion)),
          note.kind,
        ).toEqual([]);
      }
      for (const customer of customers) {
        expect(
          validateProviderObject(target, 'customer', renderStripeCustomer(customer, apiVersion)),
        ).toEqual([]);
      }
    });
  }

  it('Chargebee v2: invoices, credit notes and customers', async () => {
    const target = { provider: 'chargebee', apiVersion: 'v2' };
    const { invoices, notes, customers } = await records({ flavor: 'chargebee' });
    for (const invoice of invoices) {
      expect(
        validateProviderObject(target, 'invoice', renderChargebeeInvoice(invoice)),
        invoice.status,
      ).toEqual([]);
    }
    for (const note of notes) {
      expect(
        validateProviderObject(target, 'credit_note', renderChargebeeCreditNote(note)),
        note.kind,
      ).toEqual([]);
    }
    for (const customer of customers) {
      expect(validateProviderObject(target, 'customer', renderChargebeeCustomer(customer))).toEqual([]);
    }
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
