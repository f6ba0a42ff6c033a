/**
 * Strict validation of provider pictures against the schema of the provider and API version they
 * claim (provider-schemas.ts): every exchange of a cassette, and single objects such as the memory
 * provider's `raw` or the emulator's answers.
 */
import type { Cassette, RawKind, ValidateRaw } from '@billbridge/testing';
import {
  resolveSchemaRef,
  type SchemaIssue,
  validateOpenApiExchange,
  validateOpenApiSchema,
} from '../../packages/testing/src/openapi/index.js';
import { providerSchemaFor } from './provider-schemas.js';

/** Every request and response of a cassette, against the schema of its `meta.provider` and `meta.apiVersion`. */
export function validateCassette(cassette: Cassette): SchemaIssue[] {
  const { document } = providerSchemaFor(cassette.meta.provider, cassette.meta.apiVersion);
  return cassette.interactions.flatMap((interaction, index) => {
    const { request, response } = interaction;
    const where = (issue: SchemaIssue) => ({
      path: `interaction ${index}: ${issue.path}`,
      message: issue.message,
    });
    if (response.networkError) return [];
    if (typeof response.body === 'string') {
      // A non-JSON answer (a proxy's HTML page): only a 5xx, and really not JSON.
      let json = true;
      try {
        JSON.parse(response.body);
      } catch {
        json = false;
      }
      return json || response.status < 500
        ? [
            where({
              path: `${request.method} ${request.path}`,
              message: 'a string body must be a non-JSON 5xx answer',
            }),
          ]
        : [];
    }
    return validateOpenApiExchange(document, {
      method: request.method,
      path: request.path,
      body: request.body ?? {},
      status: response.status,
      responseBody: response.body,
    }).map(where);
  });
}

/** The kinds of single objects billbridge pictures, and their schema per provider schema family. */
export type ProviderObjectKind =
  | 'invoice'
  | 'credit_note'
  | 'customer'
  | 'customer_balance_transaction'
  | 'subscription'
  /** Stripe's invoice item (`invoiceitem`). */
  | 'invoice_item'
  /** Chargebee's promotional credit movement. */
  | 'promotional_credit'
  | 'event'
  /** The answer to a void: Stripe's invoice; Chargebee's `{ invoice, credit_note? }`. */
  | 'invoice_void_response';

const componentNames: Record<
  'generated-stripe' | 'published-stripe' | 'chargebee',
  Partial<Record<ProviderObjectKind, string>>
> = {
  'generated-stripe': {
    invoice: 'Invoice',
    credit_note: 'CreditNote',
    customer: 'Customer',
    customer_balance_transaction: 'CustomerBalanceTransaction',
    subscription: 'Subscription',
    invoice_item: 'InvoiceItem',
    event: 'Event',
    invoice_void_response: 'Invoice',
  },
  'published-stripe': {
    invoice: 'invoice',
    credit_note: 'credit_note',
    customer: 'customer',
    customer_balance_transaction: 'customer_balance_transaction',
    subscription: 'subscription',
    invoice_item: 'invoiceitem',
    event: 'event',
    invoice_void_response: 'invoice',
  },
  chargebee: {
    invoice: 'Invoice',
    credit_note: 'CreditNote',
    customer: 'Customer',
    subscription: 'Subscription',
    promotional_credit: 'PromotionalCredit',
    event: 'EventWithContent',
    invoice_void_response: 'Invoice.VoidInvoiceResponse',
  },
};

/** The schema of `kind` for `provider` at `apiVersion`, in its document. */
function objectSchemaOf(target: { provider: string; apiVersion: string }, kind: ProviderObjectKind) {
  const { document, file } = providerSchemaFor(target.provider, target.apiVersion);
  const family =
    target.provider === 'chargebee'
      ? 'chargebee'
      : file.includes('stripe-schemas-')
        ? 'generated-stripe'
        : 'published-stripe';
  const name = componentNames[family][kind];
  if (!name || !document.components.schemas[name]) {
    throw new Error(`no ${kind} schema for ${target.provider} ${target.apiVersion} (${file})`);
  }
  const ref = `#/components/schemas/${name}`;
  return { document, ref, schema: resolveSchemaRef(document, ref) };
}

/**
 * One object (`kind`) as `provider` at `apiVersion` would send it. `closedObjects` (for output
 * billbridge builds: the memory provider's and the emulator's, never recordings) refuses the fields
 * a published spec's open objects do not name.
 */
export function validateProviderObject(
  target: { provider: string; apiVersion: string },
  kind: ProviderObjectKind,
  value: unknown,
  options: { closedObjects?: boolean } = {},
): SchemaIssue[] {
  const { document, ref } = objectSchemaOf(target, kind);
  return validateOpenApiSchema(document, { $ref: ref }, value, {
    path: kind,
    closedObjects: options.closedObjects === true,
  });
}

/**
 * The top-level fields of `value` that the schema of `kind` does not name. OpenAPI lets an object
 * carry fields its schema does not list (`validateProviderObject` accepts them), so a field of
 * another API version would pass it; this finds one.
 */
export function undeclaredFields(
  target: { provider: string; apiVersion: string },
  kind: ProviderObjectKind,
  value: Record<string, unknown>,
): string[] {
  const declared = objectSchemaOf(target, kind).schema.properties ?? {};
  return Object.keys(value).filter((key) => !Object.hasOwn(declared, key));
}

const kindOfRaw: Record<RawKind, ProviderObjectKind> = {
  invoice: 'invoice',
  credit_note: 'credit_note',
  // Both providers answer a balance read with the customer.
  customer_balance: 'customer',
  void_result: 'invoice_void_response',
};

/**
 * `describeProviderContract`'s `validateRaw` for `provider` at `apiVersion`: every `raw` the
 * conformance suite sees, judged by `validateProviderObject` (`closedObjects` for billbridge's own
 * output: the memory provider, the emulator).
 */
export function rawValidator(
  target: { provider: string; apiVersion: string },
  options: { closedObjects?: boolean } = {},
): ValidateRaw {
  return (kind, raw) =>
    // Judged as it goes over the wire: stripe-node 23 hands `decimal_string` fields
    // (`quantity_decimal`, `pricing.unit_amount_decimal`) to the adapter as `Stripe.Decimal`
    // objects, whose `toJSON` is the string the API sent (stripe-node CHANGELOG, #2617).
    validateProviderObject(
      target,
      kindOfRaw[kind],
      raw === undefined ? raw : JSON.parse(JSON.stringify(raw)),
      options,
    ).map((issue) => `${issue.path} ${issue.message}`);
}
