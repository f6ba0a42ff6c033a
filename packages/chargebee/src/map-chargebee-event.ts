import type { BillingEvent, BillingEventType } from '@billbridge/core';
import { unixSecondsToIso } from '@billbridge/core';
import type { CreditNote as ChargebeeCreditNote, Invoice as ChargebeeInvoice } from 'chargebee';
import { mapChargebeeCreditNote } from './map-chargebee-credit-note.js';
import { mapChargebeeInvoice } from './map-chargebee-invoice.js';

/** The fields billbridge reads from a Chargebee v2 `event`. */
export interface ChargebeeEventObject {
  id: string;
  occurred_at: number;
  event_type: string;
  api_version: string;
  content: {
    invoice?: ChargebeeInvoice;
    credit_note?: ChargebeeCreditNote;
    customer?: { id?: string };
    promotional_credit?: { customer_id?: string };
  } & Record<string, unknown>;
}

/** Chargebee event types whose meaning does not depend on the object's status. */
const FIXED_TYPES: Readonly<Record<string, BillingEventType>> = {
  invoice_generated: 'invoice.finalized',
  invoice_generated_with_backdating: 'invoice.finalized',
  credit_note_created: 'credit_note.created',
  credit_note_created_with_backdating: 'credit_note.created',
  promotional_credits_added: 'customer_balance.changed',
  promotional_credits_deducted: 'customer_balance.changed',
};

/** `invoice_updated`: the invoice's new status says what happened (there is no `invoice_voided`). */
const INVOICE_UPDATED_BY_STATUS: Readonly<Record<string, BillingEventType>> = {
  voided: 'invoice.voided',
  paid: 'invoice.paid',
  not_paid: 'invoice.marked_uncollectible',
};

/**
 * How long after `voided_at` an `invoice_updated` of a voided invoice is still the void's own:
 * Chargebee sends `invoice_updated` for every later change too (a note, a credit note of the voided
 * invoice), each a new event, and as `invoice.voided` each would tell the application the invoice
 * was voided again. A void cannot be backdated, so the void's own event has `updated_at` at
 * `voided_at`; one updated later is `other`.
 */
const VOID_EVENT_WINDOW_SECONDS = 60;

// In @billbridge/core (chargebee-capabilities.ts): the capabilities need it without the SDK.
export { CHARGEBEE_WEBHOOK_EVENTS } from '@billbridge/core';

/** The normalized type of a Chargebee event (DESIGN §13; the table is in docs/webhooks.md). */
export function chargebeeEventType(event: ChargebeeEventObject): BillingEventType {
  // Own keys only: the type and status come from the delivery, and `constructor` or `toString`
  // would find Object.prototype's member (a function) and pass it on as the event's type.
  const fixed = Object.hasOwn(FIXED_TYPES, event.event_type) ? FIXED_TYPES[event.event_type] : undefined;
  if (fixed) return fixed;
  if (event.event_type === 'invoice_updated') {
    const invoice = event.content.invoice;
    const status = invoice?.status ?? '';
    if (
      status === 'voided' &&
      typeof invoice?.voided_at === 'number' &&
      typeof invoice.updated_at === 'number' &&
      invoice.updated_at - invoice.voided_at > VOID_EVENT_WINDOW_SECONDS
    ) {
      return 'other';
    }
    const byStatus = Object.hasOwn(INVOICE_UPDATED_BY_STATUS, status)
      ? INVOICE_UPDATED_BY_STATUS[status]
      : undefined;
    return byStatus ?? 'other';
  }
  if (event.event_type === 'credit_note_updated' && event.content.credit_note?.status === 'voided') {
    return 'credit_note.voided';
  }
  return 'other';
}

/**
 * Maps a verified Chargebee v2 event. The invoice and credit note in `content` (whatever the
 * event type) are mapped with the adapter's own mappers; `accountId` is the site, and `livemode`
 * follows the site name (Chargebee test sites are named `…-test`), `null` when the site is unknown.
 */
export function mapChargebeeEvent(event: ChargebeeEventObject, site: string | undefined): BillingEvent {
  const mapped: BillingEvent = {
    id: event.id,
    provider: 'chargebee',
    type: chargebeeEventType(event),
    providerType: event.event_type,
    occurredAt: unixSecondsToIso(event.occurred_at) ?? new Date(0).toISOString(),
    livemode: site === undefined ? null : !site.endsWith('-test'),
    apiVersion: event.api_version,
    accountId: site ?? null,
    raw: event,
  };
  const { invoice, credit_note: creditNote, customer, promotional_credit: credit } = event.content;
  if (invoice) mapped.invoice = mapChargebeeInvoice(invoice);
  if (creditNote) mapped.creditNote = mapChargebeeCreditNote(creditNote);
  const customerId =
    mapped.invoice?.customerId ?? mapped.creditNote?.customerId ?? customer?.id ?? credit?.customer_id;
  if (customerId) mapped.customerId = customerId;
  return mapped;
}
