import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { openStripeInvoice } from '../support/schema-checked-emulator.js';
import { useSchemaCheckedEmulator } from '../support/use-schema-checked-emulator.js';

/**
 * The money routes check what they are given before they change anything, over real HTTP with
 * stripe-node: a list filtered by status pages like Stripe's; a credit note needs `amount` or
 * `lines`, and its lines fit their invoice line (quantity, amount left, the fields of their type);
 * an invoice naming a bad subscription and a balance transaction of 0 are refused with the
 * customer's currency untouched. Each account is the test's own. Every answer is schema-checked.
 */
const emulator = useSchemaCheckedEmulator({}, { requireAnswers: true });
const KEY = 'sk_test_emulatorMoneyRouteChecks';
const stripeFor = (account: string) =>
  new Stripe(KEY, { ...emulator.stripe, stripeAccount: account, maxNetworkRetries: 0 });

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => error,
  );

/** A draft invoice in the customer's first booked currency shows which currency the customer has. */
async function currencyOf(stripe: Stripe, customerId: string): Promise<string> {
  const probe = await stripe.invoices.create({ customer: customerId });
  await stripe.invoices.del(probe.id);
  return probe.currency;
}

describe('GET /v1/invoices?status=', () => {
  it('filters while paging: full pages, has_more only when more match, auto-paging gets exactly the matching ones', async () => {
    const stripe = stripeFor('acct_moneyStatusList');
    const customer = await stripe.customers.create({});
    const paid: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const open = await openStripeInvoice(stripe, customer.id, 1000 + index);
      paid.push((await stripe.invoices.pay(open.id, { paid_out_of_band: true })).id);
    }
    const open = await openStripeInvoice(stripe, customer.id, 500);
    // The newest invoices do not match: a filter after paging finds none on the first page. More
    // than the emulator scans at once (100), so the matches are in its second scan either way.
    for (let index = 0; index < 101; index += 1) await stripe.invoices.create({ customer: customer.id });
    const newestFirst = [...paid].reverse();

    const first = await stripe.invoices.list({ status: 'paid', limit: 2 });
    expect(first.data.map((invoice) => invoice.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await stripe.invoices.list({
      status: 'paid',
      limit: 2,
      starting_after: first.data[1]!.id,
    });
    expect(second.data.map((invoice) => invoice.id)).toEqual(newestFirst.slice(2));
    expect(second.has_more).toBe(false);
    const back = await stripe.invoices.list({ status: 'paid', limit: 2, ending_before: newestFirst[2]! });
    expect(back.data.map((invoice) => invoice.id)).toEqual(newestFirst.slice(0, 2));
    expect(back.has_more).toBe(false);

    const all = await stripe.invoices.list({ status: 'paid', limit: 2 }).autoPagingToArray({ limit: 50 });
    expect(all.map((invoice) => invoice.id)).toEqual(newestFirst);
    const opened: string[] = [];
    for await (const invoice of stripe.invoices.list({ status: 'open', customer: customer.id, limit: 1 }))
      opened.push(invoice.id);
    expect(opened).toEqual([open.id]);
    const voided = await stripe.invoices.list({ status: 'void', limit: 3 });
    expect(voided).toMatchObject({ data: [], has_more: false });
  });
});

describe('POST /v1/credit_notes without amount or lines', () => {
  it('is refused with parameter_missing naming amount and lines, and creates nothing', async () => {
    const stripe = stripeFor('acct_moneyNoteMissing');
    const customer = await stripe.customers.create({});
    const invoice = await openStripeInvoice(stripe, customer.id, 2000);
    const bare = await refusal(stripe.creditNotes.create({ invoice: invoice.id, reason: 'duplicate' }));
    expect(bare).toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'parameter_missing',
    });
    expect((bare as Stripe.errors.StripeError).message).toMatch(/amount.*lines/);

    // credit_amount and its kin say where the credit goes, not how much it is.
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    const split = await refusal(stripe.creditNotes.create({ invoice: invoice.id, credit_amount: 500 }));
    expect(split).toMatchObject({ statusCode: 400, code: 'parameter_missing' });
    const outOfBand = await refusal(
      stripe.creditNotes.create({ invoice: invoice.id, out_of_band_amount: 500 }),
    );
    expect(outOfBand).toMatchObject({ statusCode: 400, code: 'parameter_missing' });

    expect((await stripe.creditNotes.list({ invoice: invoice.id })).data).toEqual([]);
    const after = await stripe.invoices.retrieve(invoice.id);
    expect(after).toMatchObject({ status: 'paid', post_payment_credit_notes_amount: 0 });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(0);
  });
});

describe('POST /v1/invoices with a subscription that is not the customer’s', () => {
  it('is refused before the customer’s currency changes: 400 resource_missing for one that does not exist (a body parameter, not the path)', async () => {
    const stripe = stripeFor('acct_moneyInvoiceSubscription');
    const customer = await stripe.customers.create({});
    const missing = await refusal(
      stripe.invoices.create({ customer: customer.id, currency: 'eur', subscription: 'sub_nowhere' }),
    );
    expect(missing).toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'subscription',
      message: "No such subscription: 'sub_nowhere'",
    });

    const other = await stripe.customers.create({});
    const theirs = await stripe.subscriptions.create({
      customer: other.id,
      items: [
        {
          price_data: {
            currency: 'usd',
            product: 'prod_money',
            unit_amount: 1000,
            recurring: { interval: 'month' },
          },
        },
      ],
    });
    const foreign = await refusal(
      stripe.invoices.create({ customer: customer.id, currency: 'eur', subscription: theirs.id }),
    );
    expect(foreign).toMatchObject({ statusCode: 400, param: 'subscription' });

    expect((await stripe.invoices.list({ customer: customer.id })).data).toEqual([]);
    expect(await currencyOf(stripe, customer.id)).toBe('usd');
  });
});

describe('POST /v1/customers/:id/balance_transactions with amount 0', () => {
  it('is refused naming amount, and leaves the customer’s currency and balance', async () => {
    const stripe = stripeFor('acct_moneyZeroBalance');
    const customer = await stripe.customers.create({});
    const zero = await refusal(
      stripe.customers.createBalanceTransaction(customer.id, { amount: 0, currency: 'eur' }),
    );
    expect(zero).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400, param: 'amount' });
    const after = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after).toMatchObject({ balance: 0, currency: null });
    expect((await stripe.customers.listBalanceTransactions(customer.id)).data).toEqual([]);
    expect(await currencyOf(stripe, customer.id)).toBe('usd');
  });
});

describe('POST /v1/credit_notes lines[]', () => {
  /** An open invoice of two lines of 1 000: credit over one line still fits in the invoice. */
  async function openOne(account: string) {
    const stripe = stripeFor(account);
    const customer = await stripe.customers.create({});
    const draft = await stripe.invoices.create({ customer: customer.id });
    for (const description of ['Seats', 'Support'])
      await stripe.invoiceItems.create({
        customer: customer.id,
        amount: 1000,
        currency: 'usd',
        description,
        invoice: draft.id,
      });
    const invoice = await stripe.invoices.finalizeInvoice(draft.id);
    expect(invoice.lines.data.map((line) => line.amount)).toEqual([1000, 1000]);
    return { stripe, invoice, lineId: invoice.lines.data[0]!.id };
  }

  it('refuses a quantity over the invoice line’s, and credit beyond what is left of the line', async () => {
    const { stripe, invoice, lineId } = await openOne('acct_moneyNoteQuantity');
    const line = (extra: Partial<Stripe.CreditNoteCreateParams.Line>) =>
      ({ type: 'invoice_line_item', invoice_line_item: lineId, ...extra }) as const;
    const twice = await refusal(
      stripe.creditNotes.create({ invoice: invoice.id, lines: [line({ quantity: 2 })] }),
    );
    expect(twice).toMatchObject({ statusCode: 400, param: 'lines[0][quantity]' });
    // Twice in one note is over the line too.
    const doubled = await refusal(
      stripe.creditNotes.create({ invoice: invoice.id, lines: [line({ quantity: 1 }), line({ amount: 1 })] }),
    );
    expect(doubled).toMatchObject({ statusCode: 400, param: 'lines[1][amount]' });
    const over = await refusal(
      stripe.creditNotes.create({ invoice: invoice.id, lines: [line({ amount: 1001 })] }),
    );
    expect(over).toMatchObject({ statusCode: 400, param: 'lines[0][amount]' });
    expect((await stripe.creditNotes.list({ invoice: invoice.id })).data).toEqual([]);

    const part = await stripe.creditNotes.create({ invoice: invoice.id, lines: [line({ amount: 600 })] });
    expect(part.amount).toBe(600);
    // 600 of the line is credited: its whole quantity (1 000) would be more than the 400 left.
    const whole = await refusal(
      stripe.creditNotes.create({ invoice: invoice.id, lines: [line({ quantity: 1 })] }),
    );
    expect(whole).toMatchObject({ statusCode: 400, param: 'lines[0][quantity]' });
    const tooMuch = await refusal(
      stripe.creditNotes.create({ invoice: invoice.id, lines: [line({ amount: 401 })] }),
    );
    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'lines[0][amount]' });
    const rest = await stripe.creditNotes.create({ invoice: invoice.id, lines: [line({ amount: 400 })] });
    expect(rest.amount).toBe(400);
    // A void note gives its part of the line back.
    await stripe.creditNotes.voidCreditNote(part.id);
    const again = await stripe.creditNotes.create({ invoice: invoice.id, lines: [line({ amount: 600 })] });
    expect(again.amount).toBe(600);
    expect((await stripe.invoices.retrieve(invoice.id)).amount_remaining).toBe(1000);
  });

  it('refuses a field the line type does not take, naming it', async () => {
    const { stripe, invoice, lineId } = await openOne('acct_moneyNoteFields');
    const cases: [Stripe.CreditNoteCreateParams.Line, string][] = [
      [{ type: 'custom_line_item', unit_amount: 100, amount: 100 }, 'lines[0][amount]'],
      [
        { type: 'custom_line_item', unit_amount: 100, invoice_line_item: lineId },
        'lines[0][invoice_line_item]',
      ],
      [{ type: 'invoice_line_item', invoice_line_item: lineId, unit_amount: 100 }, 'lines[0][unit_amount]'],
      [
        { type: 'invoice_line_item', invoice_line_item: lineId, description: 'Refund' },
        'lines[0][description]',
      ],
    ];
    for (const [line, param] of cases) {
      const refused = await refusal(stripe.creditNotes.create({ invoice: invoice.id, lines: [line] }));
      expect(refused, param).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400, param });
    }
    expect((await stripe.creditNotes.list({ invoice: invoice.id })).data).toEqual([]);
    // What each type does take is still accepted.
    const note = await stripe.creditNotes.create({
      invoice: invoice.id,
      lines: [
        { type: 'custom_line_item', unit_amount: 100, quantity: 2, description: 'Goodwill' },
        { type: 'invoice_line_item', invoice_line_item: lineId, amount: 300 },
      ],
    });
    expect(note.amount).toBe(500);
    expect(note.lines.data.map((each) => [each.type, each.amount, each.description])).toEqual([
      ['custom_line_item', 200, 'Goodwill'],
      ['invoice_line_item', 300, 'Seats'],
    ]);
  });
});

describe('POST /v1/subscriptions/:id invoice_customer_balance_settings (2019-11-05)', () => {
  it('keeps what it is told, false after true too, and shows the version default while unset', async () => {
    const stripe = stripeFor('acct_moneySubscriptionSetting');
    const customer = await stripe.customers.create({});
    // Made at today's version (2019-11-05 needs a plan, which the emulator does not model), then
    // read and set at 2019-11-05, request by request.
    const { id } = await stripe.subscriptions.create({
      customer: customer.id,
      items: [
        {
          price_data: {
            currency: 'usd',
            product: 'prod_x',
            unit_amount: 1000,
            recurring: { interval: 'month' },
          },
        },
      ],
    });
    const old = { apiVersion: '2019-11-05' } as Stripe.RequestOptions;
    const setting = (value: Stripe.Subscription) =>
      (
        value as unknown as {
          invoice_customer_balance_settings: { consume_applied_balance_on_void: boolean };
        }
      ).invoice_customer_balance_settings.consume_applied_balance_on_void;
    // Before 2019-12-03 a void consumed the applied balance by default.
    expect(setting(await stripe.subscriptions.retrieve(id, {}, old))).toBe(true);
    for (const value of [false, true, false]) {
      const params = { invoice_customer_balance_settings: { consume_applied_balance_on_void: value } };
      const updated = await stripe.subscriptions.update(id, params as Stripe.SubscriptionUpdateParams, old);
      expect(setting(updated), String(value)).toBe(value);
      expect(setting(await stripe.subscriptions.retrieve(id, {}, old))).toBe(value);
    }
  });
});

describe('POST /v1/credit_notes on an unpaid invoice at 2019-11-05 (no mixed notes)', () => {
  it('only lowers what is due: more than is due, or a credit/refund/out-of-band part, is a 400 that changes nothing', async () => {
    const stripe = stripeFor('acct_moneyLegacyNotes');
    const old = { apiVersion: '2019-11-05' } as Stripe.RequestOptions;
    // 3000 billed, 1000 of it paid by the customer's balance: 2000 due.
    const customer = await stripe.customers.create({ balance: -1000 });
    const open = await openStripeInvoice(stripe, customer.id, 3000);
    expect(open.amount_due).toBe(2000);
    for (const params of [
      { amount: 2500 },
      { amount: 2500, credit_amount: 500 },
      { amount: 2500, out_of_band_amount: 500 },
    ]) {
      const error = await refusal(stripe.creditNotes.create({ invoice: open.id, ...params }, old));
      expect(error, JSON.stringify(params)).toMatchObject({
        statusCode: 400,
        type: 'StripeInvalidRequestError',
      });
    }
    expect((await stripe.creditNotes.list({ invoice: open.id })).data).toEqual([]);
    const note = await stripe.creditNotes.create({ invoice: open.id, amount: 1500 }, old);
    expect(note).toMatchObject({ amount: 1500, type: 'pre_payment' });
    expect((await stripe.invoices.retrieve(open.id)).amount_due).toBe(500);
  });
});

// Found by a review of the Stripe money rules on 2026-12-07; each failed on the code before its fix.
describe('credit note parts and lines are never negative', () => {
  it('a negative out_of_band_amount cannot make room for 2 500 of credit on a paid 2 000 invoice', async () => {
    const stripe = stripeFor('acct_moneyNegativeParts');
    const customer = await stripe.customers.create({});
    const open = await openStripeInvoice(stripe, customer.id, 2000);
    await stripe.invoices.pay(open.id, { paid_out_of_band: true });
    const error = await refusal(
      stripe.creditNotes.create({
        invoice: open.id,
        amount: 2000,
        credit_amount: 2500,
        out_of_band_amount: -500,
      }),
    );
    expect(error).toMatchObject({
      statusCode: 400,
      param: 'out_of_band_amount',
      code: 'parameter_invalid_integer',
    });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(0);
    expect((await stripe.creditNotes.list({ invoice: open.id })).data).toEqual([]);
  });

  it('a custom line with a negative unit_amount is refused, and the invoice line stays creditable', async () => {
    const stripe = stripeFor('acct_moneyNegativeLine');
    const customer = await stripe.customers.create({});
    const open = await openStripeInvoice(stripe, customer.id, 2000);
    const line = open.lines.data[0]!.id;
    const error = await refusal(
      stripe.creditNotes.create({
        invoice: open.id,
        lines: [
          { type: 'invoice_line_item', invoice_line_item: line, amount: 2000 },
          { type: 'custom_line_item', unit_amount: -1500, quantity: 1, description: 'offset' },
        ],
      }),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'lines[1][unit_amount]' });
    const note = await stripe.creditNotes.create({
      invoice: open.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: line, amount: 500 }],
    });
    expect(note.amount).toBe(500);
  });
});

describe('invoices and balances', () => {
  it('a customer with a usd invoice (no balance) gets an eur invoice in eur, not a 400', async () => {
    const stripe = stripeFor('acct_moneySecondCurrency');
    const customer = await stripe.customers.create({});
    await stripe.invoices.create({ customer: customer.id });
    expect((await stripe.invoices.create({ customer: customer.id, currency: 'eur' })).currency).toBe('eur');
    expect(await currencyOf(stripe, customer.id)).toBe('usd');
  });

  it('a draft’s starting_balance is the customer’s current balance (stripe-node Invoice.starting_balance)', async () => {
    const stripe = stripeFor('acct_moneyDraftBalance');
    const customer = await stripe.customers.create({ balance: -500 });
    const draft = await stripe.invoices.create({ customer: customer.id });
    expect(draft).toMatchObject({ status: 'draft', starting_balance: -500, ending_balance: null });
    await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 2000,
      currency: 'usd',
      invoice: draft.id,
    });
    const finalized = await stripe.invoices.finalizeInvoice(draft.id);
    expect(finalized).toMatchObject({ starting_balance: -500, ending_balance: 0, amount_due: 1500 });
  });
});
