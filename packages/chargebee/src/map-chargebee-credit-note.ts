import { type CreditNote, type CreditNoteKind, money, unixSecondsToIso } from '@billbridge/core';
import type { CreditNote as ChargebeeCreditNote } from 'chargebee';

function creditNoteKind(raw: ChargebeeCreditNote, total: number, refunded: number): CreditNoteKind {
  if (raw.type === 'adjustment') return 'adjustment';
  if (refunded <= 0) return 'credit';
  return refunded >= total ? 'refund' : 'mixed';
}

/**
 * Normalizes a Chargebee credit note.
 *
 * - kind: `adjustment` → `adjustment` (reduced what was due); `store` → `credit`; `refundable` →
 *   `credit` while nothing was refunded (the amount is the customer's refundable credits),
 *   `refund` when all of it was refunded, `mixed` in between.
 * - status: `voided` → `void`; `adjusted`, `refunded`, `refund_due` → `issued` (`providerStatus` keeps it).
 * - `reason` is Chargebee's `reason_code`, `reasonCode` its `create_reason_code` (site-configured).
 */
export function mapChargebeeCreditNote(raw: ChargebeeCreditNote): CreditNote {
  const currency = raw.currency_code.toLowerCase();
  const total = raw.total ?? 0;
  const refunded = raw.amount_refunded ?? 0;
  const kind = creditNoteKind(raw, total, refunded);
  return {
    id: raw.id,
    provider: 'chargebee',
    invoiceId: raw.reference_invoice_id ?? '',
    customerId: raw.customer_id,
    kind,
    status: raw.status === 'voided' ? 'void' : 'issued',
    providerStatus: raw.status,
    total: money(total, currency),
    creditAmount: kind === 'adjustment' ? 0 : total - refunded,
    refundAmount: refunded,
    outOfBandAmount: 0,
    reason: raw.reason_code ?? null,
    reasonCode: raw.create_reason_code ?? null,
    memo: null,
    createdAt: unixSecondsToIso(raw.date ?? raw.generated_at) ?? new Date(0).toISOString(),
    raw,
  };
}
