/**
 * Where webhook deliveries are claimed, so that an event delivered more than once (deliveries
 * come at least once, retried for days) is handled once (DESIGN §13). Keys are
 * `provider:accountId:eventId`.
 *
 * `claim` and `release` are the contract. `complete` and `state` are optional: a store that has
 * them lets `createWebhookHandler` keep a short lease while `onEvent` runs (so a crash mid-event
 * does not block the provider's retries for days) and tell a finished duplicate (200) from one
 * still in flight (409, so the provider retries it). A store has both or neither
 * (`createWebhookHandler` refuses one alone). Both stores billbridge ships have them.
 */
export interface DedupeStore {
  /**
   * Claims `key` for `ttlMs`: `true` when nobody holds it (or their claim expired), `false` otherwise.
   * `owner` names the claimant (`createWebhookHandler` passes one per delivery) for `release`.
   */
  claim(key: string, ttlMs: number, owner?: string): Promise<boolean>;
  /**
   * Gives a claim back (the event was not handled, so its retry must be). Never forgets a key that
   * was completed. With `owner`, only that owner's claim goes: a delivery whose lease lapsed while
   * it ran must not release the claim another delivery took over since (both stores billbridge
   * ships do this; a store of your own may ignore `owner`, at that risk).
   */
  release(key: string, owner?: string): Promise<void>;
  /**
   * Marks a claimed key as handled, to be remembered for `ttlMs` from now (even when another
   * delivery took the lease over meanwhile: the event was handled). `owner` as for `claim`.
   */
  complete?(key: string, ttlMs: number, owner?: string): Promise<void>;
  /** Whether `key` is held, and by a delivery still being handled or by one that finished. */
  state?(key: string): Promise<DedupeState | undefined>;
}

/** A held claim: `in_flight` while `onEvent` runs, `completed` once it returned. */
export type DedupeState = 'in_flight' | 'completed';

/** How long a handled event is remembered unless told otherwise: 7 days (Chargebee retries for ~3.5, Stripe for 3). */
export const DEFAULT_DEDUPE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
