/**
 * The ONE place where billbridge's provider pictures may depart from the schemas generated from
 * the providers' SDKs (scripts/generate-provider-schemas.mjs) and the published Stripe specs. Each
 * departure names its reason and source, says where it applies (provider, API versions, which
 * schema), and is tested to be refused outside that scope (test/schemas/schema-departures.test.ts).
 * docs/provider-schemas.md lists them for readers.
 */
import type { OpenApiDocument, OpenApiSchema } from '../../packages/testing/src/openapi/index.js';

export interface SchemaDeparture {
  id: string;
  provider: 'stripe' | 'chargebee';
  /** Which API versions (Stripe: compared by date prefix, `YYYY-MM-DD`). */
  appliesTo(apiVersion: string): boolean;
  reason: string;
  source: string;
  /** Changes a (copied) document so the departure validates. */
  apply(document: OpenApiDocument): void;
}

function component(document: OpenApiDocument, name: string): OpenApiSchema {
  const schema = document.components.schemas[name];
  if (!schema) throw new Error(`schema departure: no component ${name}`);
  return schema;
}

function addProperty(schema: OpenApiSchema, name: string, property: OpenApiSchema): void {
  schema.properties = { ...(schema.properties ?? {}), [name]: property };
}

/**
 * The `object` tag Chargebee puts on resources and on the nested objects it names (its API
 * reference's sample responses: `"object": "invoice"`, `"line_items": [{ …, "object": "line_item" }]`,
 * `"discounts": [{ …, "object": "discount" }]`, `"balances": [{ …, "object": "customer_balance" }]`),
 * which the chargebee package's types omit. Only these schemas, each with its own exact value.
 */
export const CHARGEBEE_OBJECT_TAGS: Record<string, string> = {
  Invoice: 'invoice',
  'Invoice.LineItem': 'line_item',
  'Invoice.Discount': 'discount',
  'Invoice.LineItemDiscount': 'line_item_discount',
  'Invoice.Tax': 'tax',
  'Invoice.LineItemTax': 'line_item_tax',
  'Invoice.BillingAddress': 'billing_address',
  'Invoice.ShippingAddress': 'shipping_address',
  CreditNote: 'credit_note',
  'CreditNote.LineItem': 'line_item',
  'CreditNote.Discount': 'discount',
  'CreditNote.Tax': 'tax',
  'CreditNote.LineItemTax': 'line_item_tax',
  'CreditNote.LineItemDiscount': 'line_item_discount',
  Customer: 'customer',
  'Customer.Balance': 'customer_balance',
  'Customer.BillingAddress': 'billing_address',
  PromotionalCredit: 'promotional_credit',
  Subscription: 'subscription',
  Transaction: 'transaction',
};

/** The event contents whose related resources are optional, with the resources each must hold. */
export const CHARGEBEE_EVENT_OWN_RESOURCES: Record<string, readonly string[]> = {
  CustomerCreatedContent: ['customer'],
  CustomerChangedContent: ['customer'],
  SubscriptionCreatedContent: ['subscription', 'customer'],
  SubscriptionChangedContent: ['subscription', 'customer'],
};

const stripeBefore = (date: string) => (apiVersion: string) => apiVersion.slice(0, 10) < date;

export const SCHEMA_DEPARTURES: readonly SchemaDeparture[] = [
  {
    id: 'stripe-consume-applied-balance',
    provider: 'stripe',
    appliesTo: stripeBefore('2019-12-03'),
    reason:
      '`consume_applied_balance` on POST /v1/invoices/:id/void, for API versions before 2019-12-03 only: no published spec lists it.',
    source:
      'Stripe changelog 2019-12-03 "Customer balances are now returned when voiding invoices" (shared/seeds/000_635c9ea00eeb3517.txt): "Set `consume_applied_balance` to `false` when voiding invoices"',
    apply(document) {
      const operation = document.paths['/v1/invoices/{invoice}/void']?.post;
      if (!operation?.requestBody) throw new Error('schema departure: no void operation');
      addProperty(operation.requestBody.schema, 'consume_applied_balance', { type: 'boolean' });
    },
  },
  {
    id: 'stripe-nested-list-total-count',
    provider: 'stripe',
    appliesTo: stripeBefore('2025-03-31'),
    reason:
      "`total_count` on an invoice's `lines` and a subscription's `items`, the lists nested in the objects the emulator and the memory provider render, on the versions the published specs judge (before basil): Stripe sends it there although the specs' list schemas do not name it. Only these two lists; it matters where objects are judged closed (the emulator's answers).",
    source:
      'Stripe changelog 2025-03-31.basil "Removes total count expansion for list API methods": "Some top-level API resources always return total_count values for some of their list fields"; the 2019-11-05 documented cassettes (test/cassettes/stripe/contract/2019-11-05) carry `lines.total_count`',
    apply(document) {
      for (const [name, list] of [
        ['invoice', 'lines'],
        ['subscription', 'items'],
      ] as const) {
        const schema = component(document, name).properties?.[list];
        if (!schema?.properties?.data) throw new Error(`schema departure: no list ${name}.${list}`);
        addProperty(schema, 'total_count', { type: 'integer' });
      }
    },
  },
  {
    id: 'chargebee-object-tags',
    provider: 'chargebee',
    appliesTo: (apiVersion) => apiVersion === 'v2',
    reason:
      'Chargebee tags every resource and the nested objects it names with `object`; the chargebee types omit it. Allowed on the listed schemas only, each with its exact value.',
    source:
      'apidocs.chargebee.com sample responses of Invoices, Credit notes, Customers, Promotional credits, Transactions',
    apply(document) {
      for (const [name, tag] of Object.entries(CHARGEBEE_OBJECT_TAGS)) {
        addProperty(component(document, name), 'object', { type: 'string', enum: [tag] });
      }
    },
  },
  {
    id: 'chargebee-event-object-tag',
    provider: 'chargebee',
    appliesTo: (apiVersion) => apiVersion === 'v2',
    reason:
      'Chargebee tags every webhook event with `"object": "event"`; the chargebee types of `Event` and of each typed event omit it. Allowed on events only, with that exact value.',
    source:
      'apidocs.chargebee.com Events: the event schema of each webhook page ("object: Always "event" for webhook events") and every sample event',
    apply(document) {
      const tag: OpenApiSchema = { type: 'string', enum: ['event'] };
      for (const name of Object.keys(document.components.schemas)) {
        if (name === 'Event' || (name.startsWith('Event.') && name !== 'Event.Webhook')) {
          addProperty(component(document, name), 'object', tag);
        }
      }
      const fallback = component(document, 'EventWithContent')['x-discriminator-default'] as
        | OpenApiSchema
        | undefined;
      if (fallback) addProperty(fallback, 'object', tag);
    },
  },
  {
    id: 'chargebee-event-related-resources',
    provider: 'chargebee',
    appliesTo: (apiVersion) => apiVersion === 'v2',
    reason:
      "An event's `content` holds the resource the event is about and those related to it that exist: a customer without a card has no `card`, a subscription event carries no `invoice` when none was raised. The chargebee types mark every resource of these contents required; only the event's own resources stay required, on the listed contents only.",
    source:
      'apidocs.chargebee.com Events sample event (subscription_created: content holds customer, card_status no_card, and subscription only) and the webhook pages\' content lists ("the card object affected by this event")',
    apply(document) {
      for (const [name, required] of Object.entries(CHARGEBEE_EVENT_OWN_RESOURCES)) {
        const schema = component(document, name);
        for (const key of required) {
          if (!schema.required?.includes(key))
            throw new Error(`schema departure: ${name} does not require ${key}`);
        }
        schema.required = [...required];
      }
    },
  },
  {
    id: 'chargebee-linked-taxes-withheld',
    provider: 'chargebee',
    appliesTo: (apiVersion) => apiVersion === 'v2',
    reason:
      "`invoice.linked_taxes_withheld[]` is named by the void endpoint's preconditions but absent from the chargebee 3.33 types; checked by its documented attributes.",
    source:
      'apidocs.chargebee.com "Void an invoice" (an invoice with linked taxes withheld cannot be voided) and the Invoice object\'s linked_taxes_withheld attributes: id, amount, description, date, reference_number',
    apply(document) {
      addProperty(component(document, 'Invoice'), 'linked_taxes_withheld', {
        type: 'array',
        items: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            amount: { type: 'number' },
            description: { type: 'string' },
            date: { type: 'number' },
            reference_number: { type: 'string' },
          },
          additionalProperties: false,
        },
      });
    },
  },
  {
    id: 'chargebee-legacy-error-fields',
    provider: 'chargebee',
    appliesTo: (apiVersion) => apiVersion === 'v2',
    reason:
      'Chargebee error bodies carry the legacy `error_code`, `error_msg`, `error_param` and `http_status_code` beside the v1 OpenAPI error shape; chargebee-node reads them (chargebeeError.js).',
    source:
      'apidocs.chargebee.com "Error handling" (legacy error attributes); chargebee-node esm/chargebeeError.js',
    apply(document) {
      for (const name of Object.keys(document.components.schemas)) {
        if (!name.startsWith('ChargebeeError.')) continue;
        const schema = component(document, name);
        addProperty(schema, 'error_code', { type: 'string' });
        addProperty(schema, 'error_msg', { type: 'string' });
        addProperty(schema, 'error_param', { type: 'string' });
        addProperty(schema, 'http_status_code', { type: 'integer', enum: [Number(name.split('.')[1])] });
      }
    },
  },
];
