import type { BillingEventType } from './billing-event.js';

/**
 * Stripe event types billbridge normalizes; every other type is `other` (DESIGN §13). In core
 * (no SDK) so that `stripeCapabilities` can name them without loading the adapter.
 */
export const STRIPE_EVENT_TYPES: Readonly<Record<string, BillingEventType>> = {
  'invoice.finalized': 'invoice.finalized',
  'invoice.paid': 'invoice.paid',
  'invoice.voided': 'invoice.voided',
  'invoice.marked_uncollectible': 'invoice.marked_uncollectible',
  'credit_note.created': 'credit_note.created',
  'credit_note.voided': 'credit_note.voided',
  'customer.balance_transaction.created': 'customer_balance.changed',
};

/** The normalized event types Stripe's webhooks deliver (`capabilities.webhooks.events`). */
export const STRIPE_WEBHOOK_EVENTS: readonly BillingEventType[] = [
  ...new Set([...Object.values(STRIPE_EVENT_TYPES), 'other' as const]),
];
