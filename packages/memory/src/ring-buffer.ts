/**
 * A first-in first-out buffer of at most `capacity` items: pushing into a full buffer drops the
 * oldest. Pushing allocates nothing once the buffer has filled (slots are overwritten in place),
 * which is why the memory provider's call log, state-change log and idempotency records use it on
 * the void path. `capacity` 0 keeps nothing.
 */
export interface RingBuffer<T> {
  /** Adds `item`; returns the oldest item it dropped to make room, if any. */
  push(item: T): T | undefined;
  /** The oldest item kept, or `undefined` when empty. */
  oldest(): T | undefined;
  /** Drops the oldest item. */
  dropOldest(): void;
  /** The items kept, oldest first: one array, reused until the next change. */
  toArray(): readonly T[];
  readonly size: number;
  readonly capacity: number;
  clear(): void;
}

export function createRingBuffer<T>(capacity: number): RingBuffer<T> {
  if (!Number.isSafeInteger(capacity) || capacity < 0) {
    throw new RangeError(`ring buffer capacity must be a non-negative integer, got ${capacity}`);
  }
  // Grows by push up to `capacity`, then stays that long; `head` is the oldest item's slot.
  const slots: (T | undefined)[] = [];
  let head = 0;
  let size = 0;
  let view: T[] | undefined;
  const slotAfter = (slot: number) => (slot + 1 === capacity ? 0 : slot + 1);
  return {
    push(item) {
      if (capacity === 0) return item;
      view = undefined;
      if (size < capacity) {
        const slot = (head + size) % capacity;
        if (slot === slots.length) slots.push(item);
        else slots[slot] = item;
        size += 1;
        return undefined;
      }
      const dropped = slots[head];
      slots[head] = item;
      head = slotAfter(head);
      return dropped;
    },
    oldest() {
      return size === 0 ? undefined : slots[head];
    },
    dropOldest() {
      if (size === 0) return;
      view = undefined;
      slots[head] = undefined;
      head = slotAfter(head);
      size -= 1;
    },
    toArray() {
      if (view) return view;
      const items: T[] = new Array(size);
      for (let index = 0; index < size; index++) items[index] = slots[(head + index) % capacity] as T;
      view = items;
      return items;
    },
    get size() {
      return size;
    },
    capacity,
    clear() {
      slots.length = 0;
      head = 0;
      size = 0;
      view = undefined;
    },
  };
}
