import {
  ConnectionError,
  createBillingClient,
  IdempotencyConflictError,
  InvoiceNotVoidableError,
  RateLimitError,
  UnsupportedOptionError,
  ValidationError,
} from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../src/index.js';
import { seedOpenInvoice } from './support/seed-open-invoice.js';

const seeded = seedOpenInvoice;

/** The Chargebee flavor with a customer without credit and an open invoice of 2 000. */
function chargebeeOpenInvoice() {
  const provider = createMemoryProvider({ flavor: 'chargebee' });
  const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
  const { customerId } = provider.createCustomer({ currency: 'usd' });
  const invoice = provider.finalizeInvoice(
    provider.createInvoice({ customerId, lines: [{ amount: 2000 }] }).id,
  );
  return { provider, client, customerId, invoice };
}

const voidCalls = (provider: ReturnType<typeof createMemoryProvider>) =>
  provider.calls.filter((call) => call.operation === 'voidInvoice').length;

describe('memory as Stripe, default API version', () => {
  it('applies credit at finalize and returns it on void', async () => {
    const { client, provider, customerId, invoice } = seeded();
    expect(invoice.amountDue).toEqual({ amount: 1500, currency: 'usd' });
    expect(invoice.appliedBalance).toEqual({ amount: 500, currency: 'usd' });
    expect((await client.getCustomerBalance(customerId)).credit).toBe(0);

    const result = await client.voidInvoice(invoice.id);
    expect(result.invoice.status).toBe('void');
    expect(result.invoice.providerStatus).toBe('void');
    expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
    expect(result.creditNote).toBeNull();
    expect((await client.getCustomerBalance(customerId)).credit).toBe(500);
    expect(provider.ledger(customerId).map((entry) => [entry.reason, entry.amount])).toEqual([
      ['seeded', 500],
      ['applied_to_invoice', -500],
      ['returned_on_void', 500],
    ]);
  });

  it("refuses appliedBalance 'consume' before calling the provider", async () => {
    const { client, provider, invoice } = seeded();
    await expect(client.voidInvoice(invoice.id, { appliedBalance: 'consume' })).rejects.toSatisfy(
      (error) => UnsupportedOptionError.isInstance(error) && error.option === 'appliedBalance',
    );
    expect(voidCalls(provider)).toBe(0);
    expect((await client.getInvoice(invoice.id)).status).toBe('open');
  });

  it('records reason and comment as invoice metadata, or warns when told not to', async () => {
    const { client, invoice } = seeded();
    const result = await client.voidInvoice(invoice.id, { reasonCode: 'duplicate', comment: 'twice' });
    expect(result.invoice.metadata).toEqual({
      billbridge_void_reason_code: 'duplicate',
      billbridge_void_comment: 'twice',
    });
    expect(result.invoice.voidReasonCode).toBe('duplicate');

    const other = seeded();
    const quiet = await other.client.voidInvoice(other.invoice.id, {
      reasonCode: 'duplicate',
      providerOptions: { stripe: { recordVoidReasonAsMetadata: false } },
    });
    expect(quiet.invoice.metadata).toEqual({});
    expect(quiet.warnings.map((warning) => warning.code)).toEqual(['reason_not_recorded']);
  });

  it("reverseInvoice({ paid: 'refund' }) refunds only what earlier notes left unrefunded", async () => {
    const { client, provider, customerId, invoice } = seeded();
    provider.payInvoice(invoice.id);
    // 2000, of which 500 from the balance and 1500 paid; 600 of the payment refunded already.
    await client.createCreditNote({ invoiceId: invoice.id, amount: 600, refundAmount: 600 });
    const reversed = await client.reverseInvoice(invoice.id, { paid: 'refund' });
    expect(reversed.action).toBe('credited');
    if (reversed.action !== 'credited') return;
    expect(reversed.creditNote).toMatchObject({ refundAmount: 900, creditAmount: 500 });
    expect((await client.getCustomerBalance(customerId)).credit).toBe(500);
    expect((await client.getInvoice(invoice.id)).amountCreditable.amount).toBe(0);

    // Nothing credited yet: the credit notes are not read (no extra request on the common path).
    const fresh = seeded();
    fresh.provider.payInvoice(fresh.invoice.id);
    const first = await fresh.client.reverseInvoice(fresh.invoice.id, { paid: 'refund' });
    expect(first.action === 'credited' && first.creditNote).toMatchObject({
      refundAmount: 1500,
      creditAmount: 500,
    });
    expect(fresh.provider.calls.map((call) => call.operation)).toEqual(['checkVoidable', 'createCreditNote']);
  });

  it('rejects unknown provider options with the path named', async () => {
    const { client, provider, invoice } = seeded();
    await expect(
      client.voidInvoice(invoice.id, { providerOptions: { stripe: { consumeAppliedBalance: true } } }),
    ).rejects.toSatisfy(
      (error) => ValidationError.isInstance(error) && error.path === 'providerOptions.stripe',
    );
    expect(provider.calls).toHaveLength(0);
  });
});

describe('memory as Stripe 2019-11-05', () => {
  it("consumes the applied balance with 'consume'", async () => {
    const { client, customerId, invoice } = seeded({ flavor: 'stripe', apiVersion: '2019-11-05' });
    const result = await client.voidInvoice(invoice.id, { appliedBalance: 'consume' });
    expect(result.invoice.status).toBe('void');
    expect(result.balanceReturned).toBeNull();
    expect((await client.getCustomerBalance(customerId)).credit).toBe(0);
  });

  it('returns it by default (billbridge sends consume_applied_balance=false)', async () => {
    const { client, customerId, invoice } = seeded({ flavor: 'stripe', apiVersion: '2019-11-05' });
    const result = await client.voidInvoice(invoice.id);
    expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
    expect((await client.getCustomerBalance(customerId)).credit).toBe(500);
  });

  it('consumes on voids the subscription makes unless its setting says otherwise', async () => {
    const provider = createMemoryProvider({ flavor: 'stripe', apiVersion: '2019-11-05' });
    const client = createBillingClient({ provider });
    const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
    const subscription = provider.createSubscription({ customerId: customer.customerId });
    const make = () =>
      provider.finalizeInvoice(
        provider.createInvoice({
          customerId: customer.customerId,
          subscriptionId: subscription.id,
          lines: [{ amount: 2000 }],
        }).id,
      ).id;
    const consumed = provider.voidInvoiceForSubscription(make());
    expect(consumed.balanceReturned).toBeNull();
    expect((await client.getCustomerBalance(customer.customerId)).credit).toBe(0);

    provider.createCustomer({ id: 'cus_second', currency: 'usd', credit: 500 });
    const secondSubscription = provider.createSubscription({ customerId: 'cus_second' });
    const settings = await client.setSubscriptionBalanceSettings(secondSubscription.id, {
      consumeAppliedBalanceOnVoid: false,
    });
    expect(settings).toMatchObject({ consumeAppliedBalanceOnVoid: false, appliedBy: 'stored' });
    const invoice = provider.finalizeInvoice(
      provider.createInvoice({
        customerId: 'cus_second',
        subscriptionId: secondSubscription.id,
        lines: [{ amount: 2000 }],
      }).id,
    );
    expect(provider.voidInvoiceForSubscription(invoice.id).balanceReturned).toEqual({
      amount: 500,
      currency: 'usd',
    });
    expect((await client.getCustomerBalance('cus_second')).credit).toBe(500);
  });
});

describe('memory as Chargebee', () => {
  it('creates an adjustment credit note on void when the site setting is on', async () => {
    const { client, invoice } = seeded({ flavor: 'chargebee', voidCreatesCreditNote: true });
    expect(invoice.providerStatus).toBe('payment_due');
    const result = await client.voidInvoice(invoice.id, { reasonCode: 'Duplicate', comment: 'raised twice' });
    expect(result.invoice.providerStatus).toBe('voided');
    expect(result.invoice.voidReasonCode).toBe('Duplicate');
    expect(result.creditNote).toMatchObject({
      kind: 'adjustment',
      status: 'issued',
      providerStatus: 'adjusted',
      reasonCode: 'Invoice Void',
      invoiceId: invoice.id,
      total: { amount: 1500, currency: 'usd' },
    });
    expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
  });

  it("takes the Chargebee adapter's provider options, so one call site runs on both", async () => {
    const { client, invoice } = seeded({ flavor: 'chargebee' });
    const result = await client.voidInvoice(invoice.id, {
      providerOptions: {
        chargebee: { skipEmails: true, skipWebhooks: true },
        stripe: { recordVoidReasonAsMetadata: false },
      },
    });
    expect(result.invoice.status).toBe('void');
    await expect(
      client.voidInvoice(invoice.id, { providerOptions: { chargebee: { sendEmails: false } } }),
    ).rejects.toMatchObject({ path: 'providerOptions.chargebee' });
  });

  it('creates none without the setting', async () => {
    const { client, invoice } = seeded({ flavor: 'chargebee' });
    const result = await client.voidInvoice(invoice.id);
    expect(result.creditNote).toBeNull();
    expect(await client.listCreditNotes({ invoiceId: invoice.id })).toEqual([]);
  });

  it('blocks a void on a partly paid invoice and on one with adjustments', async () => {
    const partly = seeded({ flavor: 'chargebee' });
    partly.provider.payInvoice(partly.invoice.id, { amount: 100 });
    expect((await partly.client.checkVoidable(partly.invoice.id)).blockers).toEqual(['has_payments']);

    const adjusted = seeded({ flavor: 'chargebee' });
    await adjusted.client.createCreditNote({ invoiceId: adjusted.invoice.id, amount: 300 });
    await expect(adjusted.client.voidInvoice(adjusted.invoice.id)).rejects.toSatisfy(
      (error) => InvoiceNotVoidableError.isInstance(error) && error.blockers.join() === 'has_adjustments',
    );
  });

  // Until 2026-12-07 it said "already fully credited", of an invoice no note had credited.
  it('reverseInvoice on an invoice promotional credits paid whole says nothing can be credited, not "already credited"', async () => {
    const provider = createMemoryProvider({ flavor: 'chargebee' });
    const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
    const { customerId } = provider.createCustomer({ currency: 'usd', credit: 2000 });
    const invoice = provider.finalizeInvoice(
      provider.createInvoice({ customerId, lines: [{ amount: 2000 }] }).id,
    );
    expect(invoice).toMatchObject({
      status: 'paid',
      amountCreditable: { amount: 0 },
      amountCredited: { amount: 0 },
    });
    const refused = await client
      .reverseInvoice(invoice.id, { paid: 'credit_balance' })
      .catch((error) => error);
    expect(InvoiceNotVoidableError.isInstance(refused) && refused.blockers).toEqual(['paid']);
    expect(refused.message).toMatch(/has nothing a credit note can credit/);
    expect(refused.message).not.toMatch(/already fully credited/);
    expect(await client.listCreditNotes({ invoiceId: invoice.id })).toEqual([]);
  });

  it('keeps the promotional / refundable breakdown', async () => {
    const { client, provider, customerId, invoice } = seeded({ flavor: 'chargebee' });
    provider.payInvoice(invoice.id);
    await client.reverseInvoice(invoice.id, { paid: 'credit_balance' });
    const balance = await client.getCustomerBalance(customerId);
    // Chargebee books promotional credits as a discount: a credit note covers the 1500 paid, not them.
    expect(balance.credit).toBe(1500);
    expect(balance.breakdown).toEqual({ promotional: 0, refundable: 1500, excessPayments: 0 });
  });
});

describe('refused voids leave the invoice unchanged', () => {
  for (const [state, blocker, status] of [
    ['paid', 'paid', 'paid'],
    ['draft', 'draft', 'draft'],
    ['void', 'already_void', 'void'],
  ] as const) {
    it(`${state} → ${blocker}`, async () => {
      const provider = createMemoryProvider();
      const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
      const customer = provider.createCustomer({ currency: 'usd', credit: 500 });
      const draft = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 2000 }] });
      if (state !== 'draft') provider.finalizeInvoice(draft.id);
      if (state === 'paid') provider.payInvoice(draft.id);
      if (state === 'void') await client.voidInvoice(draft.id);
      const before = await client.getInvoice(draft.id);
      const balanceBefore = (await client.getCustomerBalance(customer.customerId)).credit;

      const error = await client.voidInvoice(draft.id).catch((caught: unknown) => caught);
      expect(InvoiceNotVoidableError.isInstance(error)).toBe(true);
      expect((error as InvoiceNotVoidableError).blockers).toEqual([blocker]);
      const after = await client.getInvoice(draft.id);
      expect(after.status).toBe(status);
      expect({ ...after, raw: null }).toEqual({ ...before, raw: null });
      expect((await client.getCustomerBalance(customer.customerId)).credit).toBe(balanceBefore);
    });
  }
});

describe('idempotency', () => {
  it('same key twice → identical result and one state change', async () => {
    const { client, provider, customerId, invoice } = seeded();
    const first = await client.voidInvoice(invoice.id, { idempotencyKey: 'void-1' });
    const second = await client.voidInvoice(invoice.id, { idempotencyKey: 'void-1' });
    expect({ ...second, replayed: false }).toEqual(first);
    expect(second.replayed).toBe(true);
    expect((await client.getCustomerBalance(customerId)).credit).toBe(500);
    expect(provider.ledger(customerId).filter((entry) => entry.reason === 'returned_on_void')).toHaveLength(
      1,
    );
  });

  it('same key with different options → IdempotencyConflictError, nothing changes', async () => {
    const { client, invoice } = seeded();
    await client.voidInvoice(invoice.id, { idempotencyKey: 'void-2', comment: 'first' });
    await expect(
      client.voidInvoice(invoice.id, { idempotencyKey: 'void-2', comment: 'second' }),
    ).rejects.toSatisfy(IdempotencyConflictError.isInstance);
    expect((await client.getInvoice(invoice.id)).metadata.billbridge_void_comment).toBe('first');
  });

  it('without a key, a second void is refused as already_void', async () => {
    const { client, invoice } = seeded();
    await client.voidInvoice(invoice.id);
    await expect(client.voidInvoice(invoice.id)).rejects.toSatisfy(
      (error) => InvoiceNotVoidableError.isInstance(error) && error.blockers[0] === 'already_void',
    );
  });
});

describe('bad input never reaches the provider', () => {
  const cases: [
    string,
    (client: ReturnType<typeof seeded>['client'], invoiceId: string) => Promise<unknown>,
    string,
  ][] = [
    ['comment of 301', (client, id) => client.voidInvoice(id, { comment: 'x'.repeat(301) }), 'comment'],
    [
      'reason code of 101',
      (client, id) => client.voidInvoice(id, { reasonCode: 'x'.repeat(101) }),
      'reasonCode',
    ],
    ['empty id', (client) => client.voidInvoice(''), 'invoiceId'],
    ['traversal id', (client) => client.voidInvoice('in_1/../x'), 'invoiceId'],
    ['id with a space', (client) => client.voidInvoice('in 1'), 'invoiceId'],
    ['non-integer amount', (client, id) => client.createCreditNote({ invoiceId: id, amount: 1.5 }), 'amount'],
    ['negative amount', (client, id) => client.createCreditNote({ invoiceId: id, amount: -1 }), 'amount'],
    [
      'parts that exceed the amount',
      (client, id) => client.createCreditNote({ invoiceId: id, amount: 10, creditAmount: 11 }),
      'amount',
    ],
  ];
  for (const [label, call, path] of cases) {
    it(label, async () => {
      const { client, provider, invoice } = seeded();
      const error = await call(client, invoice.id).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).path).toBe(path);
      expect(provider.calls).toHaveLength(0);
      expect((await client.getInvoice(invoice.id)).status).toBe('open');
    });
  }
});

describe('failNext and the call log', () => {
  it('a fault after the effect is reconciled by reading the invoice back', async () => {
    const { client, provider, invoice } = seeded();
    provider.failNext(
      'voidInvoice',
      () => new ConnectionError({ message: 'reset after send', provider: 'memory' }),
      {
        effect: 'after',
        times: 3,
      },
    );
    const result = await client.voidInvoice(invoice.id);
    expect(result.invoice.status).toBe('void');
    expect(result.warnings.map((warning) => warning.code)).toEqual(['reconciled']);
    expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
    expect(provider.calls.map((call) => [call.operation, call.outcome])).toEqual([
      ['voidInvoice', 'error'],
      ['getInvoice', 'ok'],
    ]);
  });

  it('a lost answer then 429s: the call is in doubt (outcome unknown), so a void is reconciled', async () => {
    const lost = () => new ConnectionError({ message: 'reset after send', provider: 'memory' });
    const limited = () => new RateLimitError({ message: '429', provider: 'memory' });
    const { provider, invoice } = seeded();
    const client = createBillingClient({
      provider,
      retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
    });
    provider.failNext('voidInvoice', lost, { effect: 'after' });
    provider.failNext('voidInvoice', limited, { times: 2 });
    const result = await client.voidInvoice(invoice.id);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['reconciled']);
    expect(result.invoice.status).toBe('void');

    // A credit note has nothing to reconcile by: the error says it may have been issued.
    const other = seeded();
    other.provider.failNext('createCreditNote', lost, { effect: 'after' });
    other.provider.failNext('createCreditNote', limited, { times: 2 });
    const otherClient = createBillingClient({
      provider: other.provider,
      retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const error = await otherClient
      .createCreditNote({ invoiceId: other.invoice.id, amount: 100 })
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ outcome: 'unknown' });
    expect(await otherClient.listCreditNotes({ invoiceId: other.invoice.id })).toHaveLength(1);
  });

  it('a reconciled Chargebee void reports the credit note the void made', async () => {
    const { client, provider, invoice } = seeded({ flavor: 'chargebee', voidCreatesCreditNote: true });
    provider.failNext(
      'voidInvoice',
      () => new ConnectionError({ message: 'reset after send', provider: 'memory' }),
      { effect: 'after' },
    );
    const result = await client.voidInvoice(invoice.id);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['reconciled']);
    const [made] = await client.listCreditNotes({ invoiceId: invoice.id });
    expect(made).toMatchObject({ kind: 'adjustment', reasonCode: 'Invoice Void', total: { amount: 1500 } });
    expect(result.creditNote).toEqual(made);
    expect(provider.calls.map((call) => [call.operation, call.outcome]).slice(0, 3)).toEqual([
      ['voidInvoice', 'error'],
      ['getInvoice', 'ok'],
      ['listCreditNotes', 'ok'],
    ]);
  });

  it('a provider call never throws: a refusal, an unknown id and an injected fault are rejected promises', async () => {
    const { provider, invoice } = seeded();
    provider.failNext('getInvoice', () => new ConnectionError({ message: 'down', provider: 'memory' }));
    const calls = [
      [
        () => provider.doVoidInvoice({ invoiceId: 'in_missing', appliedBalance: 'return' }, { attempt: 1 }),
        { name: 'NotFoundError', code: 'not_found' },
      ],
      [() => provider.doGetInvoice(invoice.id, { attempt: 1 }), { name: 'ConnectionError', message: 'down' }],
      [
        () => provider.doCreateCreditNote({ invoiceId: invoice.id, amount: 0 }, { attempt: 1 }),
        { code: 'provider_error', message: expect.stringContaining('credit note of 0') },
      ],
    ] as const;
    for (const [call, refusal] of calls) {
      let pending: Promise<unknown> | undefined;
      expect(() => {
        pending = call();
      }).not.toThrow();
      expect(pending).toBeInstanceOf(Promise);
      await expect(pending).rejects.toMatchObject(refusal);
    }
    // Nothing of the three changed the invoice.
    expect((await provider.doGetInvoice(invoice.id, { attempt: 1 })).status).toBe('open');
  });

  it('reset forgets everything', async () => {
    const { client, provider, invoice } = seeded();
    await client.getInvoice(invoice.id);
    provider.reset();
    expect(provider.calls).toHaveLength(0);
    await expect(client.getInvoice(invoice.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe("credit notes by Stripe's rule: what is due first, the rest settled", () => {
  function partlyPaid() {
    const provider = createMemoryProvider({ flavor: 'stripe' });
    const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
    const { customerId } = provider.createCustomer({ currency: 'usd' });
    const draft = provider.createInvoice({ customerId, lines: [{ amount: 2000 }] });
    provider.finalizeInvoice(draft.id);
    provider.payInvoice(draft.id, { amount: 1500 });
    return { provider, client, customerId, invoiceId: draft.id };
  }

  it('a mixed note: 500 lowers what is due, the 1500 paid is refunded 500 and credited 1000', async () => {
    const { client, customerId, invoiceId } = partlyPaid();
    const note = await client.createCreditNote({
      invoiceId,
      amount: 2000,
      refundAmount: 500,
      creditAmount: 1000,
    });
    expect(note).toMatchObject({ kind: 'mixed', creditAmount: 1000, refundAmount: 500, outOfBandAmount: 0 });
    expect(note.total).toEqual({ amount: 2000, currency: 'usd' });
    const invoice = await client.getInvoice(invoiceId);
    expect(invoice).toMatchObject({ status: 'paid', amountDue: { amount: 0, currency: 'usd' } });
    expect(invoice.amountCredited.amount).toBe(2000);
    expect((await client.getCustomerBalance(customerId)).credit).toBe(1000);
  });

  it('refuses parts that do not add up to the post-payment part, or more than was paid', async () => {
    const { client, invoiceId } = partlyPaid();
    await expect(client.createCreditNote({ invoiceId, amount: 2000, creditAmount: 1000 })).rejects.toThrow(
      /must add up to the post-payment amount 1500/,
    );
    await expect(client.createCreditNote({ invoiceId, amount: 400, creditAmount: 100 })).rejects.toThrow(
      /post-payment amount 0/,
    );
    await expect(client.createCreditNote({ invoiceId, amount: 2600, creditAmount: 2100 })).rejects.toThrow(
      /exceeds the 2000 left to credit/,
    );
  });

  it('voiding the mixed note puts back what was due and takes back the credit', async () => {
    const { client, customerId, invoiceId } = partlyPaid();
    const note = await client.createCreditNote({ invoiceId, amount: 1700, creditAmount: 1200 });
    expect(note.kind).toBe('mixed');
    await client.voidCreditNote(note.id);
    const invoice = await client.getInvoice(invoiceId);
    expect(invoice).toMatchObject({ status: 'open', amountDue: { amount: 500, currency: 'usd' } });
    expect((await client.getCustomerBalance(customerId)).credit).toBe(0);
  });

  it('memory as Chargebee refuses a note that is part adjustment, part credit (as the adapter does)', async () => {
    const { client, provider, invoice: draft } = chargebeeOpenInvoice();
    provider.payInvoice(draft.id);
    const error = await client
      .createCreditNote({ invoiceId: draft.id, amount: 2000, creditAmount: 1000 })
      .catch((caught: unknown) => caught);
    expect(UnsupportedOptionError.isInstance(error)).toBe(true);
    // A refund alone that falls short of `amount` is refused too, not cut to the refund (the Stripe
    // flavor refuses parts that do not add up as well); nothing is credited.
    const short = await client
      .createCreditNote({ invoiceId: draft.id, amount: 1000, refundAmount: 400 })
      .catch((caught: unknown) => caught);
    expect(UnsupportedOptionError.isInstance(short) && short.option).toBe('refundAmount');
    expect(await client.listCreditNotes({ invoiceId: draft.id })).toEqual([]);
    expect((await client.getInvoice(draft.id)).amountCredited.amount).toBe(0);
  });

  it('memory as Chargebee: amount alone on a paid invoice is refused (the adapter sends an adjustment, which Chargebee refuses there)', async () => {
    const { client, provider, invoice } = chargebeeOpenInvoice();
    provider.payInvoice(invoice.id);
    await expect(client.createCreditNote({ invoiceId: invoice.id, amount: 500 })).rejects.toThrow(
      /adjustment credit note needs an unpaid invoice/,
    );
    expect(await client.listCreditNotes({ invoiceId: invoice.id })).toEqual([]);
    // With the settlement part it is a refundable note; without amount, all that is left.
    await expect(
      client.createCreditNote({ invoiceId: invoice.id, amount: 500, creditAmount: 500 }),
    ).resolves.toMatchObject({
      kind: 'credit',
      total: { amount: 500 },
    });
    await expect(client.createCreditNote({ invoiceId: invoice.id })).resolves.toMatchObject({
      total: { amount: 1500 },
    });
  });

  it('memory as Chargebee: a partly paid invoice takes a refundable note of up to what was paid', async () => {
    const { client, provider, customerId, invoice } = chargebeeOpenInvoice();
    provider.payInvoice(invoice.id, { amount: 700 });
    await expect(client.createCreditNote({ invoiceId: invoice.id, creditAmount: 701 })).rejects.toThrow(
      /exceeds the 700 left to credit/,
    );
    const note = await client.createCreditNote({ invoiceId: invoice.id, creditAmount: 700 });
    expect(note).toMatchObject({ kind: 'credit', total: { amount: 700 }, creditAmount: 700 });
    const after = await client.getInvoice(invoice.id);
    expect(after).toMatchObject({
      status: 'open',
      amountDue: { amount: 1300 },
      amountCredited: { amount: 700 },
    });
    expect((await client.getCustomerBalance(customerId)).credit).toBe(700);
    const check = await client.checkVoidable(invoice.id);
    expect(check.blockers).toEqual(['has_payments', 'has_refunded_credits']);
    // An adjustment of what is still due works beside it.
    await expect(client.createCreditNote({ invoiceId: invoice.id, amount: 1300 })).resolves.toMatchObject({
      kind: 'adjustment',
    });
    expect((await client.getInvoice(invoice.id)).status).toBe('paid');
  });

  it.each(['stripe', 'chargebee'] as const)(
    'lists an invoice’s credit notes newest first, as the providers do (%s)',
    async (flavor) => {
      const { client, invoice } = seeded({ flavor });
      const first = await client.createCreditNote({ invoiceId: invoice.id, amount: 100 });
      const second = await client.createCreditNote({ invoiceId: invoice.id, amount: 200 });
      expect((await client.listCreditNotes({ invoiceId: invoice.id })).map((note) => note.id)).toEqual([
        second.id,
        first.id,
      ]);
    },
  );

  it('memory as Stripe 2019-11-05: no mixed notes, so a note on an unpaid invoice only lowers what is due', async () => {
    const provider = createMemoryProvider({ flavor: 'stripe', apiVersion: '2019-11-05' });
    const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
    const { customerId } = provider.createCustomer({ currency: 'usd', credit: 1000 });
    const invoice = provider.finalizeInvoice(
      provider.createInvoice({ customerId, lines: [{ amount: 3000 }] }).id,
    );
    expect(invoice.amountDue.amount).toBe(2000);
    await expect(
      client.createCreditNote({ invoiceId: invoice.id, amount: 2500, creditAmount: 500 }),
    ).rejects.toThrow(/unpaid: a note lowers the 2000 due/);
    expect(await client.listCreditNotes({ invoiceId: invoice.id })).toEqual([]);
    await expect(client.createCreditNote({ invoiceId: invoice.id, amount: 2000 })).resolves.toMatchObject({
      kind: 'adjustment',
    });
    // Today's version takes the same mixed note.
    const today = createMemoryProvider({ flavor: 'stripe' });
    const customer = today.createCustomer({ currency: 'usd', credit: 1000 });
    const open = today.finalizeInvoice(
      today.createInvoice({ customerId: customer.customerId, lines: [{ amount: 3000 }] }).id,
    );
    await expect(
      createBillingClient({ provider: today }).createCreditNote({
        invoiceId: open.id,
        amount: 2500,
        creditAmount: 500,
      }),
    ).resolves.toMatchObject({ kind: 'mixed' });
  });
});
