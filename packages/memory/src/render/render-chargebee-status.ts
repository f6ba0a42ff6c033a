// Chargebee's status words for memory records, shared by its invoice and credit note renderers.
import type { CreditNoteRecord, InvoiceRecord } from '../memory-records.js';

/** Chargebee's status words for the memory invoice statuses. */
export const chargebeeInvoiceStatusWords: Record<InvoiceRecord['status'], string> = {
  draft: 'pending',
  open: 'payment_due',
  paid: 'paid',
  uncollectible: 'not_paid',
  void: 'voided',
};

/** Chargebee's credit note status: `adjusted`, `refund_due`, `refunded` or `voided`. */
export function chargebeeCreditNoteStatus(note: CreditNoteRecord): string {
  if (note.status === 'void') return 'voided';
  if (note.kind === 'adjustment') return 'adjusted';
  return note.refundAmount > 0 && note.creditAmount === 0 ? 'refunded' : 'refund_due';
}
