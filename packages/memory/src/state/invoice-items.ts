import type { InvoiceItemRecord, InvoiceRecord } from '../memory-records.js';
import { refused } from '../refused.js';
import { mergeMetadata } from './customers.js';
import { frozenMetadata } from './frozen-parts.js';
import { type ListPage, type ListPageOptions, listPage } from './list-page.js';
import { customerOf, invoiceItemOf, invoiceOf, type StateContext } from './state-context.js';

/**
 * The input of `invoiceItems.create` (Stripe): customer, amount in positive integer minor units, and the
 * draft to add it to at once, if any.
 */
export interface CreateInvoiceItemInput {
  customerId: string;
  /** Positive integer minor units. */
  amount: number;
  /** Default: the customer's currency. */
  currency?: string;
  description?: string | null;
  metadata?: Readonly<Record<string, string>>;
  /** A draft of the same customer to add it to at once; else it waits for the next invoice. */
  invoiceId?: string;
}

/**
 * What `invoiceItems.update` changes on a pending or draft item: amount (integer minor units),
 * description, metadata.
 */
export interface InvoiceItemPatch {
  amount?: number;
  description?: string | null;
  metadata?: Readonly<Record<string, string>> | null;
}

/**
 * Stripe's invoice items: pending until the customer's next invoice (`attachPending`), a line of
 * a draft (changes change its total), fixed once the invoice is finalized.
 */
export interface InvoiceItemStore {
  create(input: CreateInvoiceItemInput): Readonly<InvoiceItemRecord>;
  get(itemId: string): Readonly<InvoiceItemRecord>;
  update(itemId: string, patch: InvoiceItemPatch): Readonly<InvoiceItemRecord>;
  delete(itemId: string): void;
  /** Moves the customer's pending items in the draft's currency onto the draft; returns how many. */
  attachPending(invoiceId: string): number;
  list(
    options?: ListPageOptions & { customerId?: string; invoiceId?: string; pending?: boolean },
  ): ListPage<Readonly<InvoiceItemRecord>>;
}

export function createInvoiceItemStore(context: StateContext): InvoiceItemStore {
  const { tables } = context;

  function positiveAmount(amount: number): number {
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw refused(`an invoice item amount must be a positive integer, got ${amount}`);
    }
    return amount;
  }

  /** The draft an item may be placed on or changed on. */
  function editableDraft(invoiceId: string, item: Pick<InvoiceItemRecord, 'customerId'>): InvoiceRecord {
    const invoice = invoiceOf(tables, invoiceId);
    if (invoice.status !== 'draft') {
      throw refused(`invoice ${invoice.id} is ${invoice.status}; its items can no longer change`);
    }
    if (invoice.customerId !== item.customerId) {
      throw refused(`invoice ${invoice.id} belongs to another customer`);
    }
    return invoice;
  }

  /** The draft's lines and total after its item lines changed. */
  function retotal(invoice: InvoiceRecord): void {
    const total = invoice.lines.reduce((sum, line) => sum + line.amount, 0);
    if (!Number.isSafeInteger(total)) throw refused('invoice total is not a safe integer');
    invoice.total = total;
    context.events.record('invoice.lines_changed', invoice.id);
  }

  function place(item: InvoiceItemRecord, invoice: InvoiceRecord): void {
    if (item.currency !== invoice.currency) {
      throw refused(`invoice ${invoice.id} is in ${invoice.currency}, the item in ${item.currency}`);
    }
    item.invoiceId = invoice.id;
    invoice.lines = Object.freeze([
      ...invoice.lines,
      Object.freeze({ amount: item.amount, description: item.description, itemId: item.id }),
    ]);
    retotal(invoice);
  }

  return {
    create(input) {
      const owner = customerOf(tables, input.customerId);
      const invoice =
        input.invoiceId === undefined ? undefined : editableDraft(input.invoiceId, { customerId: owner.id });
      const item: InvoiceItemRecord = {
        id: context.newId('invoiceItem'),
        customerId: owner.id,
        invoiceId: null,
        currency: input.currency ?? invoice?.currency ?? owner.currency,
        amount: positiveAmount(input.amount),
        description: input.description ?? null,
        metadata: frozenMetadata(input.metadata),
        createdAt: context.clock.nowIso(),
      };
      if (invoice) place(item, invoice);
      tables.invoiceItems.set(item.id, item);
      context.events.record('invoice_item.created', item.id);
      return item;
    },

    get: (itemId) => invoiceItemOf(tables, itemId),

    update(itemId, patch) {
      const item = invoiceItemOf(tables, itemId);
      const invoice = item.invoiceId === null ? undefined : editableDraft(item.invoiceId, item);
      if (patch.amount !== undefined) item.amount = positiveAmount(patch.amount);
      if (patch.description !== undefined) item.description = patch.description;
      if (patch.metadata !== undefined) item.metadata = mergeMetadata(item.metadata, patch.metadata);
      if (invoice) {
        invoice.lines = Object.freeze(
          invoice.lines.map((line) =>
            line.itemId === item.id
              ? Object.freeze({ ...line, amount: item.amount, description: item.description })
              : line,
          ),
        );
        retotal(invoice);
      }
      context.events.record('invoice_item.updated', item.id);
      return item;
    },

    delete(itemId) {
      const item = invoiceItemOf(tables, itemId);
      if (item.invoiceId !== null) {
        const invoice = editableDraft(item.invoiceId, item);
        invoice.lines = Object.freeze(invoice.lines.filter((line) => line.itemId !== item.id));
        retotal(invoice);
      }
      tables.invoiceItems.delete(item.id);
      context.events.record('invoice_item.deleted', item.id);
    },

    attachPending(invoiceId) {
      const invoice = invoiceOf(tables, invoiceId);
      let attached = 0;
      for (const item of tables.invoiceItems.values()) {
        if (item.invoiceId !== null || item.customerId !== invoice.customerId) continue;
        if (item.currency !== invoice.currency) continue;
        editableDraft(invoice.id, item);
        place(item, invoice);
        attached += 1;
      }
      return attached;
    },

    list: (options = {}) =>
      listPage(
        tables.invoiceItems,
        'invoice item',
        options,
        (item) =>
          (options.customerId === undefined || item.customerId === options.customerId) &&
          (options.invoiceId === undefined || item.invoiceId === options.invoiceId) &&
          (options.pending === undefined || (item.invoiceId === null) === options.pending),
      ),
  };
}
