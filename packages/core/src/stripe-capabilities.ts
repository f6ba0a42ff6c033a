import type { Capabilities } from './capabilities.js';
import { stripeReturnsBalanceOnVoid } from './stripe-api-version.js';
import { STRIPE_WEBHOOK_EVENTS } from './stripe-webhook-events.js';

/**
 * What the Stripe adapter can honour at an API version (DESIGN §3.1, §3.2, §6). From 2019-12-03
 * Stripe always returns applied balance on void and has no switch to consume it.
 */
export function stripeCapabilities(
  apiVersion: string,
  options: { recordVoidReasonAsMetadata?: boolean } = {},
): Capabilities {
  const returnsBalance = stripeReturnsBalanceOnVoid(apiVersion);
  const text = options.recordVoidReasonAsMetadata === false ? 'none' : 'metadata';
  return {
    voidInvoice: {
      appliedBalance: returnsBalance ? ['return'] : ['return', 'consume'],
      reasonCode: text,
      comment: text,
      creditNoteOnVoid: false,
    },
    creditNotes: {
      paidSettlement: ['credit_balance', 'refund', 'out_of_band'],
      nativeReason: true,
      appliedBalanceCreditable: true,
    },
    subscriptionBalanceSettings: {
      consumeAppliedBalanceOnVoid: returnsBalance ? [false] : [false, true],
    },
    webhooks: { events: STRIPE_WEBHOOK_EVENTS },
  };
}
