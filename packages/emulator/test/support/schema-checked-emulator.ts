/**
 * An emulator whose every answer is judged by the provider's own schema (test/schemas): a Stripe
 * answer by the schema of the version the request asked for — the response body by the
 * operation's response schema for its status, and, for a 2xx, the request too (the emulator must
 * never accept what Stripe refuses) — and a Chargebee answer by the generated Chargebee v2 schemas.
 * `issues` collects what did not validate; tests assert it stays empty (`useSchemaCheckedEmulator`).
 */

import type Stripe from 'stripe';
import { providerSchemaFor } from '../../../../test/schemas/provider-schemas.js';
import {
  findOpenApiOperation,
  type SchemaIssue,
  validateOpenApiExchange,
  validateOpenApiSchema,
} from '../../../testing/src/openapi/index.js';
import type { ProviderExchange } from '../../src/create-emulator-server.js';
import { type StartEmulatorOptions, startEmulatorWith } from '../../src/start-emulator.js';
import { chargebeeAnswerIssues } from '../chargebee/support/chargebee-emulator-harness.js';

/** The request parameters Stripe took before 2019-12-03 that no published spec lists (DESIGN §3.1). */
const LEGACY_VOID = {
  'POST /v1/invoices/{invoice}/void': { consume_applied_balance: { type: 'boolean' as const } },
};

export function validateStripeExchange(exchange: ProviderExchange): SchemaIssue[] {
  const version = exchange.apiVersion ?? '2026-10-28.endive';
  const { document, file } = providerSchemaFor('stripe', version);
  // A published spec (2019-11-05, 2023-08-16) leaves its objects open, so a field of another
  // version would pass it: the emulator renders the spec's own shape, so its answers are judged
  // closed. The generated schema of today's version closes its objects itself.
  const closedResponses = !file.includes('stripe-schemas-');
  const found = findOpenApiOperation(document, exchange.method, exchange.url);
  const where = `${exchange.method} ${exchange.url} → ${exchange.status}`;
  if (!found || exchange.status >= 300) {
    // A refusal (or an endpoint no spec has): Stripe's error body.
    const errorSchema = document.components.schemas.StripeErrorBody ? 'StripeErrorBody' : 'error';
    if (exchange.status < 300)
      return [{ path: where, message: 'a 2xx answer for an operation not in the spec' }];
    return validateOpenApiSchema(
      document,
      { $ref: `#/components/schemas/${errorSchema}` },
      exchange.responseBody,
    ).map((issue) => ({ path: `${where} ${issue.path}`, message: issue.message }));
  }
  const body: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(exchange.rawBody)) body[key] = value;
  return validateOpenApiExchange(
    document,
    {
      method: exchange.method,
      path: exchange.url,
      body,
      status: exchange.status,
      responseBody: exchange.responseBody,
    },
    version.slice(0, 10) < '2019-12-03'
      ? { extraRequestProperties: LEGACY_VOID, closedResponses }
      : { closedResponses },
  ).map((issue) => ({ path: `${where} ${issue.path}`, message: issue.message }));
}

export async function startSchemaCheckedEmulator(
  options: StartEmulatorOptions = {},
  /** The server's other test hooks (webhook retry timing). */
  hooks: Omit<NonNullable<Parameters<typeof startEmulatorWith>[1]>, 'onExchange'> = {},
) {
  const issues: SchemaIssue[] = [];
  const exchanges: ProviderExchange[] = [];
  const perAccount = new Map<string, number>();
  let validated = 0;
  const emulator = await startEmulatorWith(options, {
    ...hooks,
    onExchange(exchange) {
      validated += 1;
      if (exchange.provider === 'chargebee') {
        issues.push(
          ...chargebeeAnswerIssues({
            method: exchange.method,
            url: exchange.url,
            status: exchange.status,
            body: exchange.responseBody,
          }),
        );
        return;
      }
      if (exchange.account) perAccount.set(exchange.account, (perAccount.get(exchange.account) ?? 0) + 1);
      exchanges.push(exchange);
      if (exchanges.length > 50) exchanges.shift();
      try {
        issues.push(...validateStripeExchange(exchange));
      } catch (error) {
        // The check itself must never break the server it watches: a throw is an issue too.
        issues.push({
          path: `${exchange.method} ${exchange.url}`,
          message: `not checkable: ${String(error)}`,
        });
      }
    },
  });
  return {
    ...emulator,
    issues,
    /** The last 50 exchanges (for bad-copy checks). */
    exchanges,
    /** Stripe requests answered for one account so far. */
    requestsOf: (account: string) => perAccount.get(account) ?? 0,
    get validated() {
      return validated;
    },
  };
}

export type SchemaCheckedEmulator = Awaited<ReturnType<typeof startSchemaCheckedEmulator>>;

/** A Stripe answer read as JSON in tests: an object, or `{ error }`. */
export type StripeAnswer = { error: Record<string, unknown> } & Record<string, unknown>;

/** POSTs a form with fetch (as an app sends a parameter its SDK's types lack), returning the JSON answer. */
export async function postStripeForm(
  url: string,
  key: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: StripeAnswer }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as StripeAnswer,
  };
}

/** A draft for `customerId` with one invoice item of `amount` on it, finalized: an open invoice. */
export async function openStripeInvoice(
  stripe: Stripe,
  customerId: string,
  amount: number,
  currency = 'usd',
): Promise<Stripe.Invoice> {
  const draft = await stripe.invoices.create({ customer: customerId });
  await stripe.invoiceItems.create({ customer: customerId, amount, currency, invoice: draft.id });
  return stripe.invoices.finalizeInvoice(draft.id);
}
