import { describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  BillingError,
  type BillingProvider,
  ConnectionError,
  createBillingClient,
  IdempotencyConflictError,
  type Invoice,
  InvoiceNotVoidableError,
  RateLimitError,
  type RetryRuntime,
  UnsupportedOptionError,
  ValidationError,
  type VoidInvoiceResult,
} from '../src/index.js';
import { fakeCapabilities, fakeProvider as fakeProviderWith } from './support/fake-provider.js';

const usd = (amount: number) => ({ amount, currency: 'usd' });
const invoice = (status: Invoice['status']): Invoice => ({
  id: 'in_1',
  provider: 'fake',
  customerId: 'cus_1',
  subscriptionId: null,
  status,
  providerStatus: status,
  currency: 'usd',
  total: usd(2000),
  amountDue: usd(status === 'open' ? 1500 : 0),
  amountPaid: usd(0),
  appliedBalance: usd(500),
  amountCredited: usd(0),
  amountCreditable: usd(status === 'open' ? 1500 : 0),
  voidReasonCode: null,
  metadata: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  voidedAt: null,
  raw: {},
});
const voided = (): VoidInvoiceResult => ({
  invoice: invoice('void'),
  balanceReturned: usd(500),
  creditNote: null,
  warnings: [],
  replayed: false,
  raw: {},
});

function fakeProvider(overrides: Partial<BillingProvider> = {}): BillingProvider {
  return fakeProviderWith({
    doVoidInvoice: vi.fn(async () => voided()),
    doGetInvoice: vi.fn(async () => invoice('open')),
    doCheckVoidable: vi.fn(async () => ({ invoice: invoice('open'), blockers: [] })),
    ...overrides,
  });
}

/** Fake time: sleeping advances the clock at once, and each wait is recorded. */
function fakeRuntime() {
  let now = 0;
  const waits: number[] = [];
  const runtime: RetryRuntime = {
    now: () => now,
    random: () => 0.5,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      waits.push(ms);
      now += ms;
    },
  };
  return { runtime, waits };
}

describe('createBillingClient', () => {
  it('refuses something that is not a provider', () => {
    expect(() => createBillingClient({ provider: {} as BillingProvider })).toThrow(ValidationError);
  });

  it('reuses one idempotency key on every retry of a call', async () => {
    const keys: (string | undefined)[] = [];
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async (_request, context) => {
        keys.push(context.idempotencyKey);
        if (context.attempt < 3) throw new ConnectionError({ message: 'reset', outcome: 'not_executed' });
        return voided();
      }),
    });
    const { runtime, waits } = fakeRuntime();
    const client = createBillingClient({
      provider,
      retryRuntime: runtime,
      generateIdempotencyKey: () => 'generated-1',
    });
    const result = await client.voidInvoice('in_1');
    expect(result.invoice.status).toBe('void');
    expect(keys).toEqual(['generated-1', 'generated-1', 'generated-1']);
    expect(waits).toEqual([250, 500]); // full jitter at 0.5 of 500 and 1000
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async () => {
        throw new RateLimitError({ message: 'slow down' });
      }),
    });
    const { runtime } = fakeRuntime();
    const client = createBillingClient({ provider, retryRuntime: runtime, retry: { maxAttempts: 4 } });
    await expect(client.voidInvoice('in_1')).rejects.toSatisfy(RateLimitError.isInstance);
    expect(provider.doVoidInvoice).toHaveBeenCalledTimes(4);
  });

  it('honours Retry-After and gives up when it exceeds the cap', async () => {
    let calls = 0;
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async () => {
        calls += 1;
        if (calls === 1) throw new RateLimitError({ message: 'slow', retryAfterMs: 3000 });
        throw new RateLimitError({ message: 'slower', retryAfterMs: 60_000 });
      }),
    });
    const { runtime, waits } = fakeRuntime();
    const client = createBillingClient({ provider, retryRuntime: runtime, retry: { maxAttempts: 5 } });
    await expect(client.voidInvoice('in_1')).rejects.toThrow('slower');
    expect(waits).toEqual([3000]);
    expect(calls).toBe(2);
  });

  it('keeps within the total budget', async () => {
    const provider = fakeProvider({
      doGetInvoice: vi.fn(async () => {
        throw new ConnectionError({ message: 'reset' });
      }),
    });
    const { runtime, waits } = fakeRuntime();
    const client = createBillingClient({
      provider,
      retryRuntime: runtime,
      retry: { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 8000, totalBudgetMs: 3000 },
    });
    await expect(client.getInvoice('in_1')).rejects.toSatisfy(ConnectionError.isInstance);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000);
    expect(waits).toEqual([500, 1000]);
  });

  it('an aborted signal stops retries at once', async () => {
    const controller = new AbortController();
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async () => {
        controller.abort();
        throw new ConnectionError({ message: 'reset', outcome: 'not_executed' });
      }),
    });
    const { runtime } = fakeRuntime();
    const client = createBillingClient({ provider, retryRuntime: runtime });
    await expect(client.voidInvoice('in_1', { signal: controller.signal })).rejects.toSatisfy(
      AbortedError.isInstance,
    );
    expect(provider.doVoidInvoice).toHaveBeenCalledTimes(1);
  });

  it('does not retry what is not retryable', async () => {
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async () => {
        throw new BillingError({ message: 'bad request', status: 400 });
      }),
    });
    const client = createBillingClient({ provider, retryRuntime: fakeRuntime().runtime });
    await expect(client.voidInvoice('in_1')).rejects.toThrow('bad request');
    expect(provider.doVoidInvoice).toHaveBeenCalledTimes(1);
  });

  // The key was used by the first attempt, whose answer was lost: the call may have taken effect.
  it('an idempotency conflict after a lost answer says unknown, not failed', async () => {
    let attempts = 0;
    const provider = fakeProvider({
      doCreateCreditNote: vi.fn(async () => {
        attempts += 1;
        if (attempts === 1) throw new ConnectionError({ message: 'socket hang up', provider: 'fake' });
        throw new IdempotencyConflictError({
          message: 'keys for idempotent requests can only be used with the same parameters',
          provider: 'fake',
        });
      }),
    });
    const client = createBillingClient({ provider, retryRuntime: fakeRuntime().runtime });
    const error = await client
      .createCreditNote({ invoiceId: 'in_1', amount: 100, idempotencyKey: 'k1' })
      .catch((caught: unknown) => caught);
    expect(IdempotencyConflictError.isInstance(error)).toBe(true);
    expect((error as BillingError).outcome).toBe('unknown');
  });

  it('wraps errors that are not BillingErrors without copying their text', async () => {
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async () => {
        throw new TypeError('token sk_test_123 rejected');
      }),
    });
    const client = createBillingClient({ provider, retryRuntime: fakeRuntime().runtime });
    const error = await client.voidInvoice('in_1').catch((caught: unknown) => caught);
    expect(BillingError.isInstance(error)).toBe(true);
    expect((error as BillingError).message).toBe('fake: voidInvoice failed unexpectedly (TypeError)');
    expect((error as BillingError).outcome).toBe('unknown');
    expect((error as BillingError).cause).toBeInstanceOf(TypeError);
  });

  it('wraps an error a provider throws synchronously, too', async () => {
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(() => {
        throw new RangeError('thrown before any promise');
      }),
    });
    const client = createBillingClient({ provider, retryRuntime: fakeRuntime().runtime });
    const error = await client.voidInvoice('in_1').catch((caught: unknown) => caught);
    expect((error as BillingError).message).toBe('fake: voidInvoice failed unexpectedly (RangeError)');
    expect(provider.doVoidInvoice).toHaveBeenCalledTimes(1);
  });

  it('reconciles an unknown outcome by reading the invoice', async () => {
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async () => {
        throw new ConnectionError({ message: 'reset after send' });
      }),
      doGetInvoice: vi.fn(async () => invoice('void')),
    });
    const client = createBillingClient({ provider, retryRuntime: fakeRuntime().runtime });
    const result = await client.voidInvoice('in_1');
    expect(provider.doVoidInvoice).toHaveBeenCalledTimes(3);
    expect(result.invoice.status).toBe('void');
    expect(result.warnings.map((warning) => warning.code)).toEqual(['reconciled']);
  });

  it('a reconciled void whose reason and comment (kept as metadata) are not on the invoice says so', async () => {
    const provider = fakeProvider({
      capabilities: {
        ...fakeCapabilities,
        voidInvoice: { ...fakeCapabilities.voidInvoice, reasonCode: 'metadata', comment: 'metadata' },
      },
      doVoidInvoice: vi.fn(async () => {
        throw new ConnectionError({ message: 'reset after send' });
      }),
      doGetInvoice: vi.fn(async () => invoice('void')),
    });
    const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
    const result = await client.voidInvoice('in_1', { reasonCode: 'duplicate', comment: 'twice' });
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'reconciled',
      'reason_not_recorded',
      'comment_not_recorded',
    ]);
    // Both on the invoice read back: nothing more to say.
    provider.doGetInvoice = vi.fn(async () => ({
      ...invoice('void'),
      voidReasonCode: 'duplicate',
      metadata: { billbridge_void_reason_code: 'duplicate', billbridge_void_comment: 'twice' },
    }));
    const recorded = await client.voidInvoice('in_1', { reasonCode: 'duplicate', comment: 'twice' });
    expect(recorded.warnings.map((warning) => warning.code)).toEqual(['reconciled']);
  });

  it('a definitive refusal after a lost answer keeps its outcome: not reconciled as the call’s void', async () => {
    let calls = 0;
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async () => {
        calls += 1;
        if (calls === 1) throw new ConnectionError({ message: 'reset before it reached the provider' });
        throw new InvoiceNotVoidableError({ invoiceId: 'in_1', blockers: ['already_void'] });
      }),
      doGetInvoice: vi.fn(async () => invoice('void')),
    });
    const client = createBillingClient({ provider, retryRuntime: fakeRuntime().runtime });
    const error = await client.voidInvoice('in_1').catch((caught: unknown) => caught);
    // Someone else voided it meanwhile: the provider's refusal to this key is its word on the call.
    expect(InvoiceNotVoidableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ outcome: 'failed', blockers: ['already_void'] });
    expect(provider.doGetInvoice).not.toHaveBeenCalled();
  });

  it('rethrows an unknown outcome when the invoice is not void', async () => {
    const provider = fakeProvider({
      doVoidInvoice: vi.fn(async () => {
        throw new ConnectionError({ message: 'reset after send' });
      }),
    });
    const client = createBillingClient({ provider, retryRuntime: fakeRuntime().runtime });
    await expect(client.voidInvoice('in_1')).rejects.toSatisfy(ConnectionError.isInstance);
  });

  it('enforces capabilities before the provider is called', async () => {
    const provider = fakeProvider();
    const client = createBillingClient({ provider });
    await expect(client.voidInvoice('in_1', { appliedBalance: 'consume' })).rejects.toSatisfy(
      UnsupportedOptionError.isInstance,
    );
    await expect(client.createCreditNote({ invoiceId: 'in_1', refundAmount: 10 })).rejects.toSatisfy(
      (error) => UnsupportedOptionError.isInstance(error) && error.option === 'refundAmount',
    );
    await expect(client.reverseInvoice('in_1', { paid: 'refund' })).rejects.toSatisfy(
      UnsupportedOptionError.isInstance,
    );
    await expect(
      client.setSubscriptionBalanceSettings('sub_1', { consumeAppliedBalanceOnVoid: true }),
    ).rejects.toSatisfy(UnsupportedOptionError.isInstance);
    expect(provider.doVoidInvoice).not.toHaveBeenCalled();
    expect(provider.doCheckVoidable).not.toHaveBeenCalled();
  });

  it('warns when a reason code has nowhere to go', async () => {
    const client = createBillingClient({ provider: fakeProvider() });
    const result = await client.voidInvoice('in_1', { reasonCode: 'duplicate', comment: 'ok' });
    expect(result.warnings.map((warning) => warning.code)).toEqual(['reason_not_recorded']);
  });

  it('names the offending field of bad input', async () => {
    const provider = fakeProvider();
    const client = createBillingClient({ provider });
    await expect(client.voidInvoice('in_1', { idempotencyKey: 'has space' })).rejects.toMatchObject({
      path: 'idempotencyKey',
    });
    await expect(
      client.voidInvoice('in_1', { providerOptions: JSON.parse('{"__proto__": {"a": 1}}') }),
    ).rejects.toMatchObject({ path: 'providerOptions.__proto__' });
    await expect(
      client.voidInvoice('in_1', { providerOptions: JSON.parse('{"fake": {"constructor": {"a": 1}}}') }),
    ).rejects.toMatchObject({ path: 'providerOptions.fake.constructor' });
    // Until 2026-12-07 an empty comment went through (Stripe unsets a metadata key posted empty).
    await expect(client.voidInvoice('in_1', { comment: '' })).rejects.toMatchObject({
      path: 'comment',
      message: expect.stringMatching(/must not be empty/),
    });
    expect(provider.doVoidInvoice).not.toHaveBeenCalled();
  });
});
