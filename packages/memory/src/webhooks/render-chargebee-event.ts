import type {
  CreditNoteRecord,
  CustomerRecord,
  InvoiceRecord,
  LedgerEntry,
  SubscriptionRecord,
} from '../memory-records.js';
import { amountDue } from '../state/invoice-amounts.js';
import type { WebhookSnapshot } from './webhook-snapshot.js';

/**
 * Chargebee-shaped v2 `event` objects for the memory provider's webhooks: `content` holds the
 * resources Chargebee puts there, with the attributes the Chargebee adapter's mappers read
 * (fuller renderings are being written in `packages/memory/src/render/` by another task). The
 * credit notes listed on an invoice are the invoice's notes when the event is first read.
 */
export function renderChargebeeEvent(
  snapshot: WebhookSnapshot,
  options: {
    eventId: string;
    providerType: string;
    statusWords: Readonly<Record<string, string>>;
    creditNotesOf: (invoiceId: string) => readonly Readonly<CreditNoteRecord>[];
  },
): Record<string, unknown> {
  return {
    id: options.eventId,
    occurred_at: seconds(snapshot.change.at),
    source: 'api',
    object: 'event',
    api_version: 'v2',
    content: content(snapshot, options),
    event_type: options.providerType,
    webhook_status: 'scheduled',
  };
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const upper = (currency: string) => currency.toUpperCase();

function content(
  snapshot: WebhookSnapshot,
  options: {
    statusWords: Readonly<Record<string, string>>;
    creditNotesOf: (invoiceId: string) => readonly Readonly<CreditNoteRecord>[];
  },
): Record<string, unknown> {
  switch (snapshot.kind) {
    case 'invoice':
      return { invoice: chargebeeInvoice(snapshot.record, options) };
    case 'credit_note':
      return { credit_note: chargebeeCreditNote(snapshot.record) };
    case 'ledger':
      return promotionalCredit(snapshot.entry, snapshot.customer);
    case 'customer':
      return { customer: chargebeeCustomer(snapshot.record, snapshot.record.ledger) };
    case 'subscription':
      return { subscription: chargebeeSubscription(snapshot.record) };
    case 'invoice_item':
      // Not recorded for the Chargebee flavor (create-memory-webhooks.ts): no unbilled charges.
      return {};
  }
}

function chargebeeInvoice(
  record: InvoiceRecord,
  options: {
    statusWords: Readonly<Record<string, string>>;
    creditNotesOf: (invoiceId: string) => readonly Readonly<CreditNoteRecord>[];
  },
): Record<string, unknown> {
  const promotional = record.applied.promotional ?? 0;
  const notes = options.creditNotesOf(record.id);
  const listed = (note: CreditNoteRecord) => ({
    cn_id: note.id,
    cn_reason_code: note.reasonCode ?? 'other',
    cn_date: seconds(note.createdAt),
    cn_total: note.total,
    cn_status: note.status === 'void' ? 'voided' : note.kind === 'adjustment' ? 'adjusted' : 'refund_due',
  });
  return {
    id: record.id,
    customer_id: record.customerId,
    ...(record.subscriptionId !== null ? { subscription_id: record.subscriptionId } : {}),
    recurring: record.subscriptionId !== null,
    status: options.statusWords[record.status],
    price_type: 'tax_exclusive',
    date: seconds(record.finalizedAt ?? record.createdAt),
    exchange_rate: 1,
    // Chargebee books promotional credits as a discount: its total is after them.
    total: record.total - promotional,
    amount_paid: record.amountPaid,
    amount_adjusted: record.adjusted,
    write_off_amount: 0,
    credits_applied: (record.applied.refundable ?? 0) + (record.applied.excess ?? 0),
    amount_due: amountDue(record),
    ...(record.paidAt !== null ? { paid_at: seconds(record.paidAt) } : {}),
    ...(record.voidedAt !== null ? { voided_at: seconds(record.voidedAt) } : {}),
    ...(record.voidReasonCode !== null ? { void_reason_code: record.voidReasonCode } : {}),
    sub_total: record.total,
    tax: 0,
    generated_at: seconds(record.finalizedAt ?? record.createdAt),
    deleted: false,
    currency_code: upper(record.currency),
    object: 'invoice',
    discounts:
      promotional > 0
        ? [
            {
              amount: promotional,
              description: 'Promotional Credits',
              entity_type: 'promotional_credits',
              object: 'discount',
            },
          ]
        : [],
    adjustment_credit_notes: notes.filter((note) => note.kind === 'adjustment').map(listed),
    issued_credit_notes: notes.filter((note) => note.kind !== 'adjustment').map(listed),
  };
}

function chargebeeCreditNote(note: CreditNoteRecord): Record<string, unknown> {
  const status =
    note.status === 'void'
      ? 'voided'
      : note.kind === 'adjustment'
        ? 'adjusted'
        : note.refundAmount >= note.total
          ? 'refunded'
          : 'refund_due';
  return {
    id: note.id,
    customer_id: note.customerId,
    reference_invoice_id: note.invoiceId,
    type: note.kind === 'adjustment' ? 'adjustment' : 'refundable',
    ...(note.reasonCode !== null ? { create_reason_code: note.reasonCode } : {}),
    status,
    date: seconds(note.createdAt),
    price_type: 'tax_exclusive',
    total: note.total,
    amount_allocated: note.kind === 'adjustment' && note.status !== 'void' ? note.total : 0,
    amount_refunded: note.refundAmount,
    amount_available:
      note.kind === 'adjustment' || note.status === 'void' ? 0 : note.total - note.refundAmount,
    ...(note.voidedAt !== null ? { voided_at: seconds(note.voidedAt) } : {}),
    generated_at: seconds(note.createdAt),
    sub_total: note.total,
    deleted: false,
    currency_code: upper(note.currency),
    object: 'credit_note',
  };
}

/** A balance change of the promotional bucket, as `promotional_credits_added` / `_deducted` carry it. */
function promotionalCredit(entry: LedgerEntry, customer: CustomerRecord): Record<string, unknown> {
  const upTo = customer.ledger.slice(0, customer.ledger.indexOf(entry) + 1);
  const closing = upTo.reduce((sum, each) => (each.bucket === 'promotional' ? sum + each.amount : sum), 0);
  return {
    customer: chargebeeCustomer(customer, upTo),
    promotional_credit: {
      id: `pc_${entry.id}`,
      customer_id: customer.id,
      type: entry.amount > 0 ? 'increment' : 'decrement',
      amount: Math.abs(entry.amount),
      currency_code: upper(customer.currency),
      description: entry.reason.replaceAll('_', ' '),
      credit_type: 'general',
      ...(entry.invoiceId !== undefined ? { reference: `invoice_${entry.invoiceId}` } : {}),
      closing_balance: closing,
      created_at: seconds(entry.at),
      object: 'promotional_credit',
    },
  };
}

function chargebeeCustomer(
  customer: CustomerRecord,
  ledger: readonly LedgerEntry[],
): Record<string, unknown> {
  const sum = (bucket: LedgerEntry['bucket']) =>
    ledger.reduce((total, entry) => (entry.bucket === bucket ? total + entry.amount : total), 0);
  return {
    id: customer.id,
    preferred_currency_code: upper(customer.currency),
    promotional_credits: sum('promotional'),
    refundable_credits: sum('refundable'),
    excess_payments: sum('excess'),
    created_at: seconds(customer.createdAt),
    deleted: false,
    object: 'customer',
  };
}

function chargebeeSubscription(record: SubscriptionRecord): Record<string, unknown> {
  return {
    id: record.id,
    customer_id: record.customerId,
    status: 'active',
    created_at: seconds(record.createdAt),
    deleted: false,
    object: 'subscription',
  };
}
