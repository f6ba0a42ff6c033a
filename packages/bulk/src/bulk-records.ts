import type { Money, VoidBlocker } from '@billbridge/core';

/** One invoice's line of output (DESIGN §15): NDJSON with `--json`, a table row otherwise. */
export interface BulkInvoiceRecord {
  type: 'invoice';
  invoiceId: string;
  /** `voidable` only in a plan (dry run); `skipped`: done in an earlier run of the job. */
  status: 'voided' | 'refused' | 'failed' | 'voidable' | 'skipped';
  blockers?: VoidBlocker[];
  /** Customer credit the void gave back (or, in a plan, would give back); `null` when none. */
  balanceReturned?: Money | null;
  /** Customer credit the void consumed (`--applied-balance consume` on Stripe before 2019-12-03). */
  balanceConsumed?: Money | null;
  /** The credit note the void made (or, in a plan, would make: `id` is then `null`). */
  creditNote?: { id: string | null; total: Money } | null;
  error?: { code: string; message: string };
  /** The void's answer was lost; the invoice was read back and is void. */
  reconciled?: boolean;
  /** The provider answered from its idempotency record. */
  replayed?: boolean;
  /** For `skipped`: what the earlier run journaled. */
  previousStatus?: 'voided' | 'refused';
}

/** The last line of output (DESIGN §15): the job's totals (not only this run's). */
export interface BulkSummaryRecord {
  type: 'summary';
  total: number;
  voided: number;
  refused: number;
  failed: number;
  /** Plans only: how many would be voided, and what blocks the others. */
  voidable?: number;
  blocked?: Partial<Record<VoidBlocker, number>>;
  /** Per currency, sorted by currency code: credit given back (or, in a plan, to give back). */
  balanceReturned: Money[];
  /** Per currency: credit consumed (only when any was). */
  balanceConsumed?: Money[];
  /** Credit notes made (or, in a plan, expected) by the voids, with their totals per currency. */
  creditNotes?: { count: number; total: Money[] };
  /** Runs only: done in an earlier run, and not yet tried (the run was interrupted). */
  skipped?: number;
  pending?: number;
  jobId?: string;
  interrupted?: boolean;
}
