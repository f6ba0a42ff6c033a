import { IdempotencyConflictError } from '@billbridge/core';
import { clonePlain } from './clone-plain.js';

type Stored = { fingerprint: string; value: unknown };

/** Stable JSON with sorted keys, so the same input always gives the same fingerprint. */
export function fingerprint(operation: string, input: unknown): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sort((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return JSON.stringify([operation, sort(input)]);
}

/**
 * Results of mutating calls by idempotency key, like the providers keep them: the same key with the
 * same input gets the first result again; with other input (or another operation) it is refused.
 */
export function createIdempotencyRecords(provider: string) {
  const records = new Map<string, Stored>();
  return {
    /** The stored result for this key, or `undefined` when the key is new. Throws on a conflict. */
    lookup(key: string, operation: string, input: unknown): { value: unknown } | undefined {
      const stored = records.get(key);
      if (!stored) return undefined;
      if (stored.fingerprint !== fingerprint(operation, input)) {
        throw new IdempotencyConflictError({
          message: `idempotency key ${JSON.stringify(key)} was already used with different input`,
          provider,
          status: 400,
        });
      }
      return { value: clonePlain(stored.value) };
    },
    save(key: string, operation: string, input: unknown, value: unknown) {
      records.set(key, { fingerprint: fingerprint(operation, input), value: clonePlain(value) });
    },
    clear() {
      records.clear();
    },
    get size() {
      return records.size;
    },
  };
}
