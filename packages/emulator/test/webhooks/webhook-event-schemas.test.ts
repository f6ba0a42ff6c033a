import Chargebee from 'chargebee';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { validateWebhookEvent } from '../../../../test/schemas/validate-webhook-event.js';
import { startEmulatorWith } from '../../src/start-emulator.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The emulator's webhook deliveries, as a real node:http endpoint receives them, are the providers'
 * own event bodies: each one validated by test/schemas/validate-webhook-event.ts (a Stripe event's
 * `data.object` by the schema of the event's `api_version`, the account's default version).
 */
const SECRET = 'whsec_emulatorEventSchemas0000';
const fastRetry = { webhookRetry: { baseDelayMs: 10, maxDelayMs: 40, attempts: 2, timeoutMs: 2_000 } };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiverAndEmulator(options: Parameters<typeof startEmulatorWith>[0]['stripe'] = {}) {
  const receiver = await startWebhookReceiver();
  cleanups.push(() => receiver.close());
  const emulator = await startEmulatorWith(
    { stripe: options, webhooks: { url: receiver.url, secret: SECRET } },
    fastRetry,
  );
  cleanups.push(() => emulator.close());
  return { receiver, emulator };
}

const bodiesOf = (receiver: { hits: { body: string }[] }) =>
  receiver.hits.map((hit) => JSON.parse(hit.body) as Record<string, unknown>);

describe('emulator webhook deliveries against the providers’ event schemas', () => {
  for (const apiVersion of ['2026-10-28.endive', '2019-11-05']) {
    it(`Stripe, account version ${apiVersion}: every delivered event is valid in that version`, async () => {
      const { receiver, emulator } = await receiverAndEmulator({ apiVersion });
      const stripe = new Stripe('sk_test_eventSchemas', { ...emulator.stripe, maxNetworkRetries: 0 });
      const customer = await stripe.customers.create({ balance: -500, email: 'ada@example.com' });
      await stripe.customers.createBalanceTransaction(customer.id, { amount: -200, currency: 'usd' });
      await stripe.customers.update(customer.id, { name: 'Ada' });
      await stripe.subscriptions.create({
        customer: customer.id,
        items: [
          {
            price_data: {
              currency: 'usd',
              product: 'prod_x',
              unit_amount: 100,
              recurring: { interval: 'month' },
            },
          },
        ],
      });
      const open = async (amount: number) => {
        await stripe.invoiceItems.create({ customer: customer.id, amount, currency: 'usd' });
        const draft = await stripe.invoices.create({
          customer: customer.id,
          pending_invoice_items_behavior: 'include',
        });
        return stripe.invoices.finalizeInvoice(draft.id as string);
      };
      const voided = await open(2000);
      await stripe.invoices.voidInvoice(voided.id as string);
      const paid = await open(1500);
      await stripe.invoices.pay(paid.id as string, { paid_out_of_band: true });
      const note = await stripe.creditNotes.create({ invoice: paid.id as string, amount: 500 });
      await stripe.creditNotes.voidCreditNote(note.id);
      await stripe.invoices.markUncollectible((await open(900)).id as string);
      await emulator.webhooksIdle();

      const bodies = bodiesOf(receiver);
      const types = bodies.map((body) => body.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'customer.created',
          'customer.updated',
          'customer.subscription.created',
          'invoiceitem.created',
          'invoice.created',
          'invoice.finalized',
          'invoice.voided',
          'invoice.paid',
          'invoice.marked_uncollectible',
          'credit_note.created',
          'credit_note.voided',
        ]),
      );
      for (const body of bodies) {
        expect(body.api_version).toBe(apiVersion);
        expect(validateWebhookEvent('stripe', body), `${String(body.type)} ${String(body.id)}`).toEqual([]);
      }
      // A bad copy: the voided invoice's event with a field of the other version is refused.
      const event = bodies.find((body) => body.type === 'invoice.voided')!;
      const object = (event.data as { object: Record<string, unknown> }).object;
      const tampered =
        apiVersion === '2019-11-05' ? { ...object, paid: undefined } : { ...object, paid: false };
      expect(
        validateWebhookEvent('stripe', JSON.parse(JSON.stringify({ ...event, data: { object: tampered } }))),
      ).not.toEqual([]);
    });
  }

  it('Chargebee v2: every delivered event is valid', async () => {
    const { receiver, emulator } = await receiverAndEmulator();
    const chargebee = new Chargebee({
      ...emulator.chargebee,
      apiKey: 'test_eventSchemas',
      retryConfig: { enabled: false },
    });
    const { customer } = await chargebee.customer.create({
      first_name: 'Ada',
      preferred_currency_code: 'USD',
    });
    await chargebee.promotionalCredit.add({ customer_id: customer.id, amount: 500, description: 'hello' });
    await chargebee.promotionalCredit.deduct({ customer_id: customer.id, amount: 100, description: 'back' });
    const charge = async (amount: number) =>
      (
        await chargebee.invoice.createForChargeItemsAndCharges({
          customer_id: customer.id,
          charges: [{ amount, description: 'Workshop' }],
        })
      ).invoice;
    const voided = await charge(2000);
    await chargebee.invoice.voidInvoice(voided.id, { void_reason_code: 'other', comment: 'test' });
    const paid = await charge(1500);
    await chargebee.invoice.recordPayment(paid.id, {
      transaction: { amount: paid.amount_due as number, payment_method: 'cash' },
    });
    const { credit_note } = await chargebee.creditNote.create({
      reference_invoice_id: paid.id,
      type: 'refundable',
      total: 500,
      reason_code: 'order_change',
    });
    await chargebee.creditNote.voidCreditNote(credit_note.id);
    const adjusted = await charge(800);
    await chargebee.creditNote.create({ reference_invoice_id: adjusted.id, type: 'adjustment', total: 300 });
    await emulator.webhooksIdle();

    const bodies = bodiesOf(receiver);
    const types = bodies.map((body) => body.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'customer_created',
        'promotional_credits_added',
        'promotional_credits_deducted',
        'invoice_generated',
        'invoice_updated',
        'credit_note_created',
        'credit_note_updated',
      ]),
    );
    for (const body of bodies) {
      expect(
        validateWebhookEvent('chargebee', body),
        `${String(body.event_type)} ${String(body.id)}`,
      ).toEqual([]);
    }
    const update = bodies.find((body) => body.event_type === 'invoice_updated')!;
    const invoice = (update.content as { invoice: Record<string, unknown> }).invoice;
    expect(
      validateWebhookEvent('chargebee', { ...update, content: { invoice: { ...invoice, paid: true } } }),
    ).not.toEqual([]);
  });
});
