import type { EmulatorResponse } from './emulator-exchange.js';

/** How long the providers keep an idempotent result: Stripe says 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface StoredResult {
  fingerprint: string;
  response: EmulatorResponse;
  savedAtMs: number;
}

/**
 * Idempotent results per provider, account and key, kept 24 hours (on the emulator's clock, so a
 * test can let them expire) and bounded in number: stripe-node 23 puts a key on every POST, so a
 * long bulk run would otherwise grow this without end. The oldest go first.
 */
export function createIdempotencyStore(options: { nowMs: () => number; maxEntries?: number }) {
  const maxEntries = options.maxEntries ?? 100_000;
  const results = new Map<string, StoredResult>();
  const scoped = (provider: string, account: string, key: string) =>
    `${provider}\u0000${account}\u0000${key}`;
  return {
    /** `replay` for a key seen with the same request, `conflict` with another, `new` otherwise. */
    lookup(
      provider: string,
      account: string,
      key: string,
      fingerprint: string,
    ): { kind: 'new' } | { kind: 'replay'; response: EmulatorResponse } | { kind: 'conflict' } {
      const id = scoped(provider, account, key);
      const stored = results.get(id);
      if (!stored) return { kind: 'new' };
      if (options.nowMs() - stored.savedAtMs > IDEMPOTENCY_TTL_MS) {
        results.delete(id);
        return { kind: 'new' };
      }
      return stored.fingerprint === fingerprint
        ? { kind: 'replay', response: stored.response }
        : { kind: 'conflict' };
    },
    save(provider: string, account: string, key: string, fingerprint: string, response: EmulatorResponse) {
      results.set(scoped(provider, account, key), { fingerprint, response, savedAtMs: options.nowMs() });
      if (results.size > maxEntries) {
        const oldest = results.keys().next().value;
        if (oldest !== undefined) results.delete(oldest);
      }
    },
    clear() {
      results.clear();
    },
    get size() {
      return results.size;
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
