import { createBillingClient } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { clonePlain, snapshotPlain } from '../src/clone-plain.js';
import { createMemoryProvider } from '../src/index.js';
import { stableFingerprint } from '../src/stable-fingerprint.js';
import { createTestClock } from '../src/test-clock.js';
import { seedOpenInvoice } from './support/seed-open-invoice.js';

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe('snapshotPlain and clonePlain', () => {
  it('snapshotPlain makes a deep, frozen copy and keeps non-plain values by reference', () => {
    const error = new Error('kept');
    const source = { a: 1, nested: { list: [{ b: 2 }], note: null }, error };
    const snapshot = snapshotPlain(source);
    expect(snapshot).toEqual(source);
    expect(snapshot).not.toBe(source);
    expect(snapshot.nested.list[0]).not.toBe(source.nested.list[0]);
    expect(Object.isFrozen(snapshot.nested.list[0])).toBe(true);
    expect(snapshot.error).toBe(error);
    source.nested.list[0]!.b = 3;
    expect(snapshot.nested.list[0]!.b).toBe(2);
  });

  it('both share frozen parts instead of copying them, and copy everything else', () => {
    const frozen = snapshotPlain({ deep: { value: 1 } });
    const mixed = { frozen, open: { value: 2 } };
    expect(snapshotPlain(mixed).frozen).toBe(frozen);
    const copy = clonePlain(mixed);
    expect(copy.frozen).toBe(frozen);
    expect(copy.open).not.toBe(mixed.open);
    expect(Object.isFrozen(copy)).toBe(false);
    expect(Object.isFrozen(copy.open)).toBe(false);
  });
});

describe('keys named like Object.prototype members', () => {
  const withProto = () => JSON.parse('{"__proto__":{"isAdmin":true},"constructor":"c","a":"1"}');
  it('snapshotPlain and clonePlain keep __proto__ as an own key and the copy a plain object', () => {
    for (const copy of [clonePlain(withProto()), snapshotPlain(withProto())]) {
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(Object.keys(copy)).toEqual(['__proto__', 'constructor', 'a']);
      expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ isAdmin: true });
      expect((copy as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    }
  });
  it('stableFingerprint tells inputs apart by a __proto__ key', () => {
    const fingerprints = ['{"__proto__":"a"}', '{"__proto__":"b"}', '{}'].map((text) =>
      stableFingerprint(JSON.parse(text)),
    );
    expect(new Set(fingerprints).size).toBe(3);
  });
  it('a metadata update keeps __proto__ and constructor keys, on the invoice the client reads', async () => {
    const provider = createMemoryProvider({ flavor: 'stripe' });
    const client = createBillingClient({ provider });
    provider.createCustomer({ id: 'cus_proto', currency: 'usd' });
    const draft = provider.createInvoice({ customerId: 'cus_proto', lines: [{ amount: 500 }] });
    provider.state.invoices.updateMetadata(
      draft.id,
      JSON.parse('{"__proto__":"order-42","constructor":"c"}'),
    );
    const invoice = await client.getInvoice(draft.id);
    expect(Object.entries(invoice.metadata)).toEqual([
      ['__proto__', 'order-42'],
      ['constructor', 'c'],
    ]);
  });
});

describe('the memory provider hands out frozen raw snapshots', () => {
  const seeded = seedOpenInvoice;

  it('raw is deep-frozen and does not follow later changes of the invoice', async () => {
    const { client, invoice } = seeded();
    expect(isDeepFrozen(invoice.raw)).toBe(true);
    expect(() => {
      (invoice.raw as { status: string }).status = 'paid';
    }).toThrow(TypeError);
    await client.voidInvoice(invoice.id);
    expect((invoice.raw as { status: string }).status).toBe('open');
  });

  it('a replay is the first result again, whatever the caller did to the first one', async () => {
    const { client, invoice } = seeded();
    const first = await client.voidInvoice(invoice.id, { idempotencyKey: 'snap-1', reasonCode: 'dup' });
    const expected = structuredClone({ ...first, raw: null, invoice: { ...first.invoice, raw: null } });
    // The caller scribbles on everything it may change.
    first.invoice.total.amount = 1;
    first.invoice.metadata.billbridge_void_reason_code = 'changed';
    first.warnings.push({ code: 'reconciled', message: 'added by the caller' });
    if (first.balanceReturned) first.balanceReturned.amount = 7;
    const replay = await client.voidInvoice(invoice.id, { idempotencyKey: 'snap-1', reasonCode: 'dup' });
    expect(replay.replayed).toBe(true);
    expect({ ...replay, replayed: false, raw: null, invoice: { ...replay.invoice, raw: null } }).toEqual(
      expected,
    );
    expect(replay.raw).toBe(replay.invoice.raw);
    expect((replay.invoice.raw as { status: string }).status).toBe('void');
    // What a replay hands out is the caller's to change, like a first result.
    expect(Object.isFrozen(replay.warnings)).toBe(false);
    expect(Object.isFrozen(replay.invoice)).toBe(false);
  });

  it('a Chargebee void replays its credit note too', async () => {
    const { client, invoice } = seeded({ flavor: 'chargebee', voidCreatesCreditNote: true });
    const first = await client.voidInvoice(invoice.id, { idempotencyKey: 'snap-cb' });
    expect(first.creditNote?.total.amount).toBe(1500);
    const replay = await client.voidInvoice(invoice.id, { idempotencyKey: 'snap-cb' });
    expect(replay.creditNote).toEqual(first.creditNote);
    expect(replay.balanceReturned).toEqual(first.balanceReturned);
  });

  it('the idempotency record compares the input as it was sent, not as the caller changed it later', async () => {
    const { provider, invoice } = seeded();
    const request = { invoiceId: invoice.id, appliedBalance: 'return' as const, comment: 'first' };
    await provider.doVoidInvoice(request, { idempotencyKey: 'snap-2', attempt: 1 });
    request.comment = 'changed after the call';
    expect(Object.isFrozen(provider.calls.at(-1)?.input)).toBe(true);
    const replay = await provider.doVoidInvoice(
      { invoiceId: invoice.id, appliedBalance: 'return', comment: 'first' },
      { idempotencyKey: 'snap-2', attempt: 1 },
    );
    expect(replay.replayed).toBe(true);
    await expect(provider.doVoidInvoice(request, { idempotencyKey: 'snap-2', attempt: 1 })).rejects.toThrow(
      /already used with different input/,
    );
  });
});

describe('test clock', () => {
  it('nowIso is now().toISOString(), the same string while the clock stands still', () => {
    const clock = createTestClock();
    const first = clock.nowIso();
    expect(first).toBe(clock.now().toISOString());
    expect(clock.nowIso()).toBe(first);
    clock.advance(1);
    expect(clock.nowIso()).toBe('2026-01-01T00:00:00.001Z');
    clock.set(new Date('2030-05-06T07:08:09.010Z'));
    expect(clock.nowIso()).toBe('2030-05-06T07:08:09.010Z');
  });

  it('follows an injected now()', () => {
    let ms = Date.UTC(2027, 0, 2);
    const clock = createTestClock(() => new Date(ms));
    expect(clock.nowIso()).toBe('2027-01-02T00:00:00.000Z');
    ms += 60_000;
    expect(clock.nowIso()).toBe('2027-01-02T00:01:00.000Z');
  });
});
