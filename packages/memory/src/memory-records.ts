import type { InvoiceStatus } from '@billbridge/core';

/** Where a customer's credit sits. Stripe has one balance (`promotional` here); Chargebee keeps three. */
export type CreditBucket = 'promotional' | 'refundable' | 'excess';

/** One movement of a customer's credit. The credit is always the sum of the ledger. */
export interface LedgerEntry {
  id: string;
  /** Positive: credit given to the customer. Negative: credit used. Integer minor units. */
  amount: number;
  bucket: CreditBucket;
  /** `adjusted`: a balance change made directly (`customers.adjustBalance`, a Stripe customer balance transaction). */
  reason:
    | 'seeded'
    | 'applied_to_invoice'
    | 'returned_on_void'
    | 'credit_note'
    | 'credit_note_voided'
    | 'adjusted';
  invoiceId?: string;
  creditNoteId?: string;
  /** What the caller said the change was for (`adjustBalance` only). */
  description?: string;
  at: string;
}

export interface CustomerRecord {
  id: string;
  currency: string;
  ledger: LedgerEntry[];
  /** Running sum of the ledger per bucket (kept by the one function that appends to the ledger). */
  balances: Record<CreditBucket, number>;
  createdAt: string;
}

export interface SubscriptionRecord {
  id: string;
  customerId: string;
  /** `undefined` until set: the flavor's default then applies. */
  consumeAppliedBalanceOnVoid: boolean | undefined;
  createdAt: string;
}

export interface InvoiceRecord {
  id: string;
  customerId: string;
  subscriptionId: string | null;
  currency: string;
  lines: { amount: number; description: string | null }[];
  total: number;
  status: InvoiceStatus;
  /** Credit applied at finalize, per bucket it came from. */
  applied: Partial<Record<CreditBucket, number>>;
  amountPaid: number;
  /** Adjustment (pre-payment) credit notes not voided. */
  adjusted: number;
  /** Post-payment credit notes not voided. */
  credited: number;
  refunded: number;
  voidReasonCode: string | null;
  voidComment: string | null;
  metadata: Record<string, string>;
  createdAt: string;
  finalizedAt: string | null;
  paidAt: string | null;
  voidedAt: string | null;
}

export interface CreditNoteRecord {
  id: string;
  invoiceId: string;
  customerId: string;
  currency: string;
  kind: 'adjustment' | 'refund' | 'credit' | 'mixed';
  status: 'issued' | 'void';
  total: number;
  creditAmount: number;
  refundAmount: number;
  outOfBandAmount: number;
  reason: string | null;
  reasonCode: string | null;
  memo: string | null;
  createdAt: string;
  voidedAt: string | null;
  /** Credit notes Chargebee makes when it voids an invoice. */
  createdByVoid: boolean;
}
