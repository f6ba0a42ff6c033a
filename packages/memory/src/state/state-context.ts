import { NotFoundError } from '@billbridge/core';
import type { MemoryFlavor } from '../memory-flavor.js';
import type {
  CreditApplication,
  CreditNoteRecord,
  CustomerRecord,
  InvoiceCredits,
  InvoiceItemRecord,
  InvoiceRecord,
  SubscriptionRecord,
} from '../memory-records.js';
import type { TestClock } from '../test-clock.js';
import type { StateEvents } from './events.js';

/** The records of one account, by id, in creation order (a `Map` keeps insertion order). */
export interface StateTables {
  customers: Map<string, CustomerRecord>;
  subscriptions: Map<string, SubscriptionRecord>;
  invoices: Map<string, InvoiceRecord>;
  creditNotes: Map<string, CreditNoteRecord>;
  invoiceItems: Map<string, InvoiceItemRecord>;
  /** Each invoice's credit notes, oldest first: an invoice's raw lists them without a scan of all. */
  notesByInvoice: Map<string, CreditNoteRecord[]>;
  /** The refundable credits each invoice spent, by note. */
  creditsApplied: Map<string, readonly CreditApplication[]>;
}

/**
 * What every resource module of one state shares (internal to `state/`). A module that changes a
 * record records the change (`events.record`) before its operation returns: the webhook log and
 * the shared snapshots (`MemoryState.snapshotInvoice`) rely on it.
 */
export interface StateContext {
  readonly flavor: MemoryFlavor;
  readonly clock: TestClock;
  readonly events: StateEvents;
  readonly tables: StateTables;
  /** A fresh id in the flavor's style, unused by any record of this state. */
  newId(kind: keyof MemoryFlavor['ids']): string;
}

function notFound(noun: string, id: string): NotFoundError {
  return new NotFoundError({ message: `no such ${noun}: ${id}`, provider: 'memory', status: 404 });
}

export function customerOf(tables: StateTables, id: string): CustomerRecord {
  const found = tables.customers.get(id);
  if (!found) throw notFound('customer', id);
  return found;
}

export function invoiceOf(tables: StateTables, id: string): InvoiceRecord {
  const found = tables.invoices.get(id);
  if (!found) throw notFound('invoice', id);
  return found;
}

export function creditNoteOf(tables: StateTables, id: string): CreditNoteRecord {
  const found = tables.creditNotes.get(id);
  if (!found) throw notFound('credit note', id);
  return found;
}

export function subscriptionOf(tables: StateTables, id: string): SubscriptionRecord {
  const found = tables.subscriptions.get(id);
  if (!found) throw notFound('subscription', id);
  return found;
}

export function invoiceItemOf(tables: StateTables, id: string): InvoiceItemRecord {
  const found = tables.invoiceItems.get(id);
  if (!found) throw notFound('invoice item', id);
  return found;
}

const none = Object.freeze([]);

/** What a Chargebee invoice lists (none for an unknown invoice); not copied. */
export function creditsOfInvoice(tables: StateTables, invoiceId: string): InvoiceCredits {
  return {
    creditNotes: tables.notesByInvoice.get(invoiceId) ?? none,
    creditsApplied: tables.creditsApplied.get(invoiceId) ?? none,
  };
}
