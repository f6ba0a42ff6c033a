/**
 * Records → billbridge's `Invoice`, `CreditNote`, `CustomerBalance`. Their `raw` is the record as
 * the provider would send it (render/render-raw.ts), rendered now and deep-frozen, so it never
 * follows later changes of the record. Rendered when made rather than on first read: an own
 * getter would keep `raw` lazy, but V8 (Node 20) makes an object literal with an accessor about
 * as slow as rendering the invoice, and a prototype getter would drop `raw` from spreads and
 * `JSON.stringify` (docs/memory-provider.md).
 */
import type { CreditNote, CustomerBalance, Invoice } from '@billbridge/core';
import type { MemoryFlavor } from './memory-flavor.js';
import type { CreditNoteRecord, CustomerRecord, InvoiceCredits, InvoiceRecord } from './memory-records.js';
import { renderCreditNoteRaw, renderCustomerRaw, renderInvoiceRaw } from './render/render-raw.js';
import {
  amountCreditable,
  amountDue,
  appliedTotal,
  reportedApplied,
  reportedPaid,
} from './state/invoice-amounts.js';

// The amount rules live with the invoices in state/; kept importable from here as before.
export { amountCreditable, amountDue, appliedTotal };

/** `credits`: the invoice's, which a Chargebee invoice's `raw` lists. */
export function toInvoice(record: InvoiceRecord, flavor: MemoryFlavor, credits?: InvoiceCredits): Invoice {
  const money = (amount: number) => ({ amount, currency: record.currency });
  const applied = reportedApplied(record, flavor);
  return {
    id: record.id,
    provider: 'memory',
    customerId: record.customerId,
    subscriptionId: record.subscriptionId,
    status: record.status,
    providerStatus: flavor.statusWords[record.status],
    currency: record.currency,
    total: money(record.total),
    amountDue: money(amountDue(record)),
    amountPaid: money(reportedPaid(record, flavor)),
    appliedBalance: applied > 0 ? money(applied) : null,
    amountCredited: money(record.adjusted + record.credited),
    amountCreditable: money(amountCreditable(record, flavor)),
    voidReasonCode: record.voidReasonCode,
    metadata: { ...record.metadata },
    createdAt: record.createdAt,
    voidedAt: record.voidedAt,
    raw: renderInvoiceRaw(record, flavor, credits),
  };
}

export function toCreditNote(record: CreditNoteRecord, flavor: MemoryFlavor): CreditNote {
  return {
    id: record.id,
    provider: 'memory',
    invoiceId: record.invoiceId,
    customerId: record.customerId,
    kind: record.kind,
    status: record.status,
    providerStatus: creditNoteStatusWord(record, flavor),
    total: { amount: record.total, currency: record.currency },
    creditAmount: record.creditAmount,
    refundAmount: record.refundAmount,
    outOfBandAmount: record.outOfBandAmount,
    reason: record.reason,
    reasonCode: record.reasonCode,
    memo: record.memo,
    createdAt: record.createdAt,
    raw: renderCreditNoteRaw(record, flavor),
  };
}

function creditNoteStatusWord(record: CreditNoteRecord, flavor: MemoryFlavor): string {
  if (flavor.name === 'stripe') return record.status === 'void' ? 'void' : 'issued';
  if (record.status === 'void') return 'voided';
  if (record.kind === 'adjustment') return 'adjusted';
  if (record.kind === 'credit') return 'refund_due';
  return 'refunded';
}

export function toCustomerBalance(
  record: CustomerRecord,
  currency: string,
  flavor: MemoryFlavor,
): CustomerBalance {
  const sameCurrency = currency === record.currency;
  const sum = (bucket: keyof CustomerRecord['balances']) => (sameCurrency ? record.balances[bucket] : 0);
  const breakdown = {
    promotional: sum('promotional'),
    refundable: sum('refundable'),
    excessPayments: sum('excess'),
  };
  const credit = breakdown.promotional + breakdown.refundable + breakdown.excessPayments;
  if (flavor.name === 'stripe') {
    breakdown.promotional = credit;
    breakdown.refundable = 0;
    breakdown.excessPayments = 0;
  }
  return {
    customerId: record.id,
    currency,
    credit,
    // As both adapters give it: Stripe's one balance is all `promotional` (the Stripe adapter's reading).
    breakdown,
    raw: renderCustomerRaw(record, flavor),
  };
}
