/**
 * Strict validation of a webhook event body as it goes over the wire (the memory provider's
 * `webhookDelivery`, the emulator's deliveries) against the provider's generated or published
 * schemas (validate-provider-picture.ts):
 * - Stripe: the `event` envelope, and `data.object` by its own `object` tag, both judged by the
 *   schema of the event's `api_version` (an event carries its object in that version's shape);
 * - Chargebee v2: the typed event (`EventWithContent`, by `event_type`), and each resource of
 *   `content` by its own schema.
 * The object-level check holds even where the envelope's schema leaves `data.object` open (the
 * published specs, and Stripe event types without a typed event in stripe-node).
 */
import type { SchemaIssue } from '../../packages/testing/src/openapi/index.js';
import { type ProviderObjectKind, validateProviderObject } from './validate-provider-picture.js';

const stripeKinds: Record<string, ProviderObjectKind> = {
  invoice: 'invoice',
  credit_note: 'credit_note',
  customer: 'customer',
  customer_balance_transaction: 'customer_balance_transaction',
  subscription: 'subscription',
  invoiceitem: 'invoice_item',
};

const chargebeeKinds: Record<string, ProviderObjectKind> = {
  invoice: 'invoice',
  credit_note: 'credit_note',
  customer: 'customer',
  subscription: 'subscription',
  promotional_credit: 'promotional_credit',
};

const issue = (path: string, message: string): SchemaIssue => ({ path, message });

/** Every issue of a delivered event `body` (the parsed JSON) for `provider`; empty means valid. */
export function validateWebhookEvent(provider: 'stripe' | 'chargebee', body: unknown): SchemaIssue[] {
  if (typeof body !== 'object' || body === null) return [issue('event', 'must be an object')];
  const event = body as Record<string, unknown>;
  if (provider === 'stripe') {
    const apiVersion = event.api_version;
    if (typeof apiVersion !== 'string') return [issue('event.api_version', 'must name the version')];
    const target = { provider: 'stripe', apiVersion };
    const object = (event.data as { object?: Record<string, unknown> } | undefined)?.object;
    const kind = stripeKinds[String(object?.object)];
    return [
      ...validateProviderObject(target, 'event', event),
      ...(kind
        ? validateProviderObject(target, kind, object).map((each) => ({
            path: `event.data.object(${kind}): ${each.path}`,
            message: each.message,
          }))
        : [issue('event.data.object.object', `no schema for ${JSON.stringify(object?.object)}`)]),
    ];
  }
  const target = { provider: 'chargebee', apiVersion: String(event.api_version) };
  if (event.api_version !== 'v2') return [issue('event.api_version', 'must be v2')];
  const content = (event.content ?? {}) as Record<string, unknown>;
  return [
    ...validateProviderObject(target, 'event', event),
    ...Object.entries(content).flatMap(([key, value]) => {
      const kind = chargebeeKinds[key];
      if (!kind) return [issue(`event.content.${key}`, 'no schema for this resource')];
      return validateProviderObject(target, kind, value).map((each) => ({
        path: `event.content.${key}(${kind}): ${each.path}`,
        message: each.message,
      }));
    }),
  ];
}
