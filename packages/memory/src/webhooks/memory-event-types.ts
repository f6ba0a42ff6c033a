import type { BillingEventType } from '@billbridge/core';
import type { MemoryFlavorName } from '../memory-flavor.js';
import type { StateChangeType } from '../state/events.js';
import type { WebhookSnapshot } from './webhook-snapshot.js';

interface EventNames {
  stripe: string;
  chargebee: string;
  type: BillingEventType;
}

/**
 * The provider event each state change is delivered as, per flavor, and its normalized type (the
 * one the real adapter's `parseWebhook` gives that delivery; a test holds the two together).
 * Chargebee has no `invoice_voided`: a void, a payment and a write-off are `invoice_updated`.
 */
const NAMES: Readonly<Record<StateChangeType, EventNames>> = {
  'customer.created': { stripe: 'customer.created', chargebee: 'customer_created', type: 'other' },
  'customer.updated': { stripe: 'customer.updated', chargebee: 'customer_changed', type: 'other' },
  // Stripe reports a balance change as the customer's `customer.updated` (`balance` in
  // `previous_attributes`); the Stripe adapter types that `customer_balance.changed`.
  'customer.balance_changed': {
    stripe: 'customer.updated',
    chargebee: 'customer_changed',
    type: 'customer_balance.changed',
  },
  'subscription.created': {
    stripe: 'customer.subscription.created',
    chargebee: 'subscription_created',
    type: 'other',
  },
  'subscription.balance_settings_changed': {
    stripe: 'customer.subscription.updated',
    chargebee: 'subscription_changed',
    type: 'other',
  },
  'subscription.updated': {
    stripe: 'customer.subscription.updated',
    chargebee: 'subscription_changed',
    type: 'other',
  },
  'invoice.created': { stripe: 'invoice.created', chargebee: 'pending_invoice_created', type: 'other' },
  'invoice.line_added': { stripe: 'invoice.updated', chargebee: 'pending_invoice_updated', type: 'other' },
  'invoice.lines_changed': { stripe: 'invoice.updated', chargebee: 'pending_invoice_updated', type: 'other' },
  'invoice.updated': { stripe: 'invoice.updated', chargebee: 'invoice_updated', type: 'other' },
  'invoice.deleted': { stripe: 'invoice.deleted', chargebee: 'invoice_deleted', type: 'other' },
  // Stripe invoice items are their own resource; Chargebee has no such event (unbilled charges are nearest).
  'invoice_item.created': {
    stripe: 'invoiceitem.created',
    chargebee: 'unbilled_charges_created',
    type: 'other',
  },
  'invoice_item.updated': {
    stripe: 'invoiceitem.updated',
    chargebee: 'unbilled_charges_created',
    type: 'other',
  },
  'invoice_item.deleted': {
    stripe: 'invoiceitem.deleted',
    chargebee: 'unbilled_charges_deleted',
    type: 'other',
  },
  'invoice.finalized': {
    stripe: 'invoice.finalized',
    chargebee: 'invoice_generated',
    type: 'invoice.finalized',
  },
  'invoice.payment_recorded': { stripe: 'invoice.updated', chargebee: 'invoice_updated', type: 'other' },
  'invoice.paid': { stripe: 'invoice.paid', chargebee: 'invoice_updated', type: 'invoice.paid' },
  'invoice.marked_uncollectible': {
    stripe: 'invoice.marked_uncollectible',
    chargebee: 'invoice_updated',
    type: 'invoice.marked_uncollectible',
  },
  'invoice.reopened': { stripe: 'invoice.updated', chargebee: 'invoice_updated', type: 'other' },
  'invoice.voided': { stripe: 'invoice.voided', chargebee: 'invoice_updated', type: 'invoice.voided' },
  'credit_note.created': {
    stripe: 'credit_note.created',
    chargebee: 'credit_note_created',
    type: 'credit_note.created',
  },
  'credit_note.voided': {
    stripe: 'credit_note.voided',
    chargebee: 'credit_note_updated',
    type: 'credit_note.voided',
  },
};

/** The provider's name for a state change and billbridge's type for it. */
export function memoryEventNames(
  flavor: MemoryFlavorName,
  snapshot: WebhookSnapshot,
): { providerType: string; type: BillingEventType } {
  const names = NAMES[snapshot.change.type];
  if (flavor === 'stripe') return { providerType: names.stripe, type: names.type };
  // Chargebee tells only promotional credit movements apart; other credit changes a customer update.
  if (snapshot.kind === 'ledger' && snapshot.entry.bucket === 'promotional') {
    return {
      providerType: snapshot.entry.amount > 0 ? 'promotional_credits_added' : 'promotional_credits_deducted',
      type: 'customer_balance.changed',
    };
  }
  return { providerType: names.chargebee, type: snapshot.kind === 'ledger' ? 'other' : names.type };
}
