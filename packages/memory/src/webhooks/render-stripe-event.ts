import { stripeReturnsBalanceOnVoid } from '@billbridge/core';
import type { CustomerRecord, InvoiceRecord } from '../memory-records.js';
import { renderStripeCreditNote } from '../render/render-stripe-credit-note.js';
import { renderStripeCustomer } from '../render/render-stripe-customer.js';
import { renderStripeInvoice } from '../render/render-stripe-invoice.js';
import { renderStripeInvoiceItem } from '../render/render-stripe-invoice-item.js';
import { renderStripeSubscription } from '../render/render-stripe-subscription.js';
import { appliedTotal } from '../state/invoice-amounts.js';
import { customerAsOf } from './customer-as-of.js';
import type { WebhookSnapshot } from './webhook-snapshot.js';

/**
 * Stripe-shaped `event` objects for the memory provider's webhooks (and the emulator's deliveries):
 * each `data.object` is the record through the shared renderer of `packages/memory/src/render/`
 * in the event's API version, so an event carries the object as the API answers it.
 */
export function renderStripeEvent(
  snapshot: WebhookSnapshot,
  options: {
    eventId: string;
    apiVersion: string;
    providerType: string;
    customer: (id: string) => Readonly<CustomerRecord> | undefined;
  },
): Record<string, unknown> {
  return {
    id: options.eventId,
    object: 'event',
    api_version: options.apiVersion,
    created: Math.floor(Date.parse(snapshot.change.at) / 1000),
    data: stripeData(snapshot, options),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: options.providerType,
  };
}

/**
 * The event's `data`. A balance change is Stripe's `customer.updated` (Stripe sends no event of
 * its own for a customer balance transaction: none is among stripe-node 23's event types), with
 * the customer just after it and the balance before it in `previous_attributes`, as Stripe reports
 * a changed attribute.
 */
function stripeData(
  snapshot: WebhookSnapshot,
  options: { apiVersion: string; customer: (id: string) => Readonly<CustomerRecord> | undefined },
): { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> } {
  if (snapshot.kind !== 'ledger') return { object: stripeObject(snapshot, options) };
  const object = renderStripeCustomer(customerAsOf(snapshot.customer, snapshot.entry), options.apiVersion);
  // Stripe's balance is negative for credit: before this entry it was `balance + amount`.
  return { object, previous_attributes: { balance: (object.balance as number) + snapshot.entry.amount } };
}

function stripeObject(
  snapshot: Exclude<WebhookSnapshot, { kind: 'ledger' }>,
  options: { apiVersion: string; customer: (id: string) => Readonly<CustomerRecord> | undefined },
): Record<string, unknown> {
  switch (snapshot.kind) {
    case 'invoice': {
      const { record } = snapshot;
      const owner = options.customer(record.customerId);
      // Stripe's balance is negative for credit: before finalize it was -(credit).
      const startingBalance = record.finalizedAt !== null ? -creditBeforeApplying(record, owner) : 0;
      return renderStripeInvoice(record, options.apiVersion, {
        startingBalance,
        ...(owner ? { customer: owner } : {}),
      });
    }
    case 'credit_note':
      return renderStripeCreditNote(snapshot.record, options.apiVersion);
    case 'customer':
      return renderStripeCustomer(snapshot.record, options.apiVersion);
    case 'invoice_item':
      return renderStripeInvoiceItem(snapshot.record, options.apiVersion);
    case 'subscription': {
      const { record } = snapshot;
      return renderStripeSubscription(record, options.apiVersion, {
        // Unset: the flavor's default, which consumes before 2019-12-03 only (DESIGN §3.2); it
        // switched at basil (2025-03-31) until 2026-12-03, so 2019-12-03 … 2025 said `true`.
        consumeAppliedBalanceOnVoid:
          record.consumeAppliedBalanceOnVoid ?? !stripeReturnsBalanceOnVoid(options.apiVersion),
        customerCurrency: options.customer(record.customerId)?.currency ?? 'usd',
      });
    }
  }
}

/** The customer's credit just before this invoice took some, from the ledger (entries never change). */
function creditBeforeApplying(record: InvoiceRecord, owner: Readonly<CustomerRecord> | undefined): number {
  if (!owner) return appliedTotal(record);
  let credit = 0;
  for (const entry of owner.ledger) {
    if (entry.reason === 'applied_to_invoice' && entry.invoiceId === record.id) return credit;
    credit += entry.amount;
  }
  return appliedTotal(record);
}
