import type { ProviderCallContext } from './billing-provider.js';

/**
 * What a provider worked out from a read for a request (a credit note's amount when none was
 * given: what is left to credit), kept by the request's idempotency key for the requests sent again
 * under it. Read again after a first request that took effect, the value would change, and the
 * request sent again would carry another body under the same key: Stripe refuses that as an
 * idempotency conflict and Chargebee takes it as a new, wrong request, while the note exists.
 */
export interface AttemptMemo<T> {
  /**
   * The value for this request. A retry within a call gets what the call's first attempt worked
   * out, without a read. A new call reads (`read`) and keeps the result, unless the key already
   * kept a value for the same `scope` (e.g. the invoice) and the read shows less left than then
   * (`left`): the key's earlier request may have taken it, so it is sent again as it was, for the
   * provider to answer from its idempotency record. When as much is left, the earlier request did
   * not take effect and the fresh read is the truth (the invoice may have been paid meanwhile).
   */
  resolve(
    context: ProviderCallContext,
    scope: string,
    read: () => Promise<T>,
    left: (value: T) => number,
  ): Promise<T>;
}

/**
 * An `AttemptMemo` holding the newest `limit` keys (default 1 000), each for `maxAgeMs`: how long
 * the provider keeps a key (Stripe 24 hours, Chargebee 30 minutes; past that the same body would be
 * a new request).
 */
export function createAttemptMemo<T>(options: { maxAgeMs: number; limit?: number }): AttemptMemo<T> {
  const limit = options.limit ?? 1_000;
  // `settled`: the call now running under the key has worked out its value (its first attempt's
  // read came back). A new call unsettles the entry until its own read does, so a retry after a
  // failed first read reads as well, instead of taking an earlier call's value unread.
  const kept = new Map<string, { scope: string; value: T; at: number; settled: boolean }>();
  return {
    async resolve(context, scope, read, left) {
      const key = context.idempotencyKey;
      if (key === undefined) return read();
      const entry = kept.get(key);
      const earlier =
        entry !== undefined && entry.scope === scope && Date.now() - entry.at <= options.maxAgeMs
          ? entry
          : undefined;
      if (earlier && context.attempt > 1 && earlier.settled) return earlier.value;
      if (earlier && context.attempt === 1) earlier.settled = false;
      const fresh = await read();
      if (earlier && left(fresh) < left(earlier.value)) {
        earlier.settled = true;
        return earlier.value;
      }
      kept.delete(key);
      kept.set(key, { scope, value: fresh, at: Date.now(), settled: true });
      if (kept.size > limit) kept.delete(kept.keys().next().value as string);
      return fresh;
    },
  };
}
