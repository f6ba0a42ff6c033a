import { BILLING_EVENT_TYPES, type BillingEventType } from './billing-event.js';
import type { Capabilities } from './capabilities.js';

/** The normalized event types Chargebee's webhooks deliver (`capabilities.webhooks.events`): all of them. */
export const CHARGEBEE_WEBHOOK_EVENTS: readonly BillingEventType[] = BILLING_EVENT_TYPES;

/**
 * What the Chargebee adapter can do (DESIGN §6).
 *
 * - A void always gives applied promotional credits back (`appliedBalance: ['return']`).
 * - `void_reason_code` and `comment` are native void parameters.
 * - A paid invoice can be credited to the customer (a `refundable` credit note whose amount stays
 *   available as refundable credits). Refunds and out-of-band settlements are separate Chargebee
 *   calls (`/credit_notes/{id}/refund`, `/record_refund`) that this adapter does not make, so they
 *   are not declared: asking for them is an `UnsupportedOptionError`, not a silent no-op.
 * - No subscription-level "consume on void" switch exists: `false` is native, `true` impossible.
 */
export function chargebeeCapabilities(options: { voidCreatesCreditNote: boolean }): Capabilities {
  return {
    voidInvoice: {
      appliedBalance: ['return'],
      reasonCode: 'native',
      comment: 'native',
      creditNoteOnVoid: options.voidCreatesCreditNote,
    },
    creditNotes: {
      paidSettlement: ['credit_balance'],
      nativeReason: false,
      appliedBalanceCreditable: false,
    },
    subscriptionBalanceSettings: {
      consumeAppliedBalanceOnVoid: [false],
    },
    webhooks: { events: CHARGEBEE_WEBHOOK_EVENTS },
  };
}
