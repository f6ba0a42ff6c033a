import {
  chargebeeFlavor,
  createMemoryState,
  type MemoryStateSettings,
  stripeFlavor,
} from '../../src/index.js';

/** A Stripe-flavored state (today's rules unless `apiVersion` says otherwise). */
export function stripeState(apiVersion = '2026-10-28.endive', settings: Partial<MemoryStateSettings> = {}) {
  return createMemoryState({ flavor: stripeFlavor(apiVersion), ...settings });
}

export function chargebeeState(voidCreatesCreditNote = false, settings: Partial<MemoryStateSettings> = {}) {
  return createMemoryState({ flavor: chargebeeFlavor(voidCreatesCreditNote), ...settings });
}

/** The types of the changes recorded so far, oldest first. */
export const changeTypes = (state: ReturnType<typeof stripeState>) =>
  state.events.list().map((change) => change.type);
