/**
 * The memory provider's webhook deliveries (`provider.webhookDelivery`) are the providers' own
 * event bodies: every event of a scenario that makes every state change, for both flavors (Stripe
 * at today's and the 2019-11-05 API version, Chargebee with and without credit notes on void),
 * validated as it goes over the wire by test/schemas/validate-webhook-event.ts. A Stripe event's
 * `data.object` is judged by the schema of the event's own `api_version`.
 */
import { createBillingClient } from '@billbridge/core';
import { createMemoryProvider, type MemoryProviderSettings } from '@billbridge/memory';
import { describe, expect, it } from 'vitest';
import { validateWebhookEvent } from './validate-webhook-event.js';

const SECRET = 'whsec_billbridgeEventSchemas000000';

/** Every state change the memory state makes (packages/memory/src/state/events.ts), at least once. */
async function everyChange(settings: MemoryProviderSettings) {
  const provider = createMemoryProvider(settings);
  const billing = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  const { state } = provider;
  const stripe = settings.flavor === 'stripe';
  const customer = state.customers.create({ currency: 'usd', credit: 500, email: 'ada@example.com' });
  state.customers.update(customer.id, { name: 'Ada' });
  state.customers.adjustBalance(customer.id, 200, { description: 'goodwill' });
  const subscription = state.subscriptions.create({ customerId: customer.id });
  state.subscriptions.updateMetadata(subscription.id, { plan: 'pro' });
  const consuming = state.subscriptions.create({ customerId: customer.id });
  state.subscriptions.setBalanceSettings(consuming.id, { consumeAppliedBalanceOnVoid: true });
  const draft = state.invoices.createDraft({ customerId: customer.id, subscriptionId: subscription.id });
  state.invoices.addLine(draft.id, { amount: 2000, description: 'Pro plan' });
  state.invoices.updateMetadata(draft.id, { order: '42' });
  if (stripe) {
    const item = state.invoiceItems.create({ customerId: customer.id, amount: 300, invoiceId: draft.id });
    state.invoiceItems.update(item.id, { amount: 400 });
    const pending = state.invoiceItems.create({ customerId: customer.id, amount: 100 });
    state.invoiceItems.delete(pending.id);
  }
  state.invoices.finalize(draft.id);
  // Refundable credits after the invoice voided below is finalized: Chargebee refuses to void an
  // invoice that spent some (has_refunded_credits); the next one spends them.
  if (!stripe) state.customers.adjustBalance(customer.id, 300, { bucket: 'refundable' });
  const open = (amount: number) =>
    state.invoices.finalize(state.invoices.createDraft({ customerId: customer.id, lines: [{ amount }] }).id);
  const paid = open(3000);
  state.invoices.pay(paid.id, { amount: 1000 });
  state.invoices.pay(paid.id);
  const note = await billing.createCreditNote({ invoiceId: paid.id, amount: 500, creditAmount: 500 });
  await billing.voidCreditNote(note.id);
  // An adjustment that settles an invoice (paid), voided: the invoice is open again.
  const settled = open(800);
  await billing.voidCreditNote((await billing.createCreditNote({ invoiceId: settled.id, amount: 800 })).id);
  state.invoices.markUncollectible(open(900).id);
  await billing.voidInvoice(draft.id);
  state.invoices.deleteDraft(
    state.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 100 }] }).id,
  );
  return provider;
}

const CHANGES = [
  'customer.created',
  'customer.updated',
  'customer.balance_changed',
  'subscription.created',
  'subscription.balance_settings_changed',
  'subscription.updated',
  'invoice.created',
  'invoice.line_added',
  'invoice.lines_changed',
  'invoice.updated',
  'invoice.deleted',
  'invoice.finalized',
  'invoice.payment_recorded',
  'invoice.paid',
  'invoice.marked_uncollectible',
  'invoice.reopened',
  'invoice.voided',
  'credit_note.created',
  'credit_note.voided',
];
const INVOICE_ITEM_CHANGES = ['invoice_item.created', 'invoice_item.updated', 'invoice_item.deleted'];

const STRIPE_TYPES = [
  'credit_note.created',
  'credit_note.voided',
  'customer.created',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.updated',
  'invoice.created',
  'invoice.finalized',
  'invoice.marked_uncollectible',
  'invoice.paid',
  'invoice.updated',
  'invoice.voided',
  'invoiceitem.created',
];
const CHARGEBEE_TYPES = [
  'credit_note_created',
  'credit_note_updated',
  'customer_changed',
  'customer_created',
  'invoice_generated',
  'invoice_updated',
  'pending_invoice_created',
  'pending_invoice_updated',
  'promotional_credits_added',
  'promotional_credits_deducted',
  'subscription_changed',
  'subscription_created',
];

const configurations: { name: string; settings: MemoryProviderSettings }[] = [
  { name: 'Stripe, 2026-10-28.endive', settings: { flavor: 'stripe' } },
  { name: 'Stripe, 2019-11-05', settings: { flavor: 'stripe', apiVersion: '2019-11-05' } },
  { name: 'Chargebee', settings: { flavor: 'chargebee' } },
  {
    name: 'Chargebee, void with credit note',
    settings: { flavor: 'chargebee', voidCreatesCreditNote: true },
  },
];

/** Each recorded event's delivery body, parsed, as the endpoint receives it. */
async function deliveredBodies(settings: MemoryProviderSettings) {
  const provider = await everyChange(settings);
  const stripe = settings.flavor === 'stripe';
  const bodies = provider.events.map((event) => {
    const delivery = provider.webhookDelivery(event, stripe ? { secret: SECRET } : {});
    return JSON.parse(delivery.body) as Record<string, unknown>;
  });
  return { provider, bodies };
}

describe('memory provider webhook deliveries against the providers’ event schemas', () => {
  for (const { name, settings } of configurations) {
    it(`${name}: every event type it emits is valid, data.object in the event's API version`, async () => {
      const { provider, bodies } = await deliveredBodies(settings);
      const stripe = settings.flavor === 'stripe';
      // The scenario made every kind of state change.
      const changes = new Set(provider.state.events.list().map((change) => change.type));
      // (Chargebee has no invoice items, so no draft line changes but additions; and an invoice an
      // adjustment's void leaves owing is `not_paid`, marked uncollectible, never reopened.)
      const expected = stripe
        ? [...CHANGES, ...INVOICE_ITEM_CHANGES]
        : CHANGES.filter((type) => type !== 'invoice.lines_changed' && type !== 'invoice.reopened');
      expect([...changes].sort()).toEqual(expected.sort());
      // …and the deliveries cover every event type the flavor maps them to.
      const types = new Set(bodies.map((body) => (stripe ? body.type : body.event_type)));
      expect([...types].sort()).toEqual(stripe ? STRIPE_TYPES : CHARGEBEE_TYPES);
      expect(bodies.length).toBeGreaterThan(30);
      for (const body of bodies) {
        if (stripe) expect(body.api_version).toBe(provider.apiVersion);
        expect(
          validateWebhookEvent(stripe ? 'stripe' : 'chargebee', body),
          `${String(body.type ?? body.event_type)} ${String(body.id)}`,
        ).toEqual([]);
      }
    });
  }

  it('Stripe: a customer created with a balance is one customer.created; a balance change is customer.updated with the old balance; no invoiceitem.updated', async () => {
    const { bodies } = await deliveredBodies({ flavor: 'stripe' });
    const changes = bodies.filter(
      (body) => (body.data as { previous_attributes?: object }).previous_attributes !== undefined,
    );
    // Seeded 500 in the create call: one customer.created showing it, as Stripe sends for
    // `POST /v1/customers` with `balance` (no customer.updated). Then +200; 700 applied at the
    // first finalize; a 500 credit note and its void; the 700 returned when that invoice is voided
    // (Stripe's balance is negative for credit).
    const created = bodies.filter((body) => body.type === 'customer.created');
    expect(created.map((body) => (body.data as { object: { balance: number } }).object.balance)).toEqual([
      -500,
    ]);
    expect(
      changes.map((body) => {
        const data = body.data as { object: { balance: number }; previous_attributes: { balance: number } };
        return [body.type, data.previous_attributes.balance, data.object.balance];
      }),
    ).toEqual([
      ['customer.updated', -500, -700],
      ['customer.updated', -700, 0],
      ['customer.updated', 0, -500],
      ['customer.updated', -500, 0],
      ['customer.updated', 0, -700],
    ]);
    expect(bodies.map((body) => body.type)).not.toContain('invoiceitem.updated');
  });

  it('bad copies are refused: 2019 fields today, today’s shape under 2019-11-05, an unknown Chargebee field, an event type Stripe does not send', async () => {
    const today = (await deliveredBodies({ flavor: 'stripe' })).bodies;
    const voided = today.find((body) => body.type === 'invoice.voided')!;
    expect(validateWebhookEvent('stripe', voided)).toEqual([]);
    const invoice = (voided.data as { object: Record<string, unknown> }).object;

    const paid = { ...voided, data: { object: { ...invoice, paid: false } } };
    expect(validateWebhookEvent('stripe', paid)).toEqual([
      { path: 'event.data.object.paid', message: 'is not a known parameter/property' },
      { path: 'event.data.object(invoice): invoice.paid', message: 'is not a known parameter/property' },
    ]);

    // Today's invoice in an event that says 2019-11-05: judged by 2019's schema, refused.
    const misdated = validateWebhookEvent('stripe', { ...voided, api_version: '2019-11-05' });
    expect(misdated).toContainEqual({
      path: 'event.data.object(invoice): invoice.paid',
      message: 'is required',
    });

    expect(
      validateWebhookEvent('stripe', { ...voided, type: 'customer.balance_transaction.created' })[0]?.path,
    ).toBe('event.type');

    const chargebee = (await deliveredBodies({ flavor: 'chargebee' })).bodies;
    const update = chargebee.find((body) => body.event_type === 'invoice_updated')!;
    expect(validateWebhookEvent('chargebee', update)).toEqual([]);
    const content = update.content as { invoice: Record<string, unknown> };
    const bad = { ...update, content: { invoice: { ...content.invoice, paid: true } } };
    expect(validateWebhookEvent('chargebee', bad)).toEqual([
      { path: 'event.content.invoice.paid', message: 'is not a known parameter/property' },
      { path: 'event.content.invoice(invoice): invoice.paid', message: 'is not a known parameter/property' },
    ]);
    expect(validateWebhookEvent('chargebee', { ...update, api_version: 'v1' })).toEqual([
      { path: 'event.api_version', message: 'must be v2' },
    ]);
  });
});
