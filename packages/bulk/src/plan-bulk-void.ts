import { type BillingClient, BillingError, type CheckVoidableResult } from '@billbridge/core';
import type { BulkInvoiceRecord, BulkSummaryRecord } from './bulk-records.js';
import { createBulkTally } from './bulk-tally.js';
import type { BulkVoidOptions } from './journal-records.js';
import { stoppedBeforeSending } from './void-one-invoice.js';

/** Settings of `planBulkVoid`. */
export interface PlanBulkVoidOptions {
  /** Best paced by the account's rate limiter (`rateLimitProvider`): a plan reads every invoice. */
  client: BillingClient;
  invoiceIds: readonly string[];
  void?: Pick<BulkVoidOptions, 'appliedBalance'>;
  /** Invoices read at once (default 4). */
  concurrency?: number;
  /** Aborting stops reading; the plan then covers only what was read (`interrupted`). */
  stopSignal?: AbortSignal;
  /** Each invoice's record, as it is read (in completion order). */
  onRecord?: (record: BulkInvoiceRecord) => void;
}

/** A plan: one record per invoice read, in input order, and the totals. */
export interface BulkVoidPlan {
  records: BulkInvoiceRecord[];
  summary: BulkSummaryRecord;
}

/**
 * What a bulk void would do, changing nothing: `checkVoidable` for each invoice gives voidable or
 * the blockers; a voidable invoice's applied customer balance is what the void would give back
 * (`appliedBalance: 'return'`) or consume, and where the provider makes a credit note on void
 * (Chargebee's site setting) it is expected for the amount due.
 */
export async function planBulkVoid(options: PlanBulkVoidOptions): Promise<BulkVoidPlan> {
  const { client } = options;
  const mode = options.void?.appliedBalance ?? 'return';
  const makesCreditNote = client.capabilities.voidInvoice.creditNoteOnVoid;
  const records: (BulkInvoiceRecord | undefined)[] = new Array(options.invoiceIds.length);
  let next = 0;

  async function worker() {
    while (next < options.invoiceIds.length && !options.stopSignal?.aborted) {
      const index = next++;
      const invoiceId = options.invoiceIds[index]!;
      let record: BulkInvoiceRecord;
      try {
        record = planRecord(invoiceId, await client.checkVoidable(invoiceId), mode, makesCreditNote);
      } catch (error) {
        // Stopped while the read waited for the rate limit: not read, so not in the plan.
        if (stoppedBeforeSending(error)) continue;
        record = {
          type: 'invoice',
          invoiceId,
          status: 'failed',
          error: BillingError.isInstance(error)
            ? { code: error.code, message: error.message }
            : { code: 'internal', message: error instanceof Error ? error.message : String(error) },
        };
      }
      records[index] = record;
      options.onRecord?.(record);
    }
  }

  const concurrency = options.concurrency ?? 4;
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const read = records.filter((record): record is BulkInvoiceRecord => record !== undefined);
  const tally = createBulkTally(options.invoiceIds.length);
  for (const record of read) tally.add(record);
  const interrupted = read.length < options.invoiceIds.length;
  return { records: read, summary: tally.summary({ plan: true, ...(interrupted ? { interrupted } : {}) }) };
}

function planRecord(
  invoiceId: string,
  check: CheckVoidableResult,
  mode: 'return' | 'consume',
  makesCreditNote: boolean,
): BulkInvoiceRecord {
  const { invoice } = check;
  if (!check.voidable) {
    return { type: 'invoice', invoiceId, status: 'refused', blockers: [...check.blockers] };
  }
  const applied = invoice.appliedBalance && invoice.appliedBalance.amount > 0 ? invoice.appliedBalance : null;
  const record: BulkInvoiceRecord = {
    type: 'invoice',
    invoiceId,
    status: 'voidable',
    balanceReturned: mode === 'return' ? applied : null,
    creditNote:
      makesCreditNote && invoice.amountDue.amount > 0 ? { id: null, total: invoice.amountDue } : null,
  };
  if (mode === 'consume') record.balanceConsumed = applied;
  return record;
}
