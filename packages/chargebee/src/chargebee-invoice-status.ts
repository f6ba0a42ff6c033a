import type { InvoiceStatus } from '@billbridge/core';

/** Chargebee's invoice statuses (`Invoice.status` in the SDK's types). */
export type ChargebeeInvoiceStatus = 'paid' | 'posted' | 'payment_due' | 'not_paid' | 'voided' | 'pending';

/** DESIGN §3.4: pending→draft, posted/payment_due→open, not_paid→uncollectible, voided→void, paid→paid. */
export const chargebeeInvoiceStatusMap: Record<ChargebeeInvoiceStatus, InvoiceStatus> = {
  pending: 'draft',
  posted: 'open',
  payment_due: 'open',
  not_paid: 'uncollectible',
  voided: 'void',
  paid: 'paid',
};

/**
 * Chargebee's invoice status word as billbridge's `InvoiceStatus` (`chargebeeInvoiceStatusMap`); a
 * `TypeError` for a word Chargebee does not use.
 */
export function mapChargebeeInvoiceStatus(status: string): InvoiceStatus {
  // Own keys only: `constructor` is a word Chargebee does not use, not Object.prototype's member.
  const mapped = Object.hasOwn(chargebeeInvoiceStatusMap, status)
    ? chargebeeInvoiceStatusMap[status as ChargebeeInvoiceStatus]
    : undefined;
  if (!mapped) throw new TypeError(`unknown Chargebee invoice status ${JSON.stringify(status)}`);
  return mapped;
}
