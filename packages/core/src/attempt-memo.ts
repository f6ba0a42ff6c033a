import type { ProviderCallContext } from './billing-provider.js';

/**
 * What a provider worked out for a request, kept by its idempotency key for the requests sent again
 * under that key: the call's own retries, and a later call the caller makes with the same key (a
 * retry of its own after an unknown outcome). A value the provider derives from a read (a credit
 * note's amount when none was given: what is left to credit) changes once the first request took
 * effect; a request that read it again would send another body under the same key, which Stripe
 * refuses as an idempotency conflict and Chargebee takes as a new, wrong request, while the note
 * exists. A request sent again must send what the first sent. Holds the newest `limit` keys, each
 * for `maxAgeMs` (Chargebee keeps a key 30 minutes: past that the same body would be a new request).
 */
export interface AttemptMemo<T> {
  /** The value kept under the call's idempotency key for the same `scope` (e.g. the invoice), else `undefined`. */
  recall(context: ProviderCallContext, scope: string): T | undefined;
  /** Keeps `value` under the call's idempotency key for `scope` (nothing without a key). */
  keep(context: ProviderCallContext, scope: string, value: T): void;
}

/** An `AttemptMemo` holding the newest `limit` keys (default 1 000), each for `maxAgeMs` (default 30 minutes). */
export function createAttemptMemo<T>(limit = 1_000, maxAgeMs = 30 * 60_000): AttemptMemo<T> {
  const kept = new Map<string, { scope: string; value: T; at: number }>();
  return {
    recall(context, scope) {
      if (context.idempotencyKey === undefined) return undefined;
      const entry = kept.get(context.idempotencyKey);
      if (entry === undefined || entry.scope !== scope || Date.now() - entry.at > maxAgeMs) return undefined;
      return entry.value;
    },
    keep(context, scope, value) {
      if (context.idempotencyKey === undefined) return;
      kept.delete(context.idempotencyKey);
      kept.set(context.idempotencyKey, { scope, value, at: Date.now() });
      if (kept.size > limit) kept.delete(kept.keys().next().value as string);
    },
  };
}
