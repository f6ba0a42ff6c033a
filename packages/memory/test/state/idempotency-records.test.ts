import { IdempotencyConflictError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { createIdempotencyRecords } from '../../src/state/idempotency-records.js';
import { createTestClock } from '../../src/test-clock.js';

describe('state: idempotency records, bounded', () => {
  it('replays the same key with the same input and refuses other input', () => {
    const records = createIdempotencyRecords('memory', createTestClock());
    records.save('k', 'voidInvoice', { invoiceId: 'in_1' }, 'first');
    expect(records.lookup('k', 'voidInvoice', { invoiceId: 'in_1' })).toEqual({ value: 'first' });
    expect(() => records.lookup('k', 'voidInvoice', { invoiceId: 'in_2' })).toThrow(IdempotencyConflictError);
    expect(() => records.lookup('k', 'getInvoice', { invoiceId: 'in_1' })).toThrow(IdempotencyConflictError);
    expect(records.lookup('other', 'voidInvoice', {})).toBeUndefined();
  });

  it('keeps at most maxRecords keys, dropping the oldest first', () => {
    const records = createIdempotencyRecords('memory', createTestClock(), { maxRecords: 3 });
    for (let index = 1; index <= 5; index++) records.save(`k${index}`, 'op', { index }, index);
    expect(records.size).toBe(3);
    expect(records.lookup('k1', 'op', { index: 1 })).toBeUndefined();
    expect(records.lookup('k2', 'op', { index: 2 })).toBeUndefined();
    for (const index of [3, 4, 5])
      expect(records.lookup(`k${index}`, 'op', { index })).toEqual({ value: index });
  });

  it('forgets a key after the TTL by the state clock (default 24 hours)', () => {
    const clock = createTestClock();
    const records = createIdempotencyRecords('memory', clock);
    records.save('day-old', 'op', {}, 1);
    clock.advance(24 * 60 * 60 * 1000 - 1);
    records.save('fresh', 'op', {}, 2);
    expect(records.lookup('day-old', 'op', {})).toEqual({ value: 1 });
    clock.advance(1);
    expect(records.lookup('day-old', 'op', {})).toBeUndefined();
    // Once forgotten, the key may be used again, even with other input.
    records.save('day-old', 'op', { other: true }, 3);
    expect(records.lookup('day-old', 'op', { other: true })).toEqual({ value: 3 });
    expect(records.lookup('fresh', 'op', {})).toEqual({ value: 2 });
  });

  it('drops expired keys from the front as new ones are saved', () => {
    const clock = createTestClock();
    const records = createIdempotencyRecords('memory', clock, { ttlMs: 1000 });
    for (let index = 0; index < 10; index++) records.save(`old${index}`, 'op', {}, index);
    clock.advance(1000);
    records.save('new', 'op', {}, 'new');
    expect(records.size).toBe(1);
  });

  it('a key saved again is not dropped with its first record', () => {
    const clock = createTestClock();
    const records = createIdempotencyRecords('memory', clock, { maxRecords: 2, ttlMs: 1000 });
    records.save('a', 'op', {}, 1);
    clock.advance(1000);
    expect(records.lookup('a', 'op', {})).toBeUndefined();
    records.save('a', 'op', {}, 2);
    records.save('b', 'op', {}, 3);
    expect(records.lookup('a', 'op', {})).toEqual({ value: 2 });
    expect(records.lookup('b', 'op', {})).toEqual({ value: 3 });
  });
});
