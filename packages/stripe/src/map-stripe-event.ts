import type { BillingEvent } from '@billbridge/core';
import { STRIPE_EVENT_TYPES, unixSecondsToIso } from '@billbridge/core';
import { mapStripeCreditNote } from './map-stripe-credit-note.js';
import { mapStripeInvoice } from './map-stripe-invoice.js';
import {
  expandableId,
  type StripeCreditNoteObject,
  type StripeExpandable,
  type StripeInvoiceObject,
} from './stripe-objects.js';

/** The fields billbridge reads from a Stripe `event` (any API version). */
export interface StripeEventObject {
  id: string;
  object?: string;
  type: string;
  created: number;
  livemode?: boolean;
  api_version?: string | null;
  /** Set on events of connected accounts (Stripe Connect). */
  account?: string;
  data: {
    object: Record<string, unknown> & { object?: string; id?: string; customer?: StripeExpandable };
    /** On `*.updated` events: the changed attributes' values before the change. */
    previous_attributes?: Record<string, unknown>;
  };
}

/**
 * The event's billbridge type. Stripe has no event of its own for a customer balance transaction:
 * a balance change is the customer's `customer.updated`, with the old `balance` in
 * `previous_attributes` (Stripe: "Occurs whenever any property of a customer changes"); that is
 * `customer_balance.changed`, any other `customer.updated` is `other`.
 */
function eventType(event: StripeEventObject): BillingEvent['type'] {
  // Own keys only: the type comes from the delivery, and `constructor` or `toString` would find
  // Object.prototype's member (a function) and pass it on as the event's type.
  const mapped = Object.hasOwn(STRIPE_EVENT_TYPES, event.type) ? STRIPE_EVENT_TYPES[event.type] : undefined;
  if (mapped) return mapped;
  const previous = event.data.previous_attributes;
  if (event.type === 'customer.updated' && previous && Object.hasOwn(previous, 'balance')) {
    return 'customer_balance.changed';
  }
  return 'other';
}

// The event table lives in @billbridge/core (stripe-webhook-events.ts): the capabilities need it without the SDK.
export { STRIPE_EVENT_TYPES, STRIPE_WEBHOOK_EVENTS } from '@billbridge/core';

/**
 * Maps a verified Stripe event to a `BillingEvent`. `data.object` is mapped by what it is (an
 * `invoice` or a `credit_note`, whatever the event type) with the adapter's own mappers, which
 * read the object in the shape of the event's API version (the endpoint's, which may differ from
 * the client's). A customer balance transaction names its customer.
 */
export function mapStripeEvent(event: StripeEventObject): BillingEvent {
  const object = event.data.object;
  // The object is in the shape of the event's API version; without one, the SDK's pinned version.
  const version = event.api_version ?? undefined;
  const mapped: BillingEvent = {
    id: event.id,
    provider: 'stripe',
    type: eventType(event),
    providerType: event.type,
    occurredAt: unixSecondsToIso(event.created) ?? new Date(0).toISOString(),
    livemode: typeof event.livemode === 'boolean' ? event.livemode : null,
    apiVersion: event.api_version ?? null,
    accountId: event.account ?? null,
    raw: event,
  };
  if (object.object === 'invoice') {
    mapped.invoice = mapStripeInvoice(object as unknown as StripeInvoiceObject, version);
    if (mapped.invoice.customerId !== '') mapped.customerId = mapped.invoice.customerId;
  } else if (object.object === 'credit_note') {
    mapped.creditNote = mapStripeCreditNote(object as unknown as StripeCreditNoteObject, {}, version);
    if (mapped.creditNote.customerId !== '') mapped.customerId = mapped.creditNote.customerId;
  } else if (object.object === 'customer' && typeof object.id === 'string') {
    mapped.customerId = object.id;
  } else {
    const customerId = expandableId(object.customer);
    if (customerId) mapped.customerId = customerId;
  }
  return mapped;
}
