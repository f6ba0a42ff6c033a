import { createRingBuffer } from '../ring-buffer.js';
import type { TestClock } from '../test-clock.js';

/** Every change the state makes, by resource: what webhooks are built from. */
export type StateChangeType =
  | 'customer.created'
  /** Descriptive fields, the currency or a ledger entry's description changed (no money moved). */
  | 'customer.updated'
  | 'customer.balance_changed'
  | 'subscription.created'
  | 'subscription.balance_settings_changed'
  | 'subscription.updated'
  | 'invoice.created'
  | 'invoice.line_added'
  /** A line of a draft changed or was removed (a Stripe invoice item updated or deleted). */
  | 'invoice.lines_changed'
  | 'invoice.updated'
  | 'invoice.deleted'
  | 'invoice_item.created'
  | 'invoice_item.updated'
  | 'invoice_item.deleted'
  | 'invoice.finalized'
  | 'invoice.payment_recorded'
  | 'invoice.paid'
  | 'invoice.marked_uncollectible'
  /** A paid invoice is open again (an adjustment credit note that settled it was voided). */
  | 'invoice.reopened'
  | 'invoice.voided'
  | 'credit_note.created'
  | 'credit_note.voided';

/** One state change: what happened to which object, when. */
export interface StateChange {
  /** 1, 2, 3, … in the order the changes happened (restarts at 1 after `reset`). */
  seq: number;
  type: StateChangeType;
  /** The customer, subscription, invoice or credit note that changed (by the type's first word). */
  objectId: string;
  /** The state clock's ISO time of the change. */
  at: string;
}

/** A listener of `StateEvents.subscribe`: called synchronously with each change after it is complete. */
export type StateChangeListener = (change: StateChange) => void;

/**
 * The memory state's change log: records each change, keeps the last ones, and tells subscribed listeners
 * synchronously.
 */
export interface StateEvents {
  /** Called by the resource modules on every change, once the change is complete. */
  // So a listener that reads the state sees it. Allocates nothing while no listener is subscribed.
  record(type: StateChangeType, objectId: string): void;
  /** The changes kept (the last `limits.events`), oldest first. */
  list(): StateChange[];
  /**
   * Calls `listener` synchronously with each later change; returns the unsubscribe function.
   * A listener must not change the state.
   */
  subscribe(listener: StateChangeListener): () => void;
  /** How many changes were recorded since the start or the last `clear`, kept or not. */
  readonly recorded: number;
  clear(): void;
}

/**
 * The append-only log of state changes, bounded to `keep` (oldest dropped first). The log is kept
 * as three parallel ring buffers of strings that already exist (the type constant, the object's
 * id, the clock's cached ISO string), so recording a change allocates nothing on the hot void path;
 * `StateChange` objects are made only when read or when a listener is subscribed.
 */
export function createStateEvents(clock: TestClock, keep: number): StateEvents {
  const types = createRingBuffer<StateChangeType>(keep);
  const objectIds = createRingBuffer<string>(keep);
  const ats = createRingBuffer<string>(keep);
  // Replaced, never edited, on (un)subscribe: a listener that unsubscribes while being called
  // does not disturb the loop over the array that was current when the change was recorded.
  let listeners: readonly StateChangeListener[] = [];
  let recorded = 0;
  return {
    record(type, objectId) {
      recorded += 1;
      const at = clock.nowIso();
      types.push(type);
      objectIds.push(objectId);
      ats.push(at);
      if (listeners.length === 0) return;
      // Frozen, so every listener can be handed the same one.
      const change: StateChange = Object.freeze({ seq: recorded, type, objectId, at });
      for (const listener of listeners) listener(change);
    },
    list() {
      const kept = types.toArray();
      const ids = objectIds.toArray();
      const times = ats.toArray();
      const firstSeq = recorded - kept.length + 1;
      return kept.map((type, index) => ({
        seq: firstSeq + index,
        type,
        objectId: ids[index] as string,
        at: times[index] as string,
      }));
    },
    subscribe(listener) {
      listeners = [...listeners, listener];
      return () => {
        const index = listeners.indexOf(listener);
        if (index >= 0) listeners = [...listeners.slice(0, index), ...listeners.slice(index + 1)];
      };
    },
    get recorded() {
      return recorded;
    },
    clear() {
      types.clear();
      objectIds.clear();
      ats.clear();
      recorded = 0;
    },
  };
}
