import type { VoidBlocker } from '@billbridge/core';
import type { Invoice as ChargebeeInvoice } from 'chargebee';

const statusBlockers: Partial<Record<string, VoidBlocker>> = {
  voided: 'already_void',
  paid: 'paid',
  pending: 'draft',
};

const refundedCreditStatuses = new Set(['refunded', 'refund_due']);
const livePaymentStatuses = new Set(['success', 'in_progress']);

/**
 * Why Chargebee would refuse to void this invoice, read from the invoice's own fields (DESIGN §3.4;
 * preconditions of `POST /invoices/{id}/void`, apidocs.chargebee.com "Void an invoice").
 *
 * A status that is not voidable (`voided`, `paid`, `pending`) is the whole answer: a paid invoice
 * has payments by definition, and naming them as well would only say the same thing twice. For the
 * voidable statuses (`payment_due`, `posted`, `not_paid`) the other preconditions are checked:
 * - `has_payments`: `linked_payments[]` with `txn_status` `success` or `in_progress`;
 * - `has_adjustments`: `amount_adjusted` ≠ 0, or an `adjustment_credit_notes[]` entry still `adjusted`;
 * - `has_refunded_credits`: `applied_credits[]` / `issued_credit_notes[]` with `cn_status` `refunded` or `refund_due`;
 * - `has_taxes_withheld`: `linked_taxes_withheld[]` non-empty (documented on the invoice, not in the SDK's type).
 */
export function chargebeeVoidBlockers(invoice: ChargebeeInvoice): VoidBlocker[] {
  // Own keys only: a status named like an Object.prototype member (`constructor`) has no blocker
  // of its own, it is not the member (`function Object()`).
  const byStatus = Object.hasOwn(statusBlockers, invoice.status) ? statusBlockers[invoice.status] : undefined;
  if (byStatus) return [byStatus];
  const blockers: VoidBlocker[] = [];
  if ((invoice.linked_payments ?? []).some((payment) => livePaymentStatuses.has(payment.txn_status ?? ''))) {
    blockers.push('has_payments');
  }
  if (
    (invoice.amount_adjusted ?? 0) !== 0 ||
    (invoice.adjustment_credit_notes ?? []).some((note) => note.cn_status === 'adjusted')
  ) {
    blockers.push('has_adjustments');
  }
  if (
    [...(invoice.applied_credits ?? []), ...(invoice.issued_credit_notes ?? [])].some((credit) =>
      refundedCreditStatuses.has(credit.cn_status),
    )
  ) {
    blockers.push('has_refunded_credits');
  }
  const withheld = invoice.linked_taxes_withheld;
  if (Array.isArray(withheld) && withheld.length > 0) blockers.push('has_taxes_withheld');
  return blockers;
}
