import { IdempotencyConflictError } from '@billbridge/core';
import { createRingBuffer } from '../ring-buffer.js';
import { stableFingerprint } from '../stable-fingerprint.js';
import type { TestClock } from '../test-clock.js';

/**
 * Stripe prunes an idempotency key once it is at least 24 hours old and treats a reused pruned key
 * as a new request (https://docs.stripe.com/idempotency).
 */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** At most this many keys are remembered; the oldest is forgotten first. */
export const DEFAULT_IDEMPOTENCY_RECORDS = 100_000;

/** `input` is a frozen snapshot: it is compared (by fingerprint) only when the key comes back. */
interface Stored {
  key: string;
  operation: string;
  input: unknown;
  value: unknown;
  /** The state clock's epoch ms when saved. */
  savedAt: number;
  /** Set when the key was saved again (after it expired): the ring's old record must not drop the new one. */
  superseded: boolean;
}

/** Stable JSON with sorted keys, so the same input always gives the same fingerprint. */
export function fingerprint(operation: string, input: unknown): string {
  return stableFingerprint([operation, input]);
}

export interface IdempotencyLimits {
  /** How many keys are kept at most (default 100 000); the oldest is dropped first. */
  maxRecords?: number;
  /** How long a key is kept, by the state clock (default 24 hours, as Stripe keeps them). */
  ttlMs?: number;
}

/**
 * The memory state's idempotency keys: the result stored per key, bounded in number and age, and refused
 * for another operation or input.
 */
export interface IdempotencyRecords {
  /** The stored result for this key, or `undefined` when the key is new or expired. Throws on a conflict. */
  lookup(key: string, operation: string, input: unknown): { value: unknown } | undefined;
  /**
   * Remembers `value` for `key`, which `lookup` just found new or expired (as `operate` calls it).
   * `input` must not change afterwards (pass a frozen snapshot).
   */
  save(key: string, operation: string, input: unknown, value: unknown): void;
  clear(): void;
  /** How many keys are remembered now (expired ones may still count until they are next looked at). */
  readonly size: number;
}

/**
 * Results of mutating calls by idempotency key, like the providers keep them: the same key with the
 * same input gets the first result again; with other input (or another operation) it is refused.
 * Inputs and values are kept as given: the caller stores snapshots nobody can change (see `operate`).
 * Fingerprints are made only when a key is used again, not on every first call.
 *
 * Bounded (issue 12): at most `maxRecords` keys, each for `ttlMs` by the state clock. Keys are kept
 * in a ring in the order they were saved, so dropping the oldest (when full or expired) costs no
 * allocation and no scan; a key that expired is forgotten when it is next looked up or reaches the
 * front of the ring.
 */
export function createIdempotencyRecords(
  provider: string,
  clock: TestClock,
  limits: IdempotencyLimits = {},
): IdempotencyRecords {
  const maxRecords = limits.maxRecords ?? DEFAULT_IDEMPOTENCY_RECORDS;
  const ttlMs = limits.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  const records = new Map<string, Stored>();
  const order = createRingBuffer<Stored>(maxRecords);
  const forget = (stored: Stored) => {
    // The ring may still hold a record whose key was saved again since; only the current one goes.
    if (!stored.superseded) records.delete(stored.key);
  };
  return {
    lookup(key, operation, input) {
      const stored = records.get(key);
      if (!stored) return undefined;
      if (clock.nowMs() - stored.savedAt >= ttlMs) {
        records.delete(key);
        // Its slot in the ring must not drop the record the caller is about to save for the key.
        stored.superseded = true;
        return undefined;
      }
      if (fingerprint(stored.operation, stored.input) !== fingerprint(operation, input)) {
        throw new IdempotencyConflictError({
          message: `idempotency key ${JSON.stringify(key)} was already used with different input`,
          provider,
          status: 400,
        });
      }
      return { value: stored.value };
    },
    save(key, operation, input, value) {
      if (maxRecords === 0) return;
      const savedAt = clock.nowMs();
      for (
        let oldest = order.oldest();
        oldest && savedAt - oldest.savedAt >= ttlMs;
        oldest = order.oldest()
      ) {
        forget(oldest);
        order.dropOldest();
      }
      const stored: Stored = { key, operation, input, value, savedAt, superseded: false };
      records.set(key, stored);
      const dropped = order.push(stored);
      if (dropped) forget(dropped);
    },
    clear() {
      records.clear();
      order.clear();
    },
    get size() {
      return records.size;
    },
  };
}
