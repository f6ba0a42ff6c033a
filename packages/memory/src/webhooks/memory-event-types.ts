import type { BillingEventType } from '@billbridge/core';
import type { MemoryFlavorName } from '../memory-flavor.js';
import type { InvoiceRecord } from '../memory-records.js';
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
/** One row: the Stripe event, the Chargebee event, and the normalized type (default `other`). */
const names = (stripe: string, chargebee: string, type: BillingEventType = 'other'): EventNames => ({
  stripe,
  chargebee,
  type,
});

const NAMES: Readonly<Record<StateChangeType, EventNames>> = {
  'customer.created': names('customer.created', 'customer_created'),
  'customer.updated': names('customer.updated', 'customer_changed'),
  // Stripe reports a balance change as the customer's `customer.updated` (`balance` in
  // `previous_attributes`); the Stripe adapter types that `customer_balance.changed`.
  'customer.balance_changed': names('customer.updated', 'customer_changed', 'customer_balance.changed'),
  'subscription.created': names('customer.subscription.created', 'subscription_created'),
  'subscription.balance_settings_changed': names('customer.subscription.updated', 'subscription_changed'),
  'subscription.updated': names('customer.subscription.updated', 'subscription_changed'),
  'invoice.created': names('invoice.created', 'pending_invoice_created'),
  'invoice.line_added': names('invoice.updated', 'pending_invoice_updated'),
  'invoice.lines_changed': names('invoice.updated', 'pending_invoice_updated'),
  'invoice.updated': names('invoice.updated', 'invoice_updated'),
  'invoice.deleted': names('invoice.deleted', 'invoice_deleted'),
  // Stripe invoice items are their own resource; Chargebee has no such event (unbilled charges are nearest).
  'invoice_item.created': names('invoiceitem.created', 'unbilled_charges_created'),
  'invoice_item.updated': names('invoiceitem.updated', 'unbilled_charges_created'),
  'invoice_item.deleted': names('invoiceitem.deleted', 'unbilled_charges_deleted'),
  'invoice.finalized': names('invoice.finalized', 'invoice_generated', 'invoice.finalized'),
  'invoice.payment_recorded': names('invoice.updated', 'invoice_updated'),
  'invoice.paid': names('invoice.paid', 'invoice_updated', 'invoice.paid'),
  'invoice.marked_uncollectible': names(
    'invoice.marked_uncollectible',
    'invoice_updated',
    'invoice.marked_uncollectible',
  ),
  'invoice.reopened': names('invoice.updated', 'invoice_updated'),
  'invoice.voided': names('invoice.voided', 'invoice_updated', 'invoice.voided'),
  'credit_note.created': names('credit_note.created', 'credit_note_created', 'credit_note.created'),
  'credit_note.voided': names('credit_note.voided', 'credit_note_updated', 'credit_note.voided'),
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
  // An `invoice_updated` is typed by the invoice's status, as the Chargebee adapter types it.
  if (snapshot.kind === 'invoice' && names.chargebee === 'invoice_updated')
    return { providerType: names.chargebee, type: UPDATED_BY_STATUS[snapshot.record.status] ?? 'other' };
  return { providerType: names.chargebee, type: snapshot.kind === 'ledger' ? 'other' : names.type };
}

const UPDATED_BY_STATUS: Partial<Record<InvoiceRecord['status'], BillingEventType>> = {
  void: 'invoice.voided',
  paid: 'invoice.paid',
  uncollectible: 'invoice.marked_uncollectible',
};
