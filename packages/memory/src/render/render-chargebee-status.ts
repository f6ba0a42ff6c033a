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

/** Chargebee's credit note status: `adjusted`, `refund_due` (credit left), `refunded` or `voided`. */
export function chargebeeCreditNoteStatus(note: CreditNoteRecord): string {
  if (note.status === 'void') return 'voided';
  if (note.kind === 'adjustment') return 'adjusted';
  // Refunded or spent on invoices, all of it: https://apidocs.chargebee.com/docs/api/invoices/apply-credits-for-an-invoice
  return note.available > 0 ? 'refund_due' : 'refunded';
}
