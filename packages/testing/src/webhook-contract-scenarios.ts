import { type BillingClient, billingEventSchema, type ParseWebhookInput } from '@billbridge/core';
import { expect } from 'vitest';
import type { ContractHarness } from './describe-provider-contract.js';
import { expectWebhookRefusal } from './expect-webhook-refusal.js';

/** The webhook scenarios of the conformance suite (DESIGN §13). */
export const WEBHOOK_CONTRACT_SCENARIOS = ['webhook-invoice-voided', 'webhook-refused'] as const;

/** One of {@link WEBHOOK_CONTRACT_SCENARIOS}. */
export type WebhookContractScenario = (typeof WEBHOOK_CONTRACT_SCENARIOS)[number];

type Capabilities = BillingClient['capabilities'];

async function deliveryOf(harness: ContractHarness): Promise<ParseWebhookInput> {
  if (!harness.webhookDelivery) {
    throw new Error(
      'webhook scenarios need harness.webhookDelivery(): the delivery the provider sends when fixture.invoiceId is voided',
    );
  }
  return harness.webhookDelivery();
}

/** The delivery's headers as `[name, value]` pairs, from a `Headers` or a plain record. */
function headerEntries(delivery: ParseWebhookInput): [string, string][] {
  const { headers } = delivery;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return [...headers.entries()];
  return Object.entries(headers as Record<string, string | readonly string[] | undefined>).map(
    ([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value ?? '')],
  );
}

const headerNames = (delivery: ParseWebhookInput) =>
  headerEntries(delivery).map(([name]) => name.toLowerCase());

/**
 * The delivery's headers with one character changed in each (but the content type): the first
 * letter or digit from the middle on, so a signature's hex or a Basic credential's base64 changes
 * where it counts (the last base64 character can carry bits a decoder drops), and stays of its kind.
 */
function alteredCredentials(delivery: ParseWebhookInput): Record<string, string> {
  const altered: Record<string, string> = {};
  for (const [name, text] of headerEntries(delivery)) {
    altered[name] = name.toLowerCase() === 'content-type' ? text : alterOneCharacter(text);
  }
  return altered;
}

function alterOneCharacter(text: string): string {
  for (let index = Math.floor(text.length / 2); index < text.length; index++) {
    const character = text[index]!;
    let replacement: string | undefined;
    if (/[0-9]/.test(character)) replacement = character === '0' ? '1' : '0';
    else if (/[a-z]/.test(character)) replacement = character === 'a' ? 'b' : 'a';
    else if (/[A-Z]/.test(character)) replacement = character === 'A' ? 'B' : 'A';
    if (replacement !== undefined) return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
  }
  return `${text}x`;
}

const deliversVoids = (capabilities: Capabilities) =>
  capabilities.webhooks?.events.includes('invoice.voided') ?? false;

/**
 * `webhook-invoice-voided`: the provider's delivery for the void of `fixture.invoiceId` parses to
 * an `invoice.voided` of that invoice, shaped by `billingEventSchema`, without a request.
 * `webhook-refused`: the same delivery with a parsed body, without its signature / Basic-auth
 * headers, with them altered, or (signed with `Stripe-Signature`) with its body changed, is a
 * `WebhookVerificationError`.
 */
export const webhookContractRuns: Record<
  WebhookContractScenario,
  { applies: (capabilities: Capabilities) => boolean; run: (harness: ContractHarness) => Promise<void> }
> = {
  'webhook-invoice-voided': {
    applies: deliversVoids,
    run: async (harness) => {
      const delivery = await deliveryOf(harness);
      const before = harness.requestCount();
      const event = await harness.client.parseWebhook(delivery);
      const checked = billingEventSchema.safeParse(event);
      if (!checked.success)
        throw new Error(`the event does not match billingEventSchema: ${String(checked.error)}`);
      expect(event.type).toBe('invoice.voided');
      expect(event.invoice?.id).toBe(harness.fixture.invoiceId);
      expect(event.invoice?.status).toBe('void');
      expect(event.customerId).toBe(harness.fixture.customerId);
      expect(harness.requestCount() - before).toBe(0);
    },
  },
  'webhook-refused': {
    applies: deliversVoids,
    run: async (harness) => {
      const delivery = await deliveryOf(harness);
      const text =
        typeof delivery.body === 'string' ? delivery.body : new TextDecoder().decode(delivery.body);
      const parsed = await expectWebhookRefusal(
        harness.client.parseWebhook({ ...delivery, body: JSON.parse(text) as string }),
      );
      expect(parsed.message).toContain('raw request body');
      const unsigned = await expectWebhookRefusal(harness.client.parseWebhook({ body: text, headers: {} }));
      expect(unsigned.retryable).toBe(false);
      // The credentials present but wrong (a signature or password with one character changed): an
      // adapter that checks only that the header is there accepts it (until 2026-12-07 it passed).
      await expectWebhookRefusal(
        harness.client.parseWebhook({ body: text, headers: alteredCredentials(delivery) }),
      );
      // A body signature (Stripe-Signature) no longer matches a body changed after signing.
      if (headerNames(delivery).includes('stripe-signature')) {
        await expectWebhookRefusal(harness.client.parseWebhook({ ...delivery, body: `${text} ` }));
      }
      expect(harness.requestCount()).toBe(0);
    },
  },
};
