/**
 * Where webhook deliveries are claimed, so that an event delivered more than once (deliveries
 * come at least once, retried for days) is handled once (DESIGN §13). Keys are
 * `provider:accountId:eventId`.
 *
 * `claim` and `release` are the contract. `complete` and `state` are optional: a store that has
 * them lets `createWebhookHandler` keep a short lease while `onEvent` runs (so a crash mid-event
 * does not block the provider's retries for days) and tell a finished duplicate (200) from one
 * still in flight (409, so the provider retries it). Both stores billbridge ships have them.
 */
export interface DedupeStore {
  /** Claims `key` for `ttlMs`: `true` when nobody holds it (or their claim expired), `false` otherwise. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back (the event was not handled, so its retry must be). */
  release(key: string): Promise<void>;
  /** Marks a claimed key as handled, to be remembered for `ttlMs` from now. */
  complete?(key: string, ttlMs: number): Promise<void>;
  /** Whether `key` is held, and by a delivery still being handled or by one that finished. */
  state?(key: string): Promise<DedupeState | undefined>;
}

/** A held claim: `in_flight` while `onEvent` runs, `completed` once it returned. */
export type DedupeState = 'in_flight' | 'completed';

/** How long a handled event is remembered unless told otherwise: 7 days (Chargebee retries for ~3.5, Stripe for 3). */
export const DEFAULT_DEDUPE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
