import { createBillingClient } from '@billbridge/core';
import { createStripeProvider, stripeCapabilities } from '@billbridge/stripe';
import { CONTRACT_AMOUNTS, type ContractScenario, describeProviderContract } from '@billbridge/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { useSchemaCheckedEmulator } from '../../packages/emulator/test/support/use-schema-checked-emulator.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../packages/emulator/test/support/webhook-receiver.js';
import { rawValidator } from '../schemas/validate-provider-picture.js';

/**
 * The conformance suite end to end over real HTTP: billbridge's Stripe adapter → stripe-node 23 →
 * the emulator, on the SDK's default API version and on 2019-11-05. Each scenario runs in its own
 * connected account (`Stripe-Account`), seeded through stripe-node itself; every answer the
 * emulator gives is judged by the schema of the version asked for. Until `apiBase` lands, the
 * adapter gets a stripe-node pointed at the emulator (`createStripeProvider({ client })`).
 *
 * The webhook scenarios: the delivery is the one the emulator itself POSTed (`webhooks.url`, signed
 * with `WEBHOOK_SECRET`) to a real receiver when `fixture.invoiceId` was voided through stripe-node
 * inside `webhookDelivery`, before the scenario's requests are counted.
 */
let receiver: WebhookReceiver;
const KEY = 'sk_test_billbridgeConformanceOverEmulator';
const WEBHOOK_SECRET = 'whsec_billbridgeConformanceOverEmulator';

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
// Registered after the receiver's beforeAll, so its options can name the receiver; closed before it.
const emulator = useSchemaCheckedEmulator(() => ({
  webhooks: { url: receiver.url, secret: WEBHOOK_SECRET },
}));
afterAll(() => receiver.close());

let scenarioCounter = 0;

async function seed(stripe: Stripe, scenario: ContractScenario, legacy: boolean) {
  const { credit, total, currency } = CONTRACT_AMOUNTS;
  const customer = await stripe.customers.create({ balance: -credit });
  const draft = async () => {
    // A pending item, then the invoice that takes it in (2019-11-05 always did; today's versions
    // since 2022-08-01 only with pending_invoice_items_behavior=include).
    await stripe.invoiceItems.create({ customer: customer.id, amount: total, currency });
    const invoice = await stripe.invoices.create({
      customer: customer.id,
      auto_advance: false,
      ...(legacy ? {} : { pending_invoice_items_behavior: 'include' as const }),
    });
    return invoice.id;
  };
  const open = async () => (await stripe.invoices.finalizeInvoice(await draft())).id;
  const fixture: { customerId: string; invoiceId: string; otherInvoiceId?: string; subscriptionId?: string } =
    {
      customerId: customer.id,
      invoiceId: '',
    };
  switch (scenario) {
    case 'void-refused-paid':
    case 'reverse-paid':
    case 'reverse-paid-refused':
      fixture.invoiceId = await open();
      await stripe.invoices.pay(fixture.invoiceId, { paid_out_of_band: true });
      break;
    case 'void-refused-draft':
      fixture.invoiceId = await draft();
      break;
    case 'void-refused-void':
      fixture.invoiceId = await open();
      await stripe.invoices.voidInvoice(fixture.invoiceId);
      break;
    case 'void-idempotency-conflict':
      fixture.invoiceId = await open();
      fixture.otherInvoiceId = await open();
      break;
    case 'not-found':
      fixture.invoiceId = 'in_missing';
      break;
    case 'subscription-balance-settings':
      fixture.subscriptionId = (await stripe.subscriptions.create({ customer: customer.id })).id;
      fixture.invoiceId = await open();
      break;
    default:
      fixture.invoiceId = await open();
  }
  return fixture;
}

for (const apiVersion of [Stripe.API_VERSION, '2019-11-05'] as const) {
  describeProviderContract({
    name: `stripe ${apiVersion} over the emulator (stripe-node, real HTTP)`,
    capabilities: stripeCapabilities(apiVersion),
    // The adapter's raw is the emulator's answer: judged by the schema of the version it claims.
    validateRaw: rawValidator({ provider: 'stripe', apiVersion }, { closedObjects: true }),
    async setup(scenario) {
      scenarioCounter += 1;
      const account = `acct_conformance${scenarioCounter}`;
      const stripe = new Stripe(KEY, {
        ...emulator.stripe,
        apiVersion: apiVersion as Stripe.StripeConfig['apiVersion'],
        stripeAccount: account,
        maxNetworkRetries: 0,
      });
      const fixture = await seed(stripe, scenario, apiVersion === '2019-11-05');
      let seeded = emulator.requestsOf(account);
      return {
        client: createBillingClient({
          provider: createStripeProvider({ client: stripe, webhookSecret: WEBHOOK_SECRET }),
          retry: { maxAttempts: 1 },
        }),
        fixture,
        requestCount: () => emulator.requestsOf(account) - seeded,
        async webhookDelivery() {
          // Only what this void sends (other accounts' deliveries are done by now).
          await emulator.webhooksIdle();
          const from = receiver.hits.length;
          await stripe.invoices.voidInvoice(fixture.invoiceId);
          await emulator.webhooksIdle();
          seeded = emulator.requestsOf(account);
          const delivery = receiver.find(
            (event) =>
              event.type === 'invoice.voided' &&
              (event.data as { object: { id: string } }).object.id === fixture.invoiceId,
            from,
          );
          if (!delivery) throw new Error(`the emulator delivered no invoice.voided for ${fixture.invoiceId}`);
          return delivery;
        },
      };
    },
  });
}
