import { createChargebeeProvider } from '@billbridge/chargebee';
import {
  type BillingEvent,
  createBillingClient,
  createMemoryDedupeStore,
  createWebhookHandler,
  ValidationError,
} from '@billbridge/core';
import { createMemoryProvider, type MemoryProvider } from '@billbridge/memory';
import { createStripeProvider } from '@billbridge/stripe';
import { expectWebhookRefusal } from '@billbridge/testing';
import Chargebee from 'chargebee';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';

/**
 * The memory provider's webhooks against the real adapters: its deliveries are what Stripe and
 * Chargebee send, so stripe-node and the adapters' parseWebhook accept them and read the same
 * events out of them.
 */
const SECRET = 'whsec_billbridgeMemoryDeliveries000000';
const AUTH = { username: 'hooks', password: 'memory-chargebee-password' };

const stripeAdapter = () =>
  createBillingClient({
    provider: createStripeProvider({ apiKey: 'sk_test_billbridgeUnused000000', webhookSecret: SECRET }),
  });
const chargebeeAdapter = () =>
  createBillingClient({
    provider: createChargebeeProvider({
      client: new Chargebee({ site: 'billbridge-test', apiKey: 'test_unused' }),
      webhookAuth: AUTH,
    }),
  });

/** Credit, an invoice finalized against it, a credit note made and voided, a second invoice voided. */
async function lifeOfAnInvoice(provider: MemoryProvider) {
  const billing = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
  const first = provider.finalizeInvoice(
    provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] }).id,
  );
  const note = await billing.createCreditNote({ invoiceId: first.id, amount: 300 });
  await billing.voidCreditNote(note.id);
  const second = provider.finalizeInvoice(
    provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 1200 }] }).id,
  );
  await billing.voidInvoice(first.id);
  provider.markUncollectible(second.id);
  return { billing, first, second, customerId: customer.customerId };
}

describe('memory provider, Stripe flavor: deliveries the Stripe adapter accepts', () => {
  it('records a BillingEvent per state change, and the void as invoice.voided', async () => {
    const provider = createMemoryProvider({ flavor: 'stripe', webhookSecret: SECRET });
    const { first } = await lifeOfAnInvoice(provider);
    const types = provider.events.map((event) => event.type);
    expect(types).toContain('invoice.finalized');
    expect(types).toContain('credit_note.created');
    expect(types).toContain('credit_note.voided');
    expect(types).toContain('customer_balance.changed');
    expect(types).toContain('invoice.marked_uncollectible');
    const voided = provider.events.filter((event) => event.type === 'invoice.voided');
    expect(voided).toHaveLength(1);
    expect(voided[0]).toMatchObject({
      provider: 'memory',
      providerType: 'invoice.voided',
      invoice: { id: first.id, status: 'void' },
      apiVersion: provider.apiVersion,
    });
  });

  it("is signed as Stripe signs: stripe-node's own constructEventAsync accepts it", async () => {
    const provider = createMemoryProvider({ flavor: 'stripe' });
    const { first } = await lifeOfAnInvoice(provider);
    const event = provider.events.find((each) => each.type === 'invoice.voided') as BillingEvent;
    const delivery = provider.webhookDelivery(event, { secret: SECRET });
    const verified = await Stripe.webhooks.constructEventAsync(
      delivery.body,
      delivery.headers['stripe-signature'] as string,
      SECRET,
    );
    expect(verified).toMatchObject({
      id: event.id,
      type: 'invoice.voided',
      data: { object: { id: first.id } },
    });
    await expect(
      Stripe.webhooks.constructEventAsync(
        delivery.body.replace('"void"', '"paid"'),
        delivery.headers['stripe-signature'] as string,
        SECRET,
      ),
    ).rejects.toThrow('No signatures found matching the expected signature');
    expect(() => provider.webhookDelivery(event)).toThrow('secret is required for the Stripe flavor');
    expect(() => provider.webhookDelivery({ ...event, id: 'evt_unknown' })).toThrow(ValidationError);
  });

  it('every delivery parses, through the real Stripe adapter, to the event the memory provider recorded', async () => {
    for (const apiVersion of [undefined, '2019-11-05']) {
      const provider = createMemoryProvider({ flavor: 'stripe', ...(apiVersion ? { apiVersion } : {}) });
      await lifeOfAnInvoice(provider);
      const adapter = stripeAdapter();
      expect(provider.events.length).toBeGreaterThan(10);
      for (const event of provider.events) {
        const parsed = await adapter.parseWebhook(provider.webhookDelivery(event, { secret: SECRET }));
        expect([parsed.providerType, parsed.type]).toEqual([event.providerType, event.type]);
        expect(parsed).toMatchObject({ id: event.id, provider: 'stripe', apiVersion: event.apiVersion });
        expect(parsed.customerId).toBe(event.customerId);
        if (event.invoice) {
          const { provider: _a, raw: _b, ...fromMemory } = event.invoice;
          expect(parsed.invoice).toBeDefined();
          const {
            provider: _c,
            raw: _d,
            ...fromStripe
          } = parsed.invoice as NonNullable<typeof parsed.invoice>;
          // Known difference, not the rendering's: Stripe keeps `amount_due` on a void invoice (the
          // adapter reports it), the memory provider normalizes a void invoice's amountDue to 0.
          const voided = event.invoice.status === 'void';
          expect({ ...fromStripe, amountDue: voided ? null : fromStripe.amountDue }).toEqual({
            ...fromMemory,
            amountDue: voided ? null : fromMemory.amountDue,
          });
        }
        if (event.creditNote) {
          expect(parsed.creditNote).toMatchObject({
            id: event.creditNote.id,
            status: event.creditNote.status,
            total: event.creditNote.total,
            kind: event.creditNote.kind,
          });
        }
      }
    }
  });

  it('a void, delivered through createWebhookHandler over the real Stripe adapter: the handler sees invoice.voided for that invoice', async () => {
    const provider = createMemoryProvider({ flavor: 'stripe' });
    const seen: BillingEvent[] = [];
    const handle = createWebhookHandler({
      billing: stripeAdapter(),
      dedupe: createMemoryDedupeStore(),
      onEvent: (event) => {
        seen.push(event);
      },
    });
    const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
    const invoice = provider.finalizeInvoice(
      provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] }).id,
    );
    await createBillingClient({ provider }).voidInvoice(invoice.id);
    const event = provider.events.at(-1) as BillingEvent;
    const delivery = provider.webhookDelivery(event, { secret: SECRET });
    const post = () => handle(new Request('http://127.0.0.1/webhooks', { method: 'POST', ...delivery }));
    expect((await post()).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: 'invoice.voided',
      provider: 'stripe',
      invoice: { id: invoice.id, status: 'void', appliedBalance: { amount: 500, currency: 'usd' } },
    });
    expect(await (await post()).json()).toEqual({ received: true, duplicate: true });
    expect(seen).toHaveLength(1);
  });

  // DESIGN §3.2: a void consumes the applied balance by default before 2019-12-03 only. The
  // subscription's webhook said `true` up to basil (2025-03-31) until 2026-12-03.
  it("a subscription's delivery names the void default of its API version (consume before 2019-12-03)", () => {
    for (const [apiVersion, consumes] of [
      ['2019-11-05', true],
      ['2019-12-03', false],
      ['2024-06-20', false],
    ] as const) {
      const provider = createMemoryProvider({ flavor: 'stripe', apiVersion });
      const { customerId } = provider.createCustomer({ currency: 'usd' });
      provider.createSubscription({ customerId });
      const event = provider.events.find((each) => each.providerType === 'customer.subscription.created');
      expect(event, apiVersion).toBeDefined();
      const body = JSON.parse(provider.webhookDelivery(event as BillingEvent, { secret: SECRET }).body);
      expect(body.data.object.invoice_customer_balance_settings, apiVersion).toEqual({
        consume_applied_balance_on_void: consumes,
      });
    }
  });

  it("the memory provider's own parseWebhook verifies its deliveries the same way", async () => {
    const provider = createMemoryProvider({ flavor: 'stripe', webhookSecret: [SECRET] });
    const { billing } = await lifeOfAnInvoice(provider);
    const event = provider.events.at(-1) as BillingEvent;
    const delivery = provider.webhookDelivery(event, { secret: SECRET });
    expect(await billing.parseWebhook(delivery)).toEqual(event);
    const forged = await expectWebhookRefusal(
      billing.parseWebhook(provider.webhookDelivery(event, { secret: 'whsec_other000000000000' })),
    );
    expect(forged.message).toContain('does not match');
    const old = provider.webhookDelivery(event, {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect((await expectWebhookRefusal(billing.parseWebhook(old))).message).toContain(
      'outside the 300 s tolerance',
    );
  });

  it('keeps nothing, at no cost per change, with limits.events: 0', async () => {
    const provider = createMemoryProvider({ flavor: 'stripe', limits: { events: 0 } });
    await lifeOfAnInvoice(provider);
    expect(provider.events).toEqual([]);
  });
});

describe('memory provider, Chargebee flavor: deliveries the Chargebee adapter accepts', () => {
  it('a void is invoice_updated with status voided → invoice.voided, and every delivery parses to the recorded event', async () => {
    for (const voidCreatesCreditNote of [false, true]) {
      const provider = createMemoryProvider({
        flavor: 'chargebee',
        voidCreatesCreditNote,
        webhookAuth: AUTH,
      });
      const { first, billing } = await lifeOfAnInvoice(provider);
      const voided = provider.events.find((event) => event.type === 'invoice.voided') as BillingEvent;
      expect(voided).toMatchObject({
        providerType: 'invoice_updated',
        apiVersion: 'v2',
        invoice: { id: first.id },
      });
      const adapter = chargebeeAdapter();
      for (const event of provider.events) {
        const delivery = provider.webhookDelivery(event, { basicAuth: AUTH });
        const parsed = await adapter.parseWebhook(delivery);
        expect([parsed.providerType, parsed.type]).toEqual([event.providerType, event.type]);
        expect(parsed.customerId).toBe(event.customerId);
        if (event.invoice) {
          expect(parsed.invoice).toMatchObject({
            id: event.invoice.id,
            status: event.invoice.status,
            total: event.invoice.total,
            amountDue: event.invoice.amountDue,
            appliedBalance: event.invoice.appliedBalance,
          });
        }
        if (event.creditNote)
          expect(parsed.creditNote).toMatchObject({
            id: event.creditNote.id,
            status: event.creditNote.status,
          });
        expect(await billing.parseWebhook(delivery)).toEqual(event);
      }
      const wrong = provider.webhookDelivery(voided, { basicAuth: { ...AUTH, password: 'nope' } });
      await expectWebhookRefusal(adapter.parseWebhook(wrong));
      await expectWebhookRefusal(billing.parseWebhook(wrong));
    }
  });

  it('each delivery says what its event says, read after later changes: credit notes as they were, invoice_updated typed by status', async () => {
    const provider = createMemoryProvider({ flavor: 'chargebee', webhookAuth: AUTH });
    const billing = createBillingClient({ provider, retry: { maxAttempts: 1 } });
    const { customerId } = provider.createCustomer({ currency: 'usd' });
    const invoice = provider.finalizeInvoice(
      provider.createInvoice({ customerId, lines: [{ amount: 2000 }] }).id,
    );
    // An adjustment after the invoice.finalized event, one kept and one voided: the invoice is then
    // not_paid (Chargebee), and a payment on it is an invoice_updated of a not_paid invoice.
    await billing.createCreditNote({ invoiceId: invoice.id, amount: 300 });
    const voided = await billing.createCreditNote({ invoiceId: invoice.id, amount: 200 });
    await billing.voidCreditNote(voided.id);
    provider.payInvoice(invoice.id, { amount: 500 });
    const adapter = chargebeeAdapter();
    const events = provider.events.filter((event) => event.invoice?.id === invoice.id);
    expect(events.map((event) => event.type)).toContain('invoice.marked_uncollectible');
    for (const event of events) {
      const parsed = await adapter.parseWebhook(provider.webhookDelivery(event, { basicAuth: AUTH }));
      expect([parsed.providerType, parsed.type], event.id).toEqual([event.providerType, event.type]);
      expect(parsed.invoice, event.id).toMatchObject({
        status: event.invoice?.status,
        amountDue: event.invoice?.amountDue,
        amountCredited: event.invoice?.amountCredited,
      });
    }
    const finalized = events.find((event) => event.type === 'invoice.finalized')!;
    expect(finalized.invoice?.amountCredited.amount).toBe(0);
    expect(
      (finalized.raw as { content: { invoice: { adjustment_credit_notes: [] } } }).content.invoice
        .adjustment_credit_notes,
    ).toEqual([]);
  });
});
