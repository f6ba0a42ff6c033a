import type { MemoryFlavor } from '../memory-flavor.js';
import type { InvoiceRecord } from '../memory-records.js';

/** The customer credit applied to the invoice at finalize, all buckets together. */
export function appliedTotal(invoice: InvoiceRecord): number {
  let sum = 0;
  for (const amount of Object.values(invoice.applied)) sum += amount ?? 0;
  return sum;
}

/**
 * What a credit note can still cover: what is due on an unpaid invoice; on a paid one the total less
 * what was credited (Chargebee flavor: less the promotional credits too, which Chargebee books as a discount).
 */
export function amountCreditable(invoice: InvoiceRecord, flavor: MemoryFlavor): number {
  if (invoice.status === 'draft' || invoice.status === 'void') return 0;
  if (invoice.status !== 'paid') return amountDue(invoice);
  const discount = flavor.capabilities.creditNotes.appliedBalanceCreditable ? 0 : appliedTotal(invoice);
  return Math.max(0, invoice.total - discount - invoice.adjusted - invoice.credited);
}

/** What is still owed on the invoice. */
export function amountDue(invoice: InvoiceRecord): number {
  if (invoice.status === 'draft') return invoice.total;
  if (invoice.status === 'void' || invoice.status === 'paid') return 0;
  return Math.max(0, invoice.total - appliedTotal(invoice) - invoice.adjusted - invoice.amountPaid);
}
