import * as z from 'zod';
import type { DedupeState, DedupeStore } from './dedupe-store.js';
import { parseInput } from './parse-input.js';

const optionsSchema = z.strictObject({
  maxEntries: z.int().min(1).max(10_000_000).optional(),
  now: z
    .custom<() => number>((value) => typeof value === 'function', 'must be a function returning ms')
    .optional(),
});

/** Options of {@link createMemoryDedupeStore}. */
export type MemoryDedupeStoreOptions = z.input<typeof optionsSchema>;

/** A {@link DedupeStore} that can also say how many keys it holds. */
export interface MemoryDedupeStore extends Required<DedupeStore> {
  /** Keys held, expired ones not yet dropped included. */
  readonly size: number;
}

/**
 * A {@link DedupeStore} in this process's memory, bounded to `maxEntries` (default 10 000): past
 * the bound the oldest handled keys are forgotten first (so a very late duplicate would be handled
 * again). For one process and for tests; several instances need a shared store such as
 * `createPostgresDedupeStore`.
 */
export function createMemoryDedupeStore(options: MemoryDedupeStoreOptions = {}): MemoryDedupeStore {
  const parsed = parseInput(optionsSchema, options, { context: 'createMemoryDedupeStore' });
  const maxEntries = parsed.maxEntries ?? 10_000;
  const now = parsed.now ?? Date.now;
  const entries = new Map<string, { state: DedupeState; expiresAt: number; owner?: string | undefined }>();

  function live(key: string) {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function evict() {
    if (entries.size <= maxEntries) return;
    const at = now();
    // Expired or handled keys go first, oldest first; a key in flight only when nothing else is left.
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries) return;
      if (entry.expiresAt <= at || entry.state === 'completed') entries.delete(key);
    }
    for (const key of entries.keys()) {
      if (entries.size <= maxEntries) return;
      entries.delete(key);
    }
  }

  return {
    get size() {
      return entries.size;
    },
    async claim(key, ttlMs, owner) {
      if (live(key)) return false;
      entries.delete(key);
      entries.set(key, { state: 'in_flight', expiresAt: now() + ttlMs, owner });
      evict();
      return true;
    },
    async release(key, owner) {
      const entry = entries.get(key);
      if (entry?.state === 'in_flight' && (owner === undefined || entry.owner === owner)) entries.delete(key);
    },
    async complete(key, ttlMs) {
      entries.delete(key);
      entries.set(key, { state: 'completed', expiresAt: now() + ttlMs });
      evict();
    },
    async state(key) {
      return live(key)?.state;
    },
  };
}
