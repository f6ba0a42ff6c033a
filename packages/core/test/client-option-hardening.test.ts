import { describe, expect, it, vi } from 'vitest';
import {
  BillingError,
  ConnectionError,
  type CreditNote,
  createAttemptMemo,
  createBillingClient,
  type RetryRuntime,
  ValidationError,
} from '../src/index.js';
import { fakeProvider } from './support/fake-provider.js';

// Found by a review of core on 2026-12-07; each test failed on the code before its fix.
const runtime: RetryRuntime = { now: () => 0, random: () => 0, sleep: async () => {} };

describe('a caller’s idempotency key generator', () => {
  it('is held to the key rules before any request: nothing is sent without a key', async () => {
    const doCreateCreditNote = vi.fn(async () => ({ id: 'cn_1' }) as CreditNote);
    const client = createBillingClient({
      provider: fakeProvider({ doCreateCreditNote }),
      retryRuntime: runtime,
      // A generator that returns nothing would send the call and its retries without a key.
      generateIdempotencyKey: (() => undefined) as unknown as () => string,
    });
    const error = await client.createCreditNote({ invoiceId: 'in_1', amount: 500 }).catch((e) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.issues[0].path).toBe('generateIdempotencyKey()');
    expect(doCreateCreditNote).not.toHaveBeenCalled();
  });

  it('refuses a key with spaces or past 100 characters, and keeps every good key on every retry', async () => {
    const doVoidInvoice = vi.fn();
    const spaced = createBillingClient({
      provider: fakeProvider({ doVoidInvoice }),
      generateIdempotencyKey: () => `tenant 42 ${'x'.repeat(120)}`,
    });
    expect(ValidationError.isInstance(await spaced.voidInvoice('in_1').catch((e) => e))).toBe(true);
    expect(doVoidInvoice).not.toHaveBeenCalled();

    const keys: (string | undefined)[] = [];
    const retried = createBillingClient({
      provider: fakeProvider({
        doCreateCreditNote: async (_request, context) => {
          keys.push(context.idempotencyKey);
          if (context.attempt === 1) throw new ConnectionError({ message: 'reset after send' });
          return { id: 'cn_1' } as CreditNote;
        },
      }),
      retryRuntime: runtime,
      generateIdempotencyKey: () => 'tenant-42-call-1',
    });
    await retried.createCreditNote({ invoiceId: 'in_1', amount: 500 });
    expect(keys).toEqual(['tenant-42-call-1', 'tenant-42-call-1']);
  });

  it('must be a function, and a retry runtime must have its three functions (createBillingClient refuses both)', () => {
    expect(() =>
      createBillingClient({ provider: fakeProvider(), generateIdempotencyKey: 'abc' as never }),
    ).toThrow(ValidationError);
    expect(() =>
      createBillingClient({ provider: fakeProvider(), retryRuntime: { now: () => 0 } as never }),
    ).toThrow(/retryRuntime must have sleep, random and now functions/);
  });
});

describe('provider options', () => {
  it('that contain themselves are a ValidationError at once, not a stack overflow after seconds', async () => {
    const doVoidInvoice = vi.fn();
    const client = createBillingClient({ provider: fakeProvider({ doVoidInvoice }) });
    const options: Record<string, unknown> = { skip: true };
    options.self = options;
    const error = await client.voidInvoice('in_1', { providerOptions: { fake: options } }).catch((e) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.issues).toContainEqual({
      path: 'providerOptions.fake.self',
      message: 'must not contain itself',
    });
    expect(doVoidInvoice).not.toHaveBeenCalled();
  });

  it('shared many times over are walked once (a diamond 40 deep is refused for its depth, quickly)', async () => {
    let node: Record<string, unknown> = {};
    for (let level = 0; level < 40; level++) node = { left: node, right: node };
    const client = createBillingClient({ provider: fakeProvider() });
    const error = await client.voidInvoice('in_1', { providerOptions: { fake: node } }).catch((e) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/nests deeper than 32 levels/);
  });

  it('named by a pasted key: the key reaches neither the message nor the JSON', async () => {
    const secret = ['sk', 'live', '51HabcdefghijklmnopqrstuvwxyzABCDEF'].join('_');
    const client = createBillingClient({ provider: fakeProvider() });
    const error = await client.voidInvoice('in_1', { providerOptions: { [secret]: {} } }).catch((e) => e);
    expect(BillingError.isInstance(error) && error.code).toBe('validation_failed');
    expect(error.message).toMatch(/name not shown: it may be a secret/);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});

describe('the attempt memo', () => {
  it('makes a new call whose first read failed read on its retry, not take an earlier call’s value', async () => {
    const memo = createAttemptMemo<number>({ maxAgeMs: 60_000 });
    const left = (value: number) => value;
    await memo.resolve({ idempotencyKey: 'K', attempt: 1 }, 'in_1', async () => 500, left);
    // Later, a new call under K: 1 500 is left now; its first read fails…
    const failing = async (): Promise<number> => {
      throw new Error('ECONNRESET');
    };
    await expect(memo.resolve({ idempotencyKey: 'K', attempt: 1 }, 'in_1', failing, left)).rejects.toThrow();
    // …and its retry reads (1 500), as the first attempt would have.
    expect(await memo.resolve({ idempotencyKey: 'K', attempt: 2 }, 'in_1', async () => 1500, left)).toBe(
      1500,
    );
    // A retry after a first attempt that did read still gets that value unread.
    const read = vi.fn(async () => 9);
    expect(await memo.resolve({ idempotencyKey: 'K', attempt: 3 }, 'in_1', read, left)).toBe(1500);
    expect(read).not.toHaveBeenCalled();
  });
});
