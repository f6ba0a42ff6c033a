import type { CustomerRecord, InvoiceRecord, SubscriptionRecord } from '../memory-records.js';
import { renderChargebeeCreditNote } from '../render/render-chargebee-credit-note.js';
import { renderChargebeeCustomer } from '../render/render-chargebee-customer.js';
import { renderChargebeeInvoice } from '../render/render-chargebee-invoice.js';
import { renderChargebeePromotionalCredit } from '../render/render-chargebee-promotional-credit.js';
import { unixSeconds } from '../render/render-time.js';
import { customerAsOf } from './customer-as-of.js';
import type { WebhookSnapshot } from './webhook-snapshot.js';

/** What the Chargebee event renderer reads from the state besides the snapshot. */
export interface ChargebeeEventLookups {
  /** The invoice's credit notes (empty for an invoice that is gone). */
  /** The invoice, if it still exists. */
  invoice: (invoiceId: string) => Readonly<InvoiceRecord> | undefined;
  /** The customer, as it is when the event is first read. */
  customer: (customerId: string) => Readonly<CustomerRecord> | undefined;
}

/**
 * Chargebee-shaped v2 `event` objects for the memory provider's webhooks (and the emulator's
 * deliveries): `content` holds the resources Chargebee puts there, each through the shared
 * renderer of `packages/memory/src/render/` (the same invoice, credit note, customer and
 * promotional credit the API answers with). The credit notes listed on an invoice, and a credit
 * note's invoice, are those of the state when the event is first read.
 */
export function renderChargebeeEvent(
  snapshot: WebhookSnapshot,
  options: { eventId: string; providerType: string } & ChargebeeEventLookups,
): Record<string, unknown> {
  return {
    id: options.eventId,
    occurred_at: unixSeconds(snapshot.change.at),
    source: 'api',
    object: 'event',
    api_version: 'v2',
    content: content(snapshot, options),
    event_type: options.providerType,
    webhook_status: 'scheduled',
  };
}

function content(snapshot: WebhookSnapshot, lookups: ChargebeeEventLookups): Record<string, unknown> {
  switch (snapshot.kind) {
    case 'invoice':
      return {
        invoice: renderChargebeeInvoice(snapshot.record, snapshot.credits),
      };
    case 'credit_note': {
      const invoice = lookups.invoice(snapshot.record.invoiceId);
      return { credit_note: renderChargebeeCreditNote(snapshot.record, invoice ? { invoice } : {}) };
    }
    case 'ledger': {
      const customer = customerAsOf(snapshot.customer, snapshot.entry);
      // Promotional credits are their own resource (`promotional_credits_added` / `_deducted`);
      // refundable credits and excess payments change the customer only (`customer_changed`).
      if (snapshot.entry.bucket !== 'promotional') return { customer: renderChargebeeCustomer(customer) };
      return {
        customer: renderChargebeeCustomer(customer),
        promotional_credit: renderChargebeePromotionalCredit(customer, snapshot.entry),
      };
    }
    case 'customer':
      return { customer: renderChargebeeCustomer(snapshot.record) };
    case 'subscription': {
      const customer = lookups.customer(snapshot.record.customerId);
      return {
        subscription: chargebeeSubscription(snapshot.record, customer?.currency ?? 'usd'),
        ...(customer ? { customer: renderChargebeeCustomer(customer) } : {}),
      };
    }
    case 'invoice_item':
      // Not recorded for the Chargebee flavor (create-memory-webhooks.ts): no unbilled charges.
      return {};
  }
}

/**
 * A Chargebee subscription with the attributes Chargebee always sends: the memory provider models
 * no plans, items or schedules for the Chargebee flavor, so none are listed.
 */
function chargebeeSubscription(record: SubscriptionRecord, currency: string): Record<string, unknown> {
  return {
    id: record.id,
    currency_code: currency.toUpperCase(),
    customer_id: record.customerId,
    status: 'active',
    created_at: unixSeconds(record.createdAt),
    has_scheduled_advance_invoices: false,
    has_scheduled_changes: false,
    deleted: false,
    decommissioned: false,
    object: 'subscription',
  };
}
