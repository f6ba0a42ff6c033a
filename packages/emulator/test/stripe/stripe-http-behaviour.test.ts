import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  openStripeInvoice,
  postStripeForm,
  validateStripeExchange,
} from '../support/schema-checked-emulator.js';
import { useSchemaCheckedEmulator } from '../support/use-schema-checked-emulator.js';

/** Idempotency, accounts, pagination, refusals and the schema check itself, over real HTTP. */
type StripeErrorBody = { error?: { code?: string } };
const emulator = useSchemaCheckedEmulator();
const KEY = 'sk_test_emulatorBehaviour';
const stripeFor = (extra: Partial<Stripe.StripeConfig> = {}) =>
  new Stripe(KEY, { ...emulator.stripe, maxNetworkRetries: 0, ...extra });

const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  postStripeForm(`${emulator.url}${path}`, KEY, form, headers);

async function openInvoice(stripe: Stripe, balance = -500) {
  const customer = await stripe.customers.create({ balance });
  return { customer, invoice: await openStripeInvoice(stripe, customer.id, 2000) };
}

describe('the Stripe dialect', () => {
  it('replays the same Idempotency-Key with the same body and Idempotent-Replayed: true, changing state once', async () => {
    const stripe = stripeFor();
    const { customer } = await openInvoice(stripe);
    const first = await post(
      `/v1/customers/${customer.id}/balance_transactions`,
      { amount: '-100', currency: 'usd' },
      { 'idempotency-key': 'same-key-1' },
    );
    const second = await post(
      `/v1/customers/${customer.id}/balance_transactions`,
      { amount: '-100', currency: 'usd' },
      { 'idempotency-key': 'same-key-1' },
    );
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-100);
    const other = await post(
      `/v1/customers/${customer.id}/balance_transactions`,
      { amount: '-200', currency: 'usd' },
      { 'idempotency-key': 'same-key-1' },
    );
    expect(other.status).toBe(400);
    expect(other.body.error.type).toBe('idempotency_error');
    await expect(
      stripe.customers.createBalanceTransaction(
        customer.id,
        { amount: -300, currency: 'usd' },
        { idempotencyKey: 'same-key-1' },
      ),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-100);
  });

  it('keeps one state per Stripe-Account', async () => {
    const platform = stripeFor();
    const connected = stripeFor({ stripeAccount: 'acct_connectedOne' });
    const customer = await connected.customers.create({ balance: -700 });
    await expect(platform.customers.retrieve(customer.id)).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    expect(((await connected.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-700);
  });

  it('pages lists with limit, starting_after, ending_before and has_more', async () => {
    const stripe = stripeFor({ stripeAccount: 'acct_pagination' });
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1)
      ids.push((await stripe.customers.create({ email: `c${index}@example.com` })).id);
    const newestFirst = [...ids].reverse();
    const first = await stripe.customers.list({ limit: 2 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/customers' });
    expect(first.data.map((customer) => customer.id)).toEqual(newestFirst.slice(0, 2));
    const second = await stripe.customers.list({ limit: 2, starting_after: first.data[1]!.id });
    expect(second.data.map((customer) => customer.id)).toEqual(newestFirst.slice(2, 4));
    const back = await stripe.customers.list({ limit: 2, ending_before: second.data[0]!.id });
    expect(back.data.map((customer) => customer.id)).toEqual(newestFirst.slice(0, 2));
    const all: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) all.push(customer.id);
    expect(all).toEqual(newestFirst);
  });

  it('refuses voiding paid, draft and void invoices with Stripe’s 400 invalid_request_error', async () => {
    const stripe = stripeFor();
    const { invoice } = await openInvoice(stripe, 0);
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    const draft = await stripe.invoices.create({ customer: invoice.customer as string });
    const { invoice: voided } = await openInvoice(stripe);
    await stripe.invoices.voidInvoice(voided.id);
    for (const [id, status] of [
      [invoice.id, 'paid'],
      [draft.id, 'draft'],
      [voided.id, 'void'],
    ] as const) {
      const refused = await post(`/v1/invoices/${id}/void`, {});
      expect(refused.status).toBe(400);
      expect(refused.body.error).toEqual({
        type: 'invalid_request_error',
        message: `You can only pass in open or uncollectible invoices to this endpoint. This invoice is ${status}.`,
      });
    }
  });

  it('answers unknown, ill-typed and unmodelled parameters with Stripe’s 400 naming them', async () => {
    const stripe = stripeFor();
    await expect(stripe.customers.create({ nonsense: 1 } as never)).rejects.toMatchObject({
      code: 'parameter_unknown',
      param: 'nonsense',
    });
    await expect(stripe.customers.create({ balance: 'lots' } as never)).rejects.toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'balance',
    });
    await expect(stripe.customers.create({ phone: '+1 555' })).rejects.toMatchObject({
      code: 'emulator_unsupported',
      param: 'phone',
    });
    await expect(stripe.customers.create({ metadata: { a: { b: 'c' } } } as never)).rejects.toMatchObject({
      statusCode: 400,
      param: 'metadata[a]',
    });
    const unsupportedExpand = await fetch(`${emulator.url}/v1/invoices?expand[]=data.subscription`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(unsupportedExpand.status).toBe(400);
  });

  it('takes no name of Object.prototype for a parameter, and loses no __proto__ key without a 400', async () => {
    // Each of these once passed: an inherited member of a lookup table was taken for a known parameter.
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      const created = await post('/v1/customers', { [name]: 'x' });
      expect([name, created.status, created.body.error?.code, created.body.error?.param]).toEqual([
        name,
        400,
        'parameter_unknown',
        name,
      ]);
      const listed = await fetch(`${emulator.url}/v1/customers?${name}=x`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect([name, listed.status, ((await listed.json()) as StripeErrorBody).error?.code]).toEqual([
        name,
        400,
        'parameter_unknown',
      ]);
    }
    // qs drops a `[__proto__]` segment; the emulator says so rather than lose a metadata key.
    const dropped = await post('/v1/customers', { 'metadata[__proto__]': 'order-42', 'metadata[a]': '1' });
    expect(dropped.status).toBe(400);
    expect(dropped.body.error).toMatchObject({ type: 'invalid_request_error', param: 'metadata[__proto__]' });
    const kept = await post('/v1/customers', { 'metadata[constructor]': 'c', 'metadata[toString]': 't' });
    expect(kept.status).toBe(200);
    expect(kept.body.metadata).toEqual({ constructor: 'c', toString: 't' });
  });

  it('deletes a draft with its invoice items, and only a draft', async () => {
    const stripe = stripeFor();
    const customer = await stripe.customers.create({});
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 900, currency: 'usd' });
    const draft = await stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
    });
    expect(draft.total).toBe(900);
    expect((await stripe.invoices.del(draft.id)).deleted).toBe(true);
    await expect(stripe.invoiceItems.retrieve(item.id)).rejects.toMatchObject({ statusCode: 404 });
    const { invoice } = await openInvoice(stripe);
    await expect(stripe.invoices.del(invoice.id)).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
    });
  });

  it('judges answers by the requested version’s schema: today’s invoice with `paid` fails', async () => {
    const stripe = stripeFor();
    const { invoice } = await openInvoice(stripe);
    const exchange = emulator.exchanges.findLast(
      (candidate) => candidate.url === `/v1/invoices/${invoice.id}/finalize`,
    );
    expect(exchange).toBeDefined();
    expect(validateStripeExchange(exchange!)).toEqual([]);
    const altered = { ...exchange!, responseBody: { ...(exchange!.responseBody as object), paid: false } };
    expect(validateStripeExchange(altered).map((issue) => issue.message)).toContain(
      'is not a known parameter/property',
    );
    expect(emulator.validated).toBeGreaterThan(5);
  });
});
