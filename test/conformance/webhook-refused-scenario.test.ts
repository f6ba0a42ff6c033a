import {
  type BillingClient,
  createBillingClient,
  type ParseWebhookInput,
  WebhookVerificationError,
} from '@billbridge/core';
import { createMemoryProvider } from '@billbridge/memory';
import { expect, it } from 'vitest';
import type { ContractHarness } from '../../packages/testing/src/describe-provider-contract.js';
import { webhookContractRuns } from '../../packages/testing/src/webhook-contract-scenarios.js';

// The conformance suite's webhook-refused must fail an adapter that checks only that the
// signature header is there (found by a review on 2026-12-07: it passed such an adapter).
const SECRET = 'whsec_conformanceCheck0000000000';

async function harness(checkSignature: boolean): Promise<ContractHarness> {
  const provider = createMemoryProvider({ flavor: 'stripe', webhookSecret: SECRET });
  const real = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
  const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
  const invoiceId = provider.finalizeInvoice(draft.id).id;
  await real.voidInvoice(invoiceId);
  const event = provider.events.find((candidate) => candidate.type === 'invoice.voided')!;
  const delivery = provider.webhookDelivery(event, { secret: SECRET }) as ParseWebhookInput;
  const presenceOnly: BillingClient = {
    ...real,
    parseWebhook: async (input: ParseWebhookInput) => {
      const headers = input.headers as Record<string, string>;
      if (typeof input.body !== 'string') {
        throw new WebhookVerificationError({ provider: 'stripe', message: 'send the raw request body' });
      }
      if (!headers['stripe-signature']) {
        throw new WebhookVerificationError({ provider: 'stripe', message: 'no signature' });
      }
      return real.parseWebhook(delivery);
    },
  };
  const logged = provider.calls.length;
  return {
    client: checkSignature ? real : presenceOnly,
    fixture: { customerId: customer.customerId, invoiceId },
    requestCount: () => provider.calls.length - logged,
    webhookDelivery: () => delivery,
  };
}

it('webhook-refused passes the memory provider’s real verification', async () => {
  await expect(webhookContractRuns['webhook-refused'].run(await harness(true))).resolves.toBeUndefined();
});

it('webhook-refused fails an adapter that checks only that a signature header is present', async () => {
  const checked = await harness(false);
  await webhookContractRuns['webhook-invoice-voided'].run(checked);
  await expect(webhookContractRuns['webhook-refused'].run(checked)).rejects.toThrow();
});
