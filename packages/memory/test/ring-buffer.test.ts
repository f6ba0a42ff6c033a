import { describe, expect, it } from 'vitest';
import { createRingBuffer } from '../src/ring-buffer.js';

describe('ring buffer', () => {
  it('keeps the last `capacity` items, oldest first, and says what it dropped', () => {
    const ring = createRingBuffer<number>(3);
    expect([ring.push(1), ring.push(2), ring.push(3)]).toEqual([undefined, undefined, undefined]);
    expect(ring.push(4)).toBe(1);
    expect(ring.toArray()).toEqual([2, 3, 4]);
    expect(ring.oldest()).toBe(2);
    ring.dropOldest();
    ring.push(5);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    ring.push(6);
    expect([ring.toArray(), ring.size]).toEqual([[4, 5, 6], 3]);
  });

  it('hands out one array until the next change', () => {
    const ring = createRingBuffer<string>(2);
    ring.push('a');
    const first = ring.toArray();
    expect(ring.toArray()).toBe(first);
    ring.push('b');
    expect(ring.toArray()).not.toBe(first);
    expect(first).toEqual(['a']);
  });

  it('keeps nothing at capacity 0, and refuses a bad capacity', () => {
    const ring = createRingBuffer<number>(0);
    expect(ring.push(1)).toBe(1);
    expect(ring.toArray()).toEqual([]);
    expect(() => createRingBuffer(-1)).toThrow(RangeError);
    expect(() => createRingBuffer(1.5)).toThrow(RangeError);
  });

  it('empties on clear and on dropping every item', () => {
    const ring = createRingBuffer<number>(2);
    ring.push(1);
    ring.dropOldest();
    ring.dropOldest();
    expect([ring.toArray(), ring.size, ring.oldest()]).toEqual([[], 0, undefined]);
    ring.push(2);
    ring.push(3);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
  });
});
