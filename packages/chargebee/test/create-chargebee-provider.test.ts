import { inspect } from 'node:util';
import {
  AuthenticationError,
  BILLING_EVENT_TYPES,
  BillingError,
  ConnectionError,
  InvoiceNotVoidableError,
  NotFoundError,
  ProviderUnavailableError,
  RateLimitError,
  UnsupportedOptionError,
  ValidationError,
  type VoidBlocker,
} from '@billbridge/core';
import Chargebee from 'chargebee';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chargebeeProviderSettingsSchema, createChargebeeProvider } from '../src/index.js';
import {
  API_KEY,
  type ChargebeeHarness,
  chargebeeHarness,
  inlineCassette,
} from './support/cassette-harness.js';
import { invoice, ORIGIN, SITE } from './support/chargebee-fixtures.js';

beforeAll(() => nock.disableNetConnect());

let current: ChargebeeHarness | undefined;
function play(...args: Parameters<typeof chargebeeHarness>): ChargebeeHarness {
  current = chargebeeHarness(...args);
  return current;
}
afterEach(() => {
  current?.player.stop();
  current = undefined;
  nock.cleanAll();
});

const context = { attempt: 1, idempotencyKey: 'unit-key-1' };

function expectNoSecret(error: unknown) {
  const basic = Buffer.from(`${API_KEY}:`).toString('base64');
  const text = `${String((error as Error).message)} ${JSON.stringify(error)}`;
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain(basic);
}

describe('voidInvoice', () => {
  it('sends void_reason_code and comment as the exact form body, in one request, and normalizes the answer', async () => {
    const { client, player } = play('void-with-reason-and-comment.json');
    const result = await client.voidInvoice('2001', {
      reasonCode: 'Order Cancelled',
      comment: 'Customer cancelled the order',
      idempotencyKey: 'void-2001-a',
    });
    player.assertDone();
    expect(player.requests).toHaveLength(1);
    expect(player.requests[0]?.rawBody).toBe(
      'comment=Customer+cancelled+the+order&void_reason_code=Order+Cancelled',
    );
    expect(player.requests[0]?.headers['chargebee-idempotency-key']).toBe('void-2001-a');
    expect(result.invoice).toMatchObject({
      id: '2001',
      provider: 'chargebee',
      status: 'void',
      providerStatus: 'voided',
      voidReasonCode: 'Order Cancelled',
      total: { amount: 2000, currency: 'usd' },
      appliedBalance: { amount: 500, currency: 'usd' },
      voidedAt: '2026-01-01T01:00:00.000Z',
    });
    expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
    expect(result.creditNote).toBeNull();
    expect(result.replayed).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.raw).toHaveProperty('invoice.id', '2001');
    expect(result.raw).not.toHaveProperty('headers');
  });

  it('keeps a top-level __proto__ key of the response as an own key of raw, not as its prototype', async () => {
    const provider = createChargebeeProvider({ site: SITE, apiKey: API_KEY });
    const voided = invoice({ id: '2001', customerId: 'cus_1', status: 'voided' });
    nock(ORIGIN)
      .post('/api/v2/invoices/2001/void')
      .reply(200, `{"invoice":${JSON.stringify(voided)},"__proto__":{"polluted":true}}`, {
        'content-type': 'application/json',
      });
    const result = await provider.doVoidInvoice({ invoiceId: '2001', appliedBalance: 'return' }, context);
    const raw = result.raw as Record<string, unknown>;
    expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
    expect(Object.hasOwn(raw, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(raw, '__proto__')?.value).toEqual({ polluted: true });
    expect((raw as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(raw)).toEqual(['invoice', '__proto__']);
  });

  it('maps the credit note Chargebee makes on void ("Void invoices with credit note")', async () => {
    const { client, player, provider } = play('void-with-credit-note.json', { voidCreatesCreditNote: true });
    expect(provider.capabilities.voidInvoice.creditNoteOnVoid).toBe(true);
    const result = await client.voidInvoice('2001', {
      reasonCode: 'Order Cancelled',
      comment: 'Customer cancelled the order',
    });
    player.assertDone();
    expect(result.creditNote).toMatchObject({
      id: 'CN-V2001',
      provider: 'chargebee',
      invoiceId: '2001',
      kind: 'adjustment',
      status: 'issued',
      providerStatus: 'adjusted',
      total: { amount: 1500, currency: 'usd' },
      reasonCode: 'Invoice Void',
      creditAmount: 0,
      refundAmount: 0,
    });
    expect(result.invoice.amountCredited).toEqual({ amount: 1500, currency: 'usd' });
    expect(result.balanceReturned).toEqual({ amount: 500, currency: 'usd' });
  });

  it('never sends a 301-character comment or a 101-character reason code (zero requests)', async () => {
    const { client, player } = play(inlineCassette([]));
    const comment = await client.voidInvoice('2001', { comment: 'c'.repeat(301) }).catch((e: unknown) => e);
    const reason = await client.voidInvoice('2001', { reasonCode: 'r'.repeat(101) }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(comment) && comment.path).toBe('comment');
    expect(ValidationError.isInstance(reason) && reason.path).toBe('reasonCode');
    expect(player.requests).toHaveLength(0);
    player.assertDone();
  });

  it('accepts exactly 300 and 100 characters', async () => {
    const comment = 'c'.repeat(300);
    const reasonCode = 'r'.repeat(100);
    const { client, player } = play(
      inlineCassette([
        {
          request: {
            method: 'POST',
            path: '/api/v2/invoices/2001/void',
            body: { comment, void_reason_code: reasonCode },
          },
          response: {
            status: 404,
            body: { message: 'not found', type: 'invalid_request', api_error_code: 'resource_not_found' },
          },
        },
      ]),
    );
    await expect(client.voidInvoice('2001', { comment, reasonCode })).rejects.toSatisfy(
      NotFoundError.isInstance,
    );
    player.assertDone();
  });

  it("refuses appliedBalance 'consume' before any request", async () => {
    const { client, player } = play(inlineCassette([]));
    const error = await client.voidInvoice('2001', { appliedBalance: 'consume' }).catch((e: unknown) => e);
    expect(UnsupportedOptionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      option: 'appliedBalance',
      value: 'consume',
      outcome: 'not_executed',
      provider: 'chargebee',
    });
    expect(player.requests).toHaveLength(0);
  });

  it('sends providerOptions.chargebee as Chargebee headers and rejects unknown keys before any request', async () => {
    const { client, player } = play(
      inlineCassette([
        {
          request: {
            method: 'POST',
            path: '/api/v2/invoices/2001/void',
            body: {},
            headers: { 'chargebee-event-email': 'all-disabled', 'chargebee-event-webhook': 'all-disabled' },
          },
          response: {
            status: 404,
            body: { message: 'not found', type: 'invalid_request', api_error_code: 'resource_not_found' },
          },
        },
      ]),
    );
    const bad = await client
      .voidInvoice('2001', { providerOptions: { chargebee: { skipEmail: true } } })
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(bad) && bad.path).toBe('providerOptions.chargebee');
    expect(player.requests).toHaveLength(0);
    await expect(
      client.voidInvoice('2001', {
        providerOptions: { chargebee: { skipEmails: true, skipWebhooks: true }, stripe: { anything: 1 } },
      }),
    ).rejects.toSatisfy(NotFoundError.isInstance);
    player.assertDone();
  });
});

describe('a refused void names its blockers from the invoice (one read after the refusal)', () => {
  const cases: [string, VoidBlocker[], string][] = [
    ['void-refused-paid.json', ['paid'], 'paid'],
    ['void-refused-pending.json', ['draft'], 'draft'],
    ['void-refused-voided.json', ['already_void'], 'void'],
    ['void-refused-linked-payments.json', ['has_payments'], 'open'],
    ['void-refused-amount-adjusted.json', ['has_adjustments'], 'open'],
    ['void-refused-refunded-credits.json', ['has_refunded_credits'], 'open'],
    ['void-refused-taxes-withheld.json', ['has_taxes_withheld'], 'open'],
  ];
  for (const [file, blockers, status] of cases) {
    it(`${file} → ${blockers.join(', ')}`, async () => {
      const { client, player } = play(file);
      const error = await client.voidInvoice('2001').catch((e: unknown) => e);
      player.assertDone();
      expect(player.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
      expect(InvoiceNotVoidableError.isInstance(error)).toBe(true);
      if (!InvoiceNotVoidableError.isInstance(error)) return;
      expect(error.blockers).toEqual(blockers);
      expect(error).toMatchObject({
        invoiceId: '2001',
        provider: 'chargebee',
        status: 409,
        retryable: false,
        outcome: 'failed',
      });
      expect(error.invoice?.status).toBe(status);
      expect((error.cause as { api_error_code?: string }).api_error_code).toBe('invalid_state_for_request');
    });
  }

  it('still throws InvoiceNotVoidableError (no blockers named) when the read after the refusal fails', async () => {
    const { provider, player } = play(
      inlineCassette([
        {
          request: { method: 'POST', path: '/api/v2/invoices/2001/void', body: {} },
          response: {
            status: 409,
            body: { message: 'no', type: 'invalid_request', api_error_code: 'invalid_state_for_request' },
          },
        },
        {
          request: { method: 'GET', path: '/api/v2/invoices/2001' },
          response: {
            status: 500,
            body: { message: 'x', type: 'operation_failed', api_error_code: 'internal_error' },
          },
        },
      ]),
    );
    const error = await provider
      .doVoidInvoice({ invoiceId: '2001', appliedBalance: 'return' }, context)
      .catch((e: unknown) => e);
    player.assertDone();
    expect(InvoiceNotVoidableError.isInstance(error) && error.blockers).toEqual([]);
  });
});

describe('refused voids and secrets', () => {
  it('redacts a key echoed in the refusal before keeping it as the cause', async () => {
    const { provider, player } = play(
      inlineCassette([
        {
          request: { method: 'POST', path: '/api/v2/invoices/2001/void', body: {} },
          response: {
            status: 409,
            body: {
              message: `invoice is paid (key ${API_KEY})`,
              type: 'invalid_request',
              api_error_code: 'invalid_state_for_request',
            },
          },
        },
        {
          request: { method: 'GET', path: '/api/v2/invoices/2001' },
          response: {
            status: 200,
            body: { invoice: invoice({ id: '2001', customerId: 'cus_1', status: 'paid' }) },
          },
        },
      ]),
    );
    const error = await provider
      .doVoidInvoice({ invoiceId: '2001', appliedBalance: 'return' }, context)
      .catch((e: unknown) => e);
    player.assertDone();
    expect(InvoiceNotVoidableError.isInstance(error) && error.blockers).toEqual(['paid']);
    expect(inspect(error, { depth: 10 })).not.toContain(API_KEY);
    expectNoSecret(error);
  });
});

describe('errors', () => {
  it('unknown invoice → NotFoundError with the SDK plain object kept as cause', async () => {
    const { client, player } = play('void-unknown-invoice.json');
    const error = await client.voidInvoice('9999').catch((e: unknown) => e);
    player.assertDone();
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, provider: 'chargebee', retryable: false, outcome: 'failed' });
    const cause = (error as Error).cause;
    expect(cause).not.toBeInstanceOf(Error);
    expect(cause).toMatchObject({ api_error_code: 'resource_not_found', http_status_code: 404 });
  });

  it('401 → AuthenticationError; the API key and the Authorization header never appear', async () => {
    const { client, player } = play('void-unauthorized.json');
    const error = await client.voidInvoice('2001').catch((e: unknown) => e);
    player.assertDone();
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, outcome: 'not_executed', retryable: false });
    expectNoSecret(error);
    // The request did carry the key, as Basic auth: that is the only place it goes.
    expect(player.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`,
    );
  });

  it('a message echoing the key is redacted', async () => {
    const { provider } = play(
      inlineCassette([
        {
          request: { method: 'GET', path: '/api/v2/invoices/2001' },
          response: {
            status: 400,
            body: {
              message: `bad key ${API_KEY}`,
              type: 'invalid_request',
              api_error_code: 'param_wrong_value',
              param: 'x',
            },
          },
        },
      ]),
    );
    const error = await provider.doGetInvoice('2001', { attempt: 1 }).catch((e: unknown) => e);
    expect(BillingError.isInstance(error) && error.code).toBe('provider_error');
    expect((error as Error).message).toContain('[redacted]');
    expectNoSecret(error);
  });

  it('429 api_request_limit_exceeded → RateLimitError with Retry-After', async () => {
    const { client, player } = play('void-rate-limited.json');
    const error = await client.voidInvoice('2001').catch((e: unknown) => e);
    player.assertDone();
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
      outcome: 'not_executed',
    });
  });

  it('429 lock_timeout → RateLimitError (retryable)', async () => {
    const { client, player } = play('void-lock-timeout.json');
    const error = await client.voidInvoice('2001').catch((e: unknown) => e);
    player.assertDone();
    expect(RateLimitError.isInstance(error) && error.retryable).toBe(true);
    expect((error as Error).message).toContain('lock_timeout');
  });

  it('500 → ProviderUnavailableError, outcome unknown for a void', async () => {
    const { provider, player } = play('void-server-error.json');
    const error = await provider
      .doVoidInvoice({ invoiceId: '2001', appliedBalance: 'return' }, context)
      .catch((e: unknown) => e);
    player.assertDone();
    expect(ProviderUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, retryable: true, outcome: 'unknown' });
  });

  it('a non-JSON 502 → ProviderUnavailableError', async () => {
    const { provider, player } = play('void-bad-gateway.json');
    const error = await provider
      .doVoidInvoice({ invoiceId: '2001', appliedBalance: 'return' }, context)
      .catch((e: unknown) => e);
    player.assertDone();
    expect(ProviderUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/not its JSON API/);
    expect(error).toMatchObject({ retryable: true, outcome: 'unknown' });
  });

  it('a connection failure → ConnectionError with outcome unknown', async () => {
    const { provider, player } = play(
      inlineCassette([
        {
          request: { method: 'POST', path: '/api/v2/invoices/2001/void', body: {} },
          response: { status: 0, networkError: 'ECONNRESET' },
        },
      ]),
    );
    const error = await provider
      .doVoidInvoice({ invoiceId: '2001', appliedBalance: 'return' }, context)
      .catch((e: unknown) => e);
    expect(player.requests).toHaveLength(1);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, outcome: 'unknown', provider: 'chargebee' });
    expectNoSecret(error);
  });

  it('an unknown outcome is reconciled by the client: a void that happened is a success', async () => {
    const { client, player } = play(
      inlineCassette([
        {
          request: { method: 'POST', path: '/api/v2/invoices/2001/void', body: {} },
          response: { status: 0, networkError: 'ECONNRESET' },
        },
        {
          request: { method: 'GET', path: '/api/v2/invoices/2001' },
          response: {
            status: 200,
            body: { invoice: invoice({ id: '2001', customerId: 'c', status: 'voided' }) },
          },
        },
      ]),
    );
    const result = await client.voidInvoice('2001');
    expect(player.requests).toHaveLength(2);
    expect(result.invoice.status).toBe('void');
    expect(result.warnings.map((w) => w.code)).toEqual(['reconciled']);
  });
});

describe('credit notes', () => {
  it('an adjustment credit note: reasonCode → create_reason_code, memo → comment', async () => {
    const { client, player } = play('credit-note-create-adjustment.json');
    const note = await client.createCreditNote({
      invoiceId: '2001',
      amount: 300,
      reasonCode: 'Goodwill',
      memo: 'Service interruption on 3 January',
    });
    player.assertDone();
    expect(player.requests[0]?.body).toEqual({
      reference_invoice_id: '2001',
      type: 'adjustment',
      total: '300',
      create_reason_code: 'Goodwill',
      comment: 'Service interruption on 3 January',
    });
    expect(note).toMatchObject({
      id: 'CN-3001',
      kind: 'adjustment',
      status: 'issued',
      providerStatus: 'adjusted',
      total: { amount: 300, currency: 'usd' },
      reasonCode: 'Goodwill',
      invoiceId: '2001',
      customerId: 'cbdemo_ada',
    });
  });

  it('a refundable credit note on a paid invoice: creditAmount → type refundable, kind credit', async () => {
    const { client, player } = play('credit-note-create-refundable.json');
    const note = await client.createCreditNote({
      invoiceId: '2001',
      amount: 1000,
      creditAmount: 1000,
      reason: 'product_unsatisfactory',
    });
    player.assertDone();
    expect(note).toMatchObject({
      kind: 'credit',
      providerStatus: 'refund_due',
      status: 'issued',
      total: { amount: 1000, currency: 'usd' },
      creditAmount: 1000,
      refundAmount: 0,
      reason: 'product_unsatisfactory',
    });
  });

  it('refund, out-of-band and partial-credit settlements are refused before any request', async () => {
    const { client, player } = play(inlineCassette([]));
    for (const input of [
      { invoiceId: '2001', amount: 100, refundAmount: 100 },
      { invoiceId: '2001', amount: 100, outOfBandAmount: 100 },
      // Stripe's mixed note (part lowers what is due, part credited) has no Chargebee equivalent.
      { invoiceId: '2001', amount: 100, creditAmount: 60 },
    ]) {
      await expect(client.createCreditNote(input)).rejects.toSatisfy(UnsupportedOptionError.isInstance);
    }
    expect(player.requests).toHaveLength(0);
  });

  it('lists every page of an invoice’s credit notes', async () => {
    const { client, player } = play('credit-note-list.json');
    const notes = await client.listCreditNotes({ invoiceId: '2001' });
    player.assertDone();
    expect(notes.map((note) => [note.id, note.status])).toEqual([
      ['CN-3001', 'issued'],
      ['CN-3002', 'void'],
    ]);
  });

  it('voids a credit note with a comment', async () => {
    const { client, player } = play('credit-note-void.json');
    const note = await client.voidCreditNote('CN-3001', {
      comment: 'Issued in error',
      idempotencyKey: 'cn-void-1',
    });
    player.assertDone();
    expect(player.requests[0]?.headers['chargebee-idempotency-key']).toBe('cn-void-1');
    expect(note).toMatchObject({ id: 'CN-3001', status: 'void', providerStatus: 'voided' });
  });
});

describe('customer balance and subscription balance settings', () => {
  it('credit = promotional + refundable + excess payments, from balances[], with the breakdown', async () => {
    const { client, player } = play('customer-balance.json');
    const balance = await client.getCustomerBalance('cbdemo_ada', { currency: 'usd' });
    player.assertDone();
    expect(balance).toMatchObject({
      customerId: 'cbdemo_ada',
      currency: 'usd',
      credit: 800,
      breakdown: { promotional: 500, refundable: 200, excessPayments: 100 },
    });
  });

  it('consumeAppliedBalanceOnVoid false is native (no request); true is refused before any request', async () => {
    const { client, player } = play(inlineCassette([]));
    await expect(
      client.setSubscriptionBalanceSettings('sub_1', { consumeAppliedBalanceOnVoid: false }),
    ).resolves.toEqual({
      subscriptionId: 'sub_1',
      consumeAppliedBalanceOnVoid: false,
      appliedBy: 'native',
      raw: null,
    });
    await expect(
      client.setSubscriptionBalanceSettings('sub_1', { consumeAppliedBalanceOnVoid: true }),
    ).rejects.toSatisfy(UnsupportedOptionError.isInstance);
    expect(player.requests).toHaveLength(0);
  });
});

describe('createChargebeeProvider settings', () => {
  it('declares its name, options key and capabilities', () => {
    const provider = createChargebeeProvider({ site: SITE, apiKey: API_KEY });
    expect(provider.provider).toBe('chargebee');
    expect(provider.providerOptionsKey).toBe('chargebee');
    expect(provider.specificationVersion).toBe('v1');
    expect(provider.capabilities).toEqual({
      voidInvoice: {
        appliedBalance: ['return'],
        reasonCode: 'native',
        comment: 'native',
        creditNoteOnVoid: false,
      },
      creditNotes: {
        paidSettlement: ['credit_balance'],
        nativeReason: false,
        appliedBalanceCreditable: false,
      },
      subscriptionBalanceSettings: { consumeAppliedBalanceOnVoid: [false] },
      webhooks: { events: [...BILLING_EVENT_TYPES] },
    });
  });

  it('needs a client or site + apiKey, and never echoes the key', () => {
    const missing = (() => {
      try {
        createChargebeeProvider({ apiKey: API_KEY });
      } catch (error) {
        return error;
      }
    })();
    expect(ValidationError.isInstance(missing) && missing.path).toBe('site');
    expectNoSecret(missing);
    expect(() => createChargebeeProvider({ site: 'a/b', apiKey: API_KEY })).toThrow(/site/);
  });

  it('the settings schema takes partial settings (the environment may fill site and apiKey); the factory needs them', () => {
    expect(chargebeeProviderSettingsSchema.parse({ voidCreatesCreditNote: true })).toEqual({
      voidCreatesCreditNote: true,
    });
    expect(chargebeeProviderSettingsSchema.safeParse({ site: SITE, apiKey: API_KEY, port: 0 }).success).toBe(
      false,
    );
    expect(chargebeeProviderSettingsSchema.safeParse({ site: SITE, extra: 1 }).success).toBe(false);
    const error = (() => {
      try {
        createChargebeeProvider({ voidCreatesCreditNote: true });
      } catch (caught) {
        return caught;
      }
    })();
    expect(ValidationError.isInstance(error) && error.issues.map((issue) => issue.path)).toEqual([
      'site',
      'apiKey',
    ]);
  });

  it('uses an injected client (requests go to its site) and refuses one with SDK retries on', async () => {
    const injected = new Chargebee({ site: SITE, apiKey: API_KEY });
    const provider = createChargebeeProvider({ client: injected, voidCreatesCreditNote: true });
    expect(provider.client).toBe(injected);
    expect(provider.capabilities.voidInvoice.creditNoteOnVoid).toBe(true);
    expect(() =>
      createChargebeeProvider({
        client: new Chargebee({ site: SITE, apiKey: API_KEY, retryConfig: { enabled: true } }),
      }),
    ).toThrow(/retryConfig/);
    expect(() => createChargebeeProvider({ client: injected, site: SITE })).toThrow(/client/);
    nock(ORIGIN)
      .get('/api/v2/invoices/2001')
      .reply(404, { message: `nope`, type: 'invalid_request', api_error_code: 'resource_not_found' });
    await expect(provider.doGetInvoice('2001', { attempt: 1 })).rejects.toSatisfy(NotFoundError.isInstance);
  });
});

describe('balanceReturned from every shape a voided invoice may take (docs/chargebee.md)', () => {
  for (const [file, returned] of [
    ['void-voided-keeps-discounts.json', { amount: 500, currency: 'usd' }],
    ['void-voided-drops-discounts.json', { amount: 500, currency: 'usd' }],
    ['void-voided-drops-every-trace.json', null],
  ] as const) {
    it(`${file}: ${returned ? returned.amount : 'null (the response holds no trace of them)'}`, async () => {
      const { client, player } = play(file);
      const result = await client.voidInvoice('2001');
      player.assertDone();
      expect(player.requests).toHaveLength(1);
      expect(result.invoice.status).toBe('void');
      expect(result.balanceReturned).toEqual(returned);
    });
  }
});
