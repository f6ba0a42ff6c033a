import type { VoidBlocker } from '@billbridge/core';
import type { CreditBucket, InvoiceRecord } from '../memory-records.js';
import { refused } from '../refused.js';
import type { CustomerLedger } from './customer-ledger.js';
import { mergeMetadata } from './customers.js';
import { NO_CREDIT_APPLIED, NO_METADATA, NO_PAYMENTS } from './frozen-parts.js';
import { amountDue, CREDIT_BUCKETS } from './invoice-amounts.js';
import { settleIfNothingDue, voidBlockers } from './invoice-status.js';
import { type VoidInvoiceOptions, type VoidInvoiceOutcome, voidInvoice } from './invoice-void.js';
import { type ListPage, type ListPageOptions, listPage } from './list-page.js';
import { customerOf, invoiceOf, type StateContext } from './state-context.js';

/** One line of a memory invoice: a positive amount in integer minor units and an optional description. */
export interface InvoiceLineInput {
  /** Positive integer minor units (negative lines are not modelled). */
  amount: number;
  description?: string;
}

/**
 * The input of `invoices.createDraft`: the customer, and optionally the currency, a subscription of that
 * customer and the first lines.
 */
export interface CreateDraftInput {
  id?: string;
  customerId: string;
  /** Default: the customer's currency. */
  currency?: string;
  /** Must be a subscription of the same customer. */
  subscriptionId?: string;
  /** Default none: add them with `addLine`. */
  lines?: readonly InvoiceLineInput[];
}

/**
 * Invoices: draft (lines can be added) → open at finalize, which applies the customer's credit
 * (promotional, refundable, then excess payments) → paid when nothing is due; uncollectible or void
 * when so marked. Records are the live state: read, do not write.
 */
export interface InvoiceStore {
  createDraft(input: CreateDraftInput): Readonly<InvoiceRecord>;
  /** Adds a line to a draft and raises its total. */
  addLine(invoiceId: string, line: InvoiceLineInput): Readonly<InvoiceRecord>;
  /** Draft → open, applying the customer's available credit in the invoice's currency; covered → paid. */
  finalize(invoiceId: string): Readonly<InvoiceRecord>;
  /**
   * Records a payment on an open or uncollectible invoice: `amount` (default and at most what is
   * due); less is a partial payment (which blocks a Chargebee void).
   */
  pay(
    invoiceId: string,
    options?: { amount?: number; at?: string; received?: number },
  ): Readonly<InvoiceRecord>;
  /** Open → uncollectible. */
  markUncollectible(invoiceId: string): Readonly<InvoiceRecord>;
  void(invoiceId: string, options: VoidInvoiceOptions): VoidInvoiceOutcome;
  /** Why `void` would refuse now (empty: it would not). */
  voidBlockers(invoiceId: string): VoidBlocker[];
  get(invoiceId: string): Readonly<InvoiceRecord>;
  find(invoiceId: string): Readonly<InvoiceRecord> | undefined;
  list(
    options?: ListPageOptions & { customerId?: string; subscriptionId?: string },
  ): ListPage<Readonly<InvoiceRecord>>;
  /** Merges metadata by Stripe's rule (`''` removes a key, `null` all); any status but deleted. */
  updateMetadata(
    invoiceId: string,
    metadata: Readonly<Record<string, string>> | null,
  ): Readonly<InvoiceRecord>;
  /** Deletes a draft for good, with the invoice items that were its lines (Stripe: drafts only). */
  deleteDraft(invoiceId: string): void;
}

export function createInvoiceStore(context: StateContext, ledger: CustomerLedger): InvoiceStore {
  const { tables, flavor } = context;
  const now = () => context.clock.nowIso();

  /** A validated copy of `line`; the total it makes must stay a safe integer. */
  function lineOf(line: InvoiceLineInput): InvoiceRecord['lines'][number] {
    if (!Number.isSafeInteger(line.amount) || line.amount <= 0) {
      throw refused(`a line amount must be a positive integer, got ${line.amount}`);
    }
    return Object.freeze({ amount: line.amount, description: line.description ?? null });
  }

  function checkedTotal(total: number): number {
    if (!Number.isSafeInteger(total)) throw refused('invoice total is not a safe integer');
    return total;
  }

  return {
    createDraft(input) {
      const owner = customerOf(tables, input.customerId);
      if (input.subscriptionId !== undefined) {
        const subscription = tables.subscriptions.get(input.subscriptionId);
        if (!subscription || subscription.customerId !== owner.id) {
          throw refused(`subscription ${input.subscriptionId} does not belong to customer ${owner.id}`);
        }
      }
      const id = input.id ?? context.newId('invoice');
      if (tables.invoices.has(id)) throw refused(`invoice ${id} already exists`);
      // Mapped rather than pushed, so the array is exactly as long as its lines (the heap per invoice).
      const lines = Object.freeze((input.lines ?? []).map(lineOf));
      const total = checkedTotal(lines.reduce((sum, line) => sum + line.amount, 0));
      const record: InvoiceRecord = {
        id,
        customerId: owner.id,
        subscriptionId: input.subscriptionId ?? null,
        currency: input.currency ?? owner.currency,
        lines,
        total,
        status: 'draft',
        applied: NO_CREDIT_APPLIED,
        amountPaid: 0,
        payments: NO_PAYMENTS,
        adjusted: 0,
        credited: 0,
        refunded: 0,
        voidReasonCode: null,
        voidComment: null,
        metadata: NO_METADATA,
        createdAt: now(),
        finalizedAt: null,
        paidAt: null,
        voidedAt: null,
      };
      tables.invoices.set(id, record);
      context.events.record('invoice.created', id);
      return record;
    },

    addLine(invoiceId, line) {
      const record = invoiceOf(tables, invoiceId);
      if (record.status !== 'draft') {
        throw refused(`invoice ${record.id} is ${record.status}; lines can be added to a draft only`);
      }
      const added = lineOf(line);
      record.total = checkedTotal(record.total + added.amount);
      record.lines = Object.freeze([...record.lines, added]);
      context.events.record('invoice.line_added', record.id);
      return record;
    },

    finalize(invoiceId) {
      const record = invoiceOf(tables, invoiceId);
      if (record.status !== 'draft') throw refused(`invoice ${record.id} is ${record.status}, not draft`);
      const owner = customerOf(tables, record.customerId);
      if (record.currency === owner.currency) {
        let remaining = record.total;
        let applied: Partial<Record<CreditBucket, number>> | undefined;
        // Chargebee spends promotional credits before refundable ones and excess payments.
        for (const bucket of CREDIT_BUCKETS) {
          const use = Math.min(Math.max(0, owner.balances[bucket]), remaining);
          if (use > 0) {
            applied = { ...(applied ?? record.applied), [bucket]: use };
            record.applied = Object.freeze(applied);
            ledger.post(owner, -use, bucket, 'applied_to_invoice', { invoiceId: record.id });
            remaining -= use;
          }
        }
      }
      record.status = 'open';
      record.finalizedAt = now();
      context.events.record('invoice.finalized', record.id);
      settleIfNothingDue(context, record);
      return record;
    },

    pay(invoiceId, options = {}) {
      const record = invoiceOf(tables, invoiceId);
      if (record.status !== 'open' && record.status !== 'uncollectible') {
        throw refused(
          `invoice ${record.id} is ${record.status}; only open or uncollectible invoices can be paid`,
        );
      }
      const due = amountDue(record);
      const amount = options.amount ?? due;
      if (!Number.isSafeInteger(amount) || amount <= 0 || amount > due) {
        throw refused(`payment of ${amount} must be an integer between 1 and the ${due} due`);
      }
      record.amountPaid += amount;
      record.payments = Object.freeze([
        ...record.payments,
        Object.freeze({
          amount,
          at: options.at ?? now(),
          ...(options.received ? { received: options.received } : {}),
        }),
      ]);
      context.events.record('invoice.payment_recorded', record.id);
      settleIfNothingDue(context, record);
      return record;
    },

    markUncollectible(invoiceId) {
      const record = invoiceOf(tables, invoiceId);
      if (record.status !== 'open') throw refused(`invoice ${record.id} is ${record.status}, not open`);
      record.status = 'uncollectible';
      context.events.record('invoice.marked_uncollectible', record.id);
      return record;
    },

    updateMetadata(invoiceId, metadata) {
      const record = invoiceOf(tables, invoiceId);
      record.metadata = mergeMetadata(record.metadata, metadata);
      context.events.record('invoice.updated', record.id);
      return record;
    },

    deleteDraft(invoiceId) {
      const record = invoiceOf(tables, invoiceId);
      if (record.status !== 'draft') {
        throw refused(`invoice ${record.id} is ${record.status}; only drafts can be deleted`);
      }
      for (const line of record.lines) {
        if (line.itemId !== undefined && tables.invoiceItems.delete(line.itemId)) {
          context.events.record('invoice_item.deleted', line.itemId);
        }
      }
      tables.invoices.delete(record.id);
      context.events.record('invoice.deleted', record.id);
    },

    void: (invoiceId, options) => voidInvoice(context, ledger, invoiceOf(tables, invoiceId), options),

    voidBlockers: (invoiceId) => voidBlockers(flavor, invoiceOf(tables, invoiceId)),

    get: (invoiceId) => invoiceOf(tables, invoiceId),

    find: (invoiceId) => tables.invoices.get(invoiceId),

    list: (options = {}) =>
      listPage(
        tables.invoices,
        'invoice',
        options,
        (record) =>
          (options.customerId === undefined || record.customerId === options.customerId) &&
          (options.subscriptionId === undefined || record.subscriptionId === options.subscriptionId),
      ),
  };
}
