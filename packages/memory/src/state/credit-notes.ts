import { type ProviderCreateCreditNoteRequest, stripeHasMixedCreditNotes } from '@billbridge/core';
import type {
  CreditBucket,
  CreditNoteRecord,
  CustomerRecord,
  InvoiceCredits,
  InvoiceRecord,
} from '../memory-records.js';
import { refused } from '../refused.js';
import { chargebeeCreditNote } from './chargebee-credit-note.js';
import type { CustomerLedger } from './customer-ledger.js';
import { reopenIfUncovered, settleIfNothingDue } from './invoice-status.js';
import { type ListPage, type ListPageOptions, listPage } from './list-page.js';
import { splitStripeCreditNote } from './split-stripe-credit-note.js';
import { creditNoteOf, creditsOfInvoice, customerOf, invoiceOf, type StateContext } from './state-context.js';

/** By `amount` (or the whole creditable amount), or split into credit / refund / out-of-band parts. */
export type CreateCreditNoteInput = ProviderCreateCreditNoteRequest;

/**
 * Credit notes: on an unpaid invoice an `adjustment` of what is due; on a paid one credit, refund
 * or out of band, up to what is left. Voiding one undoes it, unless it refunded money, its credit
 * was spent, or its invoice is void.
 */
export interface CreditNoteStore {
  // `mixed`: Stripe splits a note on an unpaid invoice (basil on; default the flavor's version).
  create(input: CreateCreditNoteInput, mixed?: boolean): Readonly<CreditNoteRecord>;
  void(creditNoteId: string): Readonly<CreditNoteRecord>;
  get(creditNoteId: string): Readonly<CreditNoteRecord>;
  find(creditNoteId: string): Readonly<CreditNoteRecord> | undefined;
  /** Every credit note of the invoice, oldest first (throws `NotFoundError` for an unknown invoice). */
  listForInvoice(invoiceId: string): Readonly<CreditNoteRecord>[];
  /** What it lists, not copied (none for an unknown invoice). */
  creditsOf(invoiceId: string): InvoiceCredits;
  list(
    options?: ListPageOptions & { invoiceId?: string; customerId?: string },
  ): ListPage<Readonly<CreditNoteRecord>>;
}

/** The bucket a credit note's credit goes to: Stripe's one balance; Chargebee's refundable credits. */
function creditBucket(context: StateContext): CreditBucket {
  return context.flavor.name === 'stripe' ? 'promotional' : 'refundable';
}

type IssuedFields = Pick<
  CreditNoteRecord,
  | 'kind'
  | 'total'
  | 'creditAmount'
  | 'refundAmount'
  | 'outOfBandAmount'
  | 'reason'
  | 'reasonCode'
  | 'memo'
  | 'createdByVoid'
>;

/** Stores a new credit note for `invoice` (records `credit_note.created`); moves no money. */
export function issueCreditNote(
  context: StateContext,
  invoice: InvoiceRecord,
  fields: IssuedFields,
): CreditNoteRecord {
  const created: CreditNoteRecord = {
    id: context.newId('creditNote'),
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    currency: invoice.currency,
    kind: fields.kind,
    status: 'issued',
    total: fields.total,
    creditAmount: fields.creditAmount,
    refundAmount: fields.refundAmount,
    outOfBandAmount: fields.outOfBandAmount,
    reason: fields.reason,
    reasonCode: fields.reasonCode,
    memo: fields.memo,
    createdAt: context.clock.nowIso(),
    voidedAt: null,
    createdByVoid: fields.createdByVoid,
    available: fields.creditAmount,
    allocations: Object.freeze([]),
  };
  const { creditNotes, notesByInvoice } = context.tables;
  creditNotes.set(created.id, created);
  const notes = notesByInvoice.get(invoice.id);
  if (notes) notes.push(created);
  else notesByInvoice.set(invoice.id, [created]);
  return created;
}

export function createCreditNoteStore(context: StateContext, ledger: CustomerLedger): CreditNoteStore {
  const { tables, flavor } = context;
  return {
    create(request, mixed) {
      const record = invoiceOf(tables, request.invoiceId);
      if (record.status === 'draft' || record.status === 'void') {
        throw refused(`credit notes need a finalized invoice; ${record.id} is ${record.status}`);
      }
      let parts = {
        creditAmount: request.creditAmount ?? 0,
        refundAmount: request.refundAmount ?? 0,
        outOfBandAmount: request.outOfBandAmount ?? 0,
      };
      let kind: CreditNoteRecord['kind'];
      let total: number;
      let prePayment: number;
      if (flavor.name === 'stripe') {
        // Stripe's rule: what is due first (pre-payment), the rest settled as asked (split-stripe-credit-note.ts).
        const split = splitStripeCreditNote(record, request);
        if (typeof split === 'string') throw refused(split);
        // No mixed notes before 2025-05-28 (STRIPE_MIXED_CREDIT_NOTES_SINCE; basil's start until
        // 2026-12-07): on an unpaid invoice a note only lowers what is due.
        if (
          split.total > split.prePayment &&
          record.status !== 'paid' &&
          !(mixed ?? stripeHasMixedCreditNotes(flavor.apiVersion))
        )
          throw refused(`${record.id} is unpaid: a note lowers the ${split.prePayment} due`);
        ({ total, prePayment, kind } = split);
        parts = {
          creditAmount: split.creditAmount,
          refundAmount: split.refundAmount,
          outOfBandAmount: split.outOfBandAmount,
        };
      } else {
        ({ total, kind, parts } = chargebeeCreditNote(record, request, parts, flavor));
        prePayment = kind === 'adjustment' ? total : 0;
      }
      const owner = customerOf(tables, record.customerId);
      if (parts.creditAmount > 0 && record.currency !== owner.currency) {
        // The state keeps one balance currency per customer (finalize applies credit only in it):
        // credit in another would be spent as the customer's own currency.
        throw refused(
          `credit of ${parts.creditAmount} ${record.currency} to ${owner.id}, whose balance is in ${owner.currency}: one currency per customer`,
        );
      }
      const created = issueCreditNote(context, record, {
        kind,
        total,
        ...parts,
        reason: request.reason ?? null,
        reasonCode: request.reasonCode ?? null,
        memo: request.memo ?? null,
        createdByVoid: false,
      });
      record.adjusted += prePayment;
      record.credited += total - prePayment;
      record.refunded += parts.refundAmount;
      ledger.post(owner, parts.creditAmount, creditBucket(context), 'credit_note', {
        invoiceId: record.id,
        creditNoteId: created.id,
      });
      context.events.record('credit_note.created', created.id);
      if (prePayment > 0) settleIfNothingDue(context, record);
      return created;
    },

    void(creditNoteId) {
      const note = creditNoteOf(tables, creditNoteId);
      if (note.status === 'void') throw refused(`credit note ${note.id} is already void`);
      if (note.refundAmount > 0) throw refused(`credit note ${note.id} refunded money and cannot be voided`);
      const record = invoiceOf(tables, note.invoiceId);
      if (record.status === 'void') {
        throw refused(`invoice ${record.id} is void; its credit notes stay as they are`);
      }
      const owner = customerOf(tables, note.customerId);
      if (note.creditAmount > 0) {
        const bucket = creditBucket(context);
        // Chargebee: what this note gave and was spent; Stripe: one balance, so what is left of it.
        const used = note.creditAmount - (bucket === 'refundable' ? note.available : owner.balances[bucket]);
        if (used > 0) {
          throw refused(
            `the customer has already used ${Math.min(used, note.creditAmount)} of the ${note.creditAmount} this credit note gave`,
          );
        }
        note.available = 0;
        ledger.post(owner, -note.creditAmount, bucket, 'credit_note_voided', {
          invoiceId: record.id,
          creditNoteId: note.id,
        });
      }
      // What lowered the amount due (pre-payment) and what was settled after payment.
      const settled = note.creditAmount + note.refundAmount + note.outOfBandAmount;
      record.credited -= settled;
      record.adjusted -= note.total - settled;
      note.status = 'void';
      note.voidedAt = context.clock.nowIso();
      context.events.record('credit_note.voided', note.id);
      if (note.total > settled) reopenIfUncovered(context, record);
      return note;
    },

    get: (creditNoteId) => creditNoteOf(tables, creditNoteId),

    find: (creditNoteId) => tables.creditNotes.get(creditNoteId),

    listForInvoice(invoiceId) {
      invoiceOf(tables, invoiceId);
      return [...creditsOfInvoice(tables, invoiceId).creditNotes];
    },

    creditsOf: (invoiceId) => creditsOfInvoice(tables, invoiceId),

    list: (options = {}) =>
      listPage(
        tables.creditNotes,
        'credit note',
        options,
        (note) =>
          (options.invoiceId === undefined || note.invoiceId === options.invoiceId) &&
          (options.customerId === undefined || note.customerId === options.customerId),
      ),
  };
}

/**
 * After `owner`'s refundable credits were spent: what is left of each of its credit notes. Every
 * refundable credit posted (a note's, or one from elsewhere such as a seeded balance) is spent
 * oldest first, so a note keeps what the spending so far has not reached; a voided note's credit
 * left whole (its void requires that), so it is no longer in the line. Returns what each note gave.
 */
export function spendNoteCredit(
  context: StateContext,
  owner: CustomerRecord,
): { note: CreditNoteRecord; amount: number }[] {
  const given: { note: CreditNoteRecord; amount: number }[] = [];
  let spent = 0;
  for (const entry of owner.ledger)
    if (entry.bucket === 'refundable' && entry.amount < 0 && entry.reason !== 'credit_note_voided')
      spent -= entry.amount;
  for (const entry of owner.ledger) {
    if (entry.bucket !== 'refundable' || entry.amount <= 0) continue;
    const note =
      entry.creditNoteId === undefined ? undefined : context.tables.creditNotes.get(entry.creditNoteId);
    if (note?.status === 'void') continue;
    const taken = Math.min(Math.max(spent, 0), entry.amount);
    if (note && entry.reason === 'credit_note') {
      const left = entry.amount - taken;
      if (note.available > left) given.push({ note, amount: note.available - left });
      note.available = left;
    }
    spent -= entry.amount;
  }
  return given;
}
