import type { VoidBlocker } from '@billbridge/core';
import type { MemoryFlavor } from '../memory-flavor.js';
import type { InvoiceRecord } from '../memory-records.js';
import { amountDue, appliedTotal } from './invoice-amounts.js';
import type { StateContext } from './state-context.js';

/**
 * The invoice status moves other resources cause (a payment, an adjustment credit note or its
 * void), shared by `invoices.ts` and `credit-notes.ts`. The statuses: draft → open (finalize) →
 * paid (nothing due) | uncollectible (marked) | void; paid → open again only when an adjustment
 * credit note that settled it is voided.
 */

/** Marks the invoice paid if nothing is due any more (records `invoice.paid`). */
export function settleIfNothingDue(context: StateContext, record: InvoiceRecord): void {
  if (amountDue(record) !== 0) return;
  record.status = 'paid';
  record.paidAt = context.clock.nowIso();
  context.events.record('invoice.paid', record.id);
}

/**
 * After an adjustment was voided: a paid invoice no longer covered is open again (Stripe, records
 * `invoice.reopened`), any invoice `not_paid` (Chargebee: `invoice.marked_uncollectible`).
 */
export function reopenIfUncovered(context: StateContext, record: InvoiceRecord): void {
  const chargebee = context.flavor.name === 'chargebee';
  if (record.status !== 'paid' && !(chargebee && record.status === 'open')) return;
  if (record.amountPaid + appliedTotal(record) + record.adjusted >= record.total) return;
  record.status = chargebee ? 'uncollectible' : 'open';
  record.paidAt = null;
  context.events.record(chargebee ? 'invoice.marked_uncollectible' : 'invoice.reopened', record.id);
}
// Chargebee: https://apidocs.chargebee.com/docs/api/credit_notes/void-a-credit-note ("the associated
// invoice status changes to not_paid, and the amount_due on the invoice increases").

/** Why the invoice cannot be voided now (empty: it can). Chargebee also refuses payments, adjustments and spent refundable credits. */
export function voidBlockers(flavor: MemoryFlavor, record: InvoiceRecord): VoidBlocker[] {
  if (record.status === 'void') return ['already_void'];
  if (record.status === 'paid') return ['paid'];
  if (record.status === 'draft') return ['draft'];
  const blockers: VoidBlocker[] = [];
  if (flavor.name === 'chargebee') {
    // Excess payments applied at finalize are linked payments in Chargebee (`linked_payments[]`).
    if (record.amountPaid > 0 || (record.applied.excess ?? 0) > 0) blockers.push('has_payments');
    if (record.adjusted > 0) blockers.push('has_adjustments');
    // Refundable credits spent on it (`applied_credits[]`), or refundable notes of its own
    // (`refund_due` / `refunded`): seed 003. Refundable credit seeded with no note blocks too, though
    // no `applied_credits[]` entry can name it (Chargebee has none without a note).
    if ((record.applied.refundable ?? 0) > 0 || record.credited > 0) blockers.push('has_refunded_credits');
  }
  return blockers;
}
