import { InvoiceNotVoidableError } from '@billbridge/core';
import type { CreditNoteRecord, InvoiceRecord } from '../memory-records.js';
import { toInvoice } from '../normalize.js';
import { issueCreditNote } from './credit-notes.js';
import type { CustomerLedger } from './customer-ledger.js';
import { amountDue, appliedTotal, CREDIT_BUCKETS } from './invoice-amounts.js';
import { voidBlockers } from './invoice-status.js';
import { creditsOfInvoice, customerOf, type StateContext } from './state-context.js';

/**
 * Options of `invoices.void`: whether the applied credit is consumed or returned, and the reason code and
 * comment to store.
 */
export interface VoidInvoiceOptions {
  /**
   * `true`: the credit applied at finalize stays spent (Stripe before 2019-12-03 by default, or
   * `consume_applied_balance`); `false`: it goes back to the customer's ledger, bucket by bucket.
   */
  // The caller decides (by API version, request or subscription setting), so one state serves
  // requests of several Stripe versions.
  consume: boolean;
  /** Stored as the invoice's `voidReasonCode` (Chargebee's `void_reason_code`). */
  reasonCode?: string | null;
  /** Stored as the invoice's `voidComment` (Chargebee's `comment`). */
  comment?: string | null;
  /** Merged into the invoice's metadata at the void (billbridge's Stripe reason keys). */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * What `invoices.void` did: the voided invoice, the credit returned to the customer (integer minor units)
 * and the credit note a Chargebee-flavored void made.
 */
export interface VoidInvoiceOutcome {
  invoice: Readonly<InvoiceRecord>;
  /** The credit returned to the customer (0 when consumed or none was applied). */
  balanceReturned: number;
  /** Chargebee flavor with `voidCreatesCreditNote`: the adjustment credit note for what was due. */
  creditNote: Readonly<CreditNoteRecord> | null;
}

/**
 * Voids an open or uncollectible invoice by the flavor's rules (DESIGN §3): refuses with
 * `InvoiceNotVoidableError` naming the blockers; returns or consumes the applied balance; Chargebee
 * flavor with "void invoices with credit note" issues an adjustment for what was due. Records
 * `customer.balance_changed`, `credit_note.created`, then `invoice.voided`.
 */
export function voidInvoice(
  context: StateContext,
  ledger: CustomerLedger,
  record: InvoiceRecord,
  options: VoidInvoiceOptions,
): VoidInvoiceOutcome {
  const { flavor } = context;
  const blockers = voidBlockers(flavor, record);
  if (blockers.length > 0) {
    throw new InvoiceNotVoidableError({
      invoiceId: record.id,
      blockers,
      invoice: toInvoice(record, flavor, creditsOfInvoice(context.tables, record.id)),
      provider: 'memory',
      status: flavor.name === 'chargebee' ? 409 : 400,
    });
  }
  const owner = customerOf(context.tables, record.customerId);
  const dueAtVoid = amountDue(record);
  const applied = appliedTotal(record);
  if (!options.consume) {
    // By name, in the order finalize applied them (`Object.entries` of the frozen parts is slow).
    for (const bucket of CREDIT_BUCKETS) {
      const amount = record.applied[bucket];
      if (amount !== undefined)
        ledger.post(owner, amount, bucket, 'returned_on_void', { invoiceId: record.id });
    }
  }
  record.status = 'void';
  record.voidedAt = context.clock.nowIso();
  if (options.reasonCode !== undefined) record.voidReasonCode = options.reasonCode;
  if (options.comment !== undefined) record.voidComment = options.comment;
  if (options.metadata !== undefined)
    record.metadata = Object.freeze({ ...record.metadata, ...options.metadata });
  let creditNote: CreditNoteRecord | null = null;
  if (flavor.name === 'chargebee' && flavor.capabilities.voidInvoice.creditNoteOnVoid && dueAtVoid > 0) {
    creditNote = issueCreditNote(context, record, {
      kind: 'adjustment',
      total: dueAtVoid,
      creditAmount: 0,
      refundAmount: 0,
      outOfBandAmount: 0,
      reason: null,
      reasonCode: 'Invoice Void',
      memo: null,
      createdByVoid: true,
    });
    // Chargebee lists it on the voided invoice (`adjustment_credit_notes[]`).
    record.adjusted += dueAtVoid;
    context.events.record('credit_note.created', creditNote.id);
  }
  context.events.record('invoice.voided', record.id);
  return { invoice: record, balanceReturned: options.consume ? 0 : applied, creditNote };
}
