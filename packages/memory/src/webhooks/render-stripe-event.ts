import { stripeApiVersionDate } from '@billbridge/core';
import type {
  CreditNoteRecord,
  CustomerRecord,
  InvoiceRecord,
  LedgerEntry,
  SubscriptionRecord,
} from '../memory-records.js';
import { amountDue, appliedTotal } from '../state/invoice-amounts.js';
import type { WebhookSnapshot } from './webhook-snapshot.js';

/**
 * Stripe-shaped `event` objects for the memory provider's webhooks. The `data.object`s carry the
 * fields the Stripe adapter's mappers read, named and shaped as in the event's API version (the
 * subscription under `parent.subscription_details` from 2025-03-31, `subscription` before);
 * fuller renderings of the records are being written in `packages/memory/src/render/` (another
 * task) and can replace these once they land.
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
    data: { object: stripeObject(snapshot, options) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: options.providerType,
  };
}

function stripeObject(
  snapshot: WebhookSnapshot,
  options: { apiVersion: string; customer: (id: string) => Readonly<CustomerRecord> | undefined },
): Record<string, unknown> {
  switch (snapshot.kind) {
    case 'invoice':
      return stripeInvoice(snapshot.record, options);
    case 'credit_note':
      return stripeCreditNote(snapshot.record);
    case 'ledger':
      return stripeBalanceTransaction(snapshot.entry, snapshot.customer);
    case 'customer':
      return {
        id: snapshot.record.id,
        object: 'customer',
        balance: -snapshot.record.balances.promotional,
        currency: snapshot.record.currency,
        created: seconds(snapshot.record.createdAt),
      };
    case 'subscription':
      return stripeSubscription(snapshot.record);
  }
}

const seconds = (iso: string | null) => (iso === null ? null : Math.floor(Date.parse(iso) / 1000));

function stripeInvoice(
  record: InvoiceRecord,
  options: { apiVersion: string; customer: (id: string) => Readonly<CustomerRecord> | undefined },
): Record<string, unknown> {
  const applied = appliedTotal(record);
  const finalized = record.finalizedAt !== null;
  // Stripe's balance is negative for credit: before finalize it was -(credit), after -(credit - applied).
  const creditBefore = finalized ? creditBeforeApplying(record, options.customer(record.customerId)) : 0;
  const subscriptionMoved = (stripeApiVersionDate(options.apiVersion) ?? '') >= '2025-03-31';
  return {
    id: record.id,
    object: 'invoice',
    customer: record.customerId,
    currency: record.currency,
    status: record.status,
    total: record.total,
    amount_due: record.total - applied,
    amount_paid: record.amountPaid,
    amount_remaining: amountDue(record),
    starting_balance: finalized ? -creditBefore : 0,
    ending_balance: finalized ? -(creditBefore - applied) : null,
    pre_payment_credit_notes_amount: record.adjusted,
    post_payment_credit_notes_amount: record.credited,
    metadata: { ...record.metadata },
    created: seconds(record.createdAt),
    status_transitions: {
      finalized_at: seconds(record.finalizedAt),
      paid_at: seconds(record.paidAt),
      voided_at: seconds(record.voidedAt),
    },
    ...(subscriptionMoved
      ? {
          parent:
            record.subscriptionId === null
              ? null
              : {
                  type: 'subscription_details',
                  subscription_details: { subscription: record.subscriptionId },
                },
        }
      : { subscription: record.subscriptionId }),
  };
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

function stripeCreditNote(note: CreditNoteRecord): Record<string, unknown> {
  return {
    id: note.id,
    object: 'credit_note',
    invoice: note.invoiceId,
    customer: note.customerId,
    currency: note.currency,
    status: note.status,
    type: note.kind === 'adjustment' ? 'pre_payment' : 'post_payment',
    amount: note.total,
    total: note.total,
    out_of_band_amount: note.outOfBandAmount > 0 ? note.outOfBandAmount : null,
    customer_balance_transaction: note.creditAmount > 0 ? `cbtxn_${note.id}` : null,
    refunds: note.refundAmount > 0 ? [{ amount_refunded: note.refundAmount }] : [],
    reason: note.reason,
    memo: note.memo,
    // The Stripe adapter's metadata key for a free-form reason code (STRIPE_CREDIT_NOTE_REASON_CODE_KEY).
    metadata: note.reasonCode !== null ? { billbridge_reason_code: note.reasonCode } : {},
    created: seconds(note.createdAt),
    voided_at: seconds(note.voidedAt),
  };
}

function stripeBalanceTransaction(entry: LedgerEntry, customer: CustomerRecord): Record<string, unknown> {
  const types: Record<LedgerEntry['reason'], string> = {
    seeded: 'adjustment',
    adjusted: 'adjustment',
    applied_to_invoice: 'applied_to_invoice',
    returned_on_void: 'unapplied_from_invoice',
    credit_note: 'credit_note',
    credit_note_voided: 'credit_note',
  };
  return {
    id: `cbtxn_${entry.id}`,
    object: 'customer_balance_transaction',
    // Stripe's sign: negative is credit given to the customer.
    amount: -entry.amount,
    created: seconds(entry.at),
    credit_note: entry.creditNoteId ?? null,
    currency: customer.currency,
    customer: customer.id,
    invoice: entry.invoiceId ?? null,
    type: types[entry.reason],
  };
}

function stripeSubscription(record: SubscriptionRecord): Record<string, unknown> {
  return {
    id: record.id,
    object: 'subscription',
    customer: record.customerId,
    status: 'active',
    created: seconds(record.createdAt),
  };
}
