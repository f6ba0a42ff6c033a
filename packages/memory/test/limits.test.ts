import { createBillingClient, ValidationError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { createMemoryProvider, DEFAULT_CALLS_KEPT } from '../src/index.js';

function seededInvoices(provider: ReturnType<typeof createMemoryProvider>, count: number) {
  const customer = provider.createCustomer({ currency: 'usd' });
  return Array.from({ length: count }, () => {
    const { id } = provider.createInvoice({ customerId: customer.customerId, lines: [{ amount: 100 }] });
    return provider.finalizeInvoice(id).id;
  });
}

describe('memory provider limits (the call log and idempotency records stay bounded)', () => {
  it('keeps the last `limits.calls` calls, dropping the oldest', async () => {
    const provider = createMemoryProvider({ limits: { calls: 3 } });
    const client = createBillingClient({ provider });
    const ids = seededInvoices(provider, 5);
    for (const id of ids) await client.getInvoice(id);
    expect(provider.calls.map((call) => (call.input as { invoiceId: string }).invoiceId)).toEqual(
      ids.slice(2),
    );
    expect(DEFAULT_CALLS_KEPT).toBe(10_000);
  });

  it('keeps 10 000 calls by default', async () => {
    const provider = createMemoryProvider();
    const client = createBillingClient({ provider });
    const [id] = seededInvoices(provider, 1);
    for (let index = 0; index < DEFAULT_CALLS_KEPT + 5; index++) await client.getInvoice(id!);
    expect(provider.calls).toHaveLength(DEFAULT_CALLS_KEPT);
  });

  it('forgets the oldest idempotency key past `limits.idempotencyRecords`', async () => {
    const provider = createMemoryProvider({ limits: { idempotencyRecords: 2 } });
    const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
    const ids = seededInvoices(provider, 3);
    for (const [index, id] of ids.entries())
      await client.voidInvoice(id, { idempotencyKey: `void-${index}` });
    expect(provider.state.idempotency.size).toBe(2);
    // The newest key is still remembered: the same call is answered from its record.
    expect((await client.voidInvoice(ids[2]!, { idempotencyKey: 'void-2' })).replayed).toBe(true);
    // The oldest was forgotten: the same call is made again, and the invoice is already void.
    await expect(client.voidInvoice(ids[0]!, { idempotencyKey: 'void-0' })).rejects.toMatchObject({
      blockers: ['already_void'],
    });
  });

  it('forgets an idempotency key after `limits.idempotencyTtlMs` of the provider clock', async () => {
    const provider = createMemoryProvider({ limits: { idempotencyTtlMs: 60_000 } });
    const client = createBillingClient({ provider, retry: { maxAttempts: 1 } });
    const [id] = seededInvoices(provider, 1);
    await client.voidInvoice(id!, { idempotencyKey: 'once' });
    provider.clock.advance(59_999);
    expect((await client.voidInvoice(id!, { idempotencyKey: 'once' })).replayed).toBe(true);
    provider.clock.advance(1);
    await expect(client.voidInvoice(id!, { idempotencyKey: 'once' })).rejects.toMatchObject({
      blockers: ['already_void'],
    });
  });

  it('refuses a limit that is not a non-negative integer', () => {
    expect(() => createMemoryProvider({ limits: { calls: -1 } })).toThrow(ValidationError);
    expect(() => createMemoryProvider({ limits: { idempotencyTtlMs: 1.5 } })).toThrow(ValidationError);
    expect(() => createMemoryProvider({ limits: { unknown: 1 } as never })).toThrow(ValidationError);
  });
});
