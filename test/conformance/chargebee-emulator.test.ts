import { chargebeeCapabilities, createChargebeeProvider } from '@billbridge/chargebee';
import { createBillingClient } from '@billbridge/core';
import { CONTRACT_AMOUNTS, type ContractScenario, describeProviderContract } from '@billbridge/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { useSchemaCheckedEmulator } from '../../packages/emulator/test/support/use-schema-checked-emulator.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../packages/emulator/test/support/webhook-receiver.js';
import { rawValidator } from '../schemas/validate-provider-picture.js';

/**
 * The conformance suite over the real Chargebee adapter → chargebee-node → the emulator's
 * Chargebee dialect over HTTP, for a site without and with "Void invoices with credit note". Each
 * scenario gets a site of its own (a fresh key bound to a fresh site), seeded through chargebee-node
 * itself (a customer with 500 promotional credits, a one-off invoice of 2 000); `requestCount`
 * counts the HTTP requests the server received after seeding. Every answer is checked against the
 * generated Chargebee schemas.
 *
 * The webhook scenarios: the delivery is the `invoice_updated` event the emulator itself POSTed,
 * with the webhook's Basic auth (the receiver URL's `user:password@`), to a real receiver when
 * `fixture.invoiceId` was voided through chargebee-node inside `webhookDelivery`, before the
 * scenario's requests are counted.
 *
 * The adapter gets an injected client configured for the emulator; with `apiBase` (branch
 * `packaging`) it can be `createChargebeeProvider({ site, apiKey, apiBase: emulator url })` instead.
 */
const { credit, total } = CONTRACT_AMOUNTS;
const WEBHOOK_AUTH = { username: 'billbridge', password: 'emulator-webhook-password' };
let receiver: WebhookReceiver;
let received = 0;
let sites = 0;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
// Registered after the receiver's beforeAll, so its options can name the receiver; closed before it.
const emulator = useSchemaCheckedEmulator({
  chargebeeHarness: () => ({
    webhookUrl: receiver.url.replace('http://', `http://${WEBHOOK_AUTH.username}:${WEBHOOK_AUTH.password}@`),
  }),
});
beforeAll(() => {
  emulator.server.server.on('request', () => {
    received += 1;
  });
});
afterAll(() => receiver.close());

function emulatorSetup(voidCreatesCreditNote: boolean) {
  return async (scenario: ContractScenario) => {
    sites += 1;
    const site = `conformance-${sites}`;
    const apiKey = `test_conformance${sites}`;
    emulator.dialect.configureSite(site, { voidCreatesCreditNote });
    emulator.dialect.bindKey(apiKey, site);
    const chargebee = emulator.chargebee(apiKey);
    const { customer } = await chargebee.customer.create({
      first_name: 'Ada',
      preferred_currency_code: 'USD',
    });
    await chargebee.promotionalCredit.add({
      customer_id: customer.id,
      amount: credit,
      description: 'conformance',
    });
    const invoice = async (pending = false) =>
      (
        await chargebee.invoice.createForChargeItemsAndCharges({
          customer_id: customer.id,
          charges: [{ amount: total, description: 'Conformance charge' }],
          ...(pending ? { create_pending_invoice: true } : {}),
        })
      ).invoice;
    let invoiceId: string;
    let otherInvoiceId: string | undefined;
    switch (scenario) {
      case 'void-refused-paid':
      case 'reverse-paid':
      case 'reverse-paid-refused': {
        const open = await invoice();
        await chargebee.invoice.recordPayment(open.id, {
          transaction: { amount: open.amount_due!, payment_method: 'cash' },
        });
        invoiceId = open.id;
        break;
      }
      case 'void-refused-draft':
        invoiceId = (await invoice(true)).id;
        break;
      case 'void-refused-void': {
        invoiceId = (await invoice()).id;
        await chargebee.invoice.voidInvoice(invoiceId);
        break;
      }
      case 'void-idempotency-conflict':
        invoiceId = (await invoice()).id;
        otherInvoiceId = (await invoice()).id;
        break;
      case 'not-found':
        invoiceId = 'INV-404';
        break;
      default:
        invoiceId = (await invoice()).id;
    }
    const client = createBillingClient({
      provider: createChargebeeProvider({
        client: chargebee,
        voidCreatesCreditNote,
        webhookAuth: WEBHOOK_AUTH,
      }),
      retry: { maxAttempts: 1 },
    });
    let baseline = received;
    return {
      client,
      fixture: {
        customerId: customer.id,
        invoiceId,
        ...(otherInvoiceId ? { otherInvoiceId } : {}),
        subscriptionId: 'sub_conformance',
      },
      requestCount: () => received - baseline,
      done: () => {
        expect(emulator.answers.length).toBeGreaterThan(0);
      },
      async webhookDelivery() {
        // Only what this void sends (other accounts' deliveries are done by now).
        await emulator.webhooksIdle();
        const from = receiver.hits.length;
        await chargebee.invoice.voidInvoice(invoiceId);
        await emulator.webhooksIdle();
        baseline = received;
        const delivery = receiver.find((event) => {
          const invoice = (event.content as { invoice?: { id: string; status: string } }).invoice;
          return (
            event.event_type === 'invoice_updated' && invoice?.id === invoiceId && invoice.status === 'voided'
          );
        }, from);
        if (!delivery) throw new Error(`the emulator delivered no invoice_updated (voided) for ${invoiceId}`);
        return delivery;
      },
    };
  };
}

for (const voidCreatesCreditNote of [false, true]) {
  describeProviderContract({
    name: `chargebee v2 over the emulator (chargebee-node, HTTP, voidCreatesCreditNote: ${voidCreatesCreditNote})`,
    setup: emulatorSetup(voidCreatesCreditNote),
    capabilities: chargebeeCapabilities({ voidCreatesCreditNote }),
    // The adapter's raw is the emulator's answer: judged by the Chargebee v2 schema.
    validateRaw: rawValidator({ provider: 'chargebee', apiVersion: 'v2' }, { closedObjects: true }),
  });
}
