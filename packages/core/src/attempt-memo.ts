import type { ProviderCallContext } from './billing-provider.js';

/**
 * What a provider worked out on a call's first attempt, kept by the call's idempotency key for its
 * retries. A value the provider derives from a read (a credit note's amount when none was given:
 * what is left to credit) changes once the first attempt took effect; a retry that read it again
 * would send another body under the same key, which Stripe refuses as an idempotency conflict and
 * Chargebee as a new, wrong request, while the note exists. A retry must send what the first
 * attempt sent. Holds the last `limit` keys (the attempts of one call come seconds apart).
 */
export interface AttemptMemo<T> {
  /** The value the call's first attempt kept, on a retry with the same key; else `undefined`. */
  recall(context: ProviderCallContext): T | undefined;
  /** Keeps `value` for the call's retries (nothing without an idempotency key). */
  keep(context: ProviderCallContext, value: T): void;
}

/** An `AttemptMemo` holding the newest `limit` keys (default 1 000). */
export function createAttemptMemo<T>(limit = 1_000): AttemptMemo<T> {
  const kept = new Map<string, T>();
  return {
    recall(context) {
      if (context.attempt <= 1 || context.idempotencyKey === undefined) return undefined;
      return kept.get(context.idempotencyKey);
    },
    keep(context, value) {
      if (context.idempotencyKey === undefined) return;
      kept.delete(context.idempotencyKey);
      kept.set(context.idempotencyKey, value);
      if (kept.size > limit) kept.delete(kept.keys().next().value as string);
    },
  };
}
