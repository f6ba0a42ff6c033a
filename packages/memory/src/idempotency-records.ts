import { IdempotencyConflictError } from '@billbridge/core';

/** `input` is a frozen snapshot: it is compared (by fingerprint) only when the key comes back. */
type Stored = { operation: string; input: unknown; value: unknown };

/** `value` with every object's keys in sorted order (arrays keep theirs). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** Stable JSON with sorted keys, so the same input always gives the same fingerprint. */
export function fingerprint(operation: string, input: unknown): string {
  return JSON.stringify([operation, sortKeys(input)]);
}

/**
 * Results of mutating calls by idempotency key, like the providers keep them: the same key with the
 * same input gets the first result again; with other input (or another operation) it is refused.
 * Inputs and values are kept as given: the caller stores snapshots nobody can change (see `operate`).
 * Fingerprints are made only when a key is used again, not on every first call.
 */
export function createIdempotencyRecords(provider: string) {
  const records = new Map<string, Stored>();
  return {
    /** The stored result for this key, or `undefined` when the key is new. Throws on a conflict. */
    lookup(key: string, operation: string, input: unknown): { value: unknown } | undefined {
      const stored = records.get(key);
      if (!stored) return undefined;
      if (fingerprint(stored.operation, stored.input) !== fingerprint(operation, input)) {
        throw new IdempotencyConflictError({
          message: `idempotency key ${JSON.stringify(key)} was already used with different input`,
          provider,
          status: 400,
        });
      }
      return { value: stored.value };
    },
    /** `input` must not change afterwards (pass a frozen snapshot). */
    save(key: string, operation: string, input: unknown, value: unknown) {
      records.set(key, { operation, input, value });
    },
    clear() {
      records.clear();
    },
    get size() {
      return records.size;
    },
  };
}
