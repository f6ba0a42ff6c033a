import type { InvoiceStatus } from '@billbridge/core';

// Records are the live state and change in place at the top level; their nested parts (lines,
// applied credit, metadata, subscription items) are frozen and replaced, never edited, so a
// snapshot is one shallow copy that shares them (`snapshotRecord`, state/frozen-parts.ts).

export type Metadata = Readonly<Record<string, string>>;

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
  /** Key-value pairs a caller attached (a Stripe customer balance transaction's `metadata`). */
  metadata?: Readonly<Record<string, string>>;
  at: string;
}

/**
 * A customer as the memory state keeps it: its currency, credit ledger and running balances per bucket
 * (integer minor units), and descriptive fields.
 */
export interface CustomerRecord {
  id: string;
  currency: string;
  ledger: LedgerEntry[];
  /** Running sum of the ledger per bucket (kept by the one function that appends to the ledger). */
  balances: Record<CreditBucket, number>;
  /** The provider's descriptive fields (Stripe `email`, `name`, `description`, `metadata`); none by default. */
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Metadata;
  /**
   * Descriptive fields no rule reads, by the provider's names (Chargebee's `first_name`,
   * `company`…); `{}` when none.
   */
  details: Readonly<Record<string, string>>;
  createdAt: string;
}

/**
 * A subscription as the memory state keeps it: its customer, the stored void setting for applied balance,
 * its priced items and metadata.
 */
export interface SubscriptionRecord {
  id: string;
  customerId: string;
  /** `undefined` until set: the flavor's default then applies. */
  consumeAppliedBalanceOnVoid: boolean | undefined;
  /** What the subscription bills per period (Stripe `items[].price_data`); empty when not given. */
  items: readonly Readonly<SubscriptionItemRecord>[];
  metadata: Metadata;
  createdAt: string;
}

/** One priced item of a subscription: an inline price, modelled only as far as billing needs it. */
export interface SubscriptionItemRecord {
  id: string;
  /** The product the price is for (an id the caller gave; products are not modelled further). */
  productId: string;
  priceId: string;
  currency: string;
  /** Integer minor units per unit and period. */
  unitAmount: number;
  quantity: number;
  interval: 'day' | 'week' | 'month' | 'year';
  intervalCount: number;
}

/** A Stripe invoice item: an amount waiting for the customer's next invoice, or a line of a draft. */
export interface InvoiceItemRecord {
  id: string;
  customerId: string;
  /** The invoice it is a line of, or `null` while pending. */
  invoiceId: string | null;
  currency: string;
  /** Integer minor units, positive. */
  amount: number;
  description: string | null;
  metadata: Metadata;
  createdAt: string;
}

/** One line of an invoice (frozen). `itemId`: the invoice item it came from (Stripe), when there is one. */
export interface InvoiceLineRecord {
  readonly amount: number;
  readonly description: string | null;
  readonly itemId?: string;
}

/**
 * An invoice as the memory state keeps it: lines, total, credit applied per bucket, amounts paid and
 * adjusted (integer minor units), status and dates.
 */
export interface InvoiceRecord {
  id: string;
  customerId: string;
  subscriptionId: string | null;
  currency: string;
  /** `itemId`: the invoice item the line came from (Stripe), when there is one. */
  lines: readonly InvoiceLineRecord[];
  total: number;
  status: InvoiceStatus;
  /** Credit applied at finalize, per bucket it came from. */
  applied: Readonly<Partial<Record<CreditBucket, number>>>;
  amountPaid: number;
  payments: readonly InvoicePayment[];
  /** Adjustment (pre-payment) credit notes not voided. */
  adjusted: number;
  /** Post-payment credit notes not voided. */
  credited: number;
  refunded: number;
  voidReasonCode: string | null;
  voidComment: string | null;
  metadata: Metadata;
  createdAt: string;
  finalizedAt: string | null;
  paidAt: string | null;
  voidedAt: string | null;
}

/**
 * A credit note as the memory state keeps it: invoice, kind, status and its total split into
 * credit, refund and out-of-band parts (minor units).
 */
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
  /** What is left of `creditAmount` (Chargebee flavor: refundable credits are spent oldest first). */
  available: number;
  /** Chargebee: the invoices its credit was spent on. */
  allocations: readonly CreditAllocation[];
}

/** One of an invoice's `payments`, oldest first. */
export interface InvoicePayment {
  readonly amount: number;
  readonly at: string;
  /** The whole transaction, when it was more than `amount` (the rest went to excess payments). */
  readonly received?: number;
}

/** Credit of a note spent on an invoice. */
export interface CreditAllocation {
  readonly invoice: InvoiceRecord;
  readonly amount: number;
  readonly at: string;
}

/** An invoice's `applied_credits[]` entry. */
export interface CreditApplication {
  readonly note: CreditNoteRecord;
  readonly amount: number;
  readonly at: string;
}

/** What a Chargebee invoice lists. */
export interface InvoiceCredits {
  creditNotes: readonly CreditNoteRecord[];
  creditsApplied: readonly CreditApplication[];
}
