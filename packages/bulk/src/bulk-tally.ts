import type { Money, VoidBlocker } from '@billbridge/core';
import type { BulkInvoiceRecord, BulkSummaryRecord } from './bulk-records.js';

/** Sums of integer minor units per currency. */
function currencyTotals() {
  const sums = new Map<string, number>();
  return {
    add(money: Money | null | undefined) {
      if (!money || money.amount === 0) return;
      const next = (sums.get(money.currency) ?? 0) + money.amount;
      if (!Number.isSafeInteger(next))
        throw new RangeError(`the ${money.currency} total is past a safe integer`);
      sums.set(money.currency, next);
    },
    list(): Money[] {
      return [...sums.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([currency, amount]) => ({ amount, currency }));
    },
    get size() {
      return sums.size;
    },
  };
}

/**
 * Counts invoice records into a summary: statuses, blockers, balance per currency, credit notes.
 * A `skipped` record counts as what it was (`previousStatus`) and as skipped; for a run's summary
 * feed it the journal's earlier outcomes as `skipped` records.
 */
export function createBulkTally(total: number) {
  const counts = { voided: 0, refused: 0, failed: 0, voidable: 0, skipped: 0 };
  const blocked: Partial<Record<VoidBlocker, number>> = {};
  const returned = currencyTotals();
  const consumed = currencyTotals();
  const noteTotals = currencyTotals();
  let notes = 0;
  let plan = false;
  return {
    add(record: BulkInvoiceRecord) {
      const status = record.status === 'skipped' ? (record.previousStatus ?? 'voided') : record.status;
      if (record.status === 'skipped') counts.skipped += 1;
      if (record.status === 'voidable') plan = true;
      counts[status] += 1;
      for (const blocker of record.blockers ?? []) blocked[blocker] = (blocked[blocker] ?? 0) + 1;
      if (status === 'voided' || status === 'voidable') {
        returned.add(record.balanceReturned);
        consumed.add(record.balanceConsumed);
        if (record.creditNote) {
          notes += 1;
          noteTotals.add(record.creditNote.total);
        }
      }
    },
    /** The summary; `plan` makes it a dry run's (with `voidable` and `blocked`). */
    summary(extra: { plan?: boolean } & Partial<BulkSummaryRecord> = {}): BulkSummaryRecord {
      const { plan: asPlan = plan, ...rest } = extra;
      const done = counts.voided + counts.refused + counts.failed + counts.voidable;
      return {
        type: 'summary',
        total,
        voided: counts.voided,
        refused: counts.refused,
        failed: counts.failed,
        ...(asPlan ? { voidable: counts.voidable } : {}),
        ...(asPlan || Object.keys(blocked).length > 0 ? { blocked } : {}),
        balanceReturned: returned.list(),
        ...(consumed.size > 0 ? { balanceConsumed: consumed.list() } : {}),
        ...(notes > 0 ? { creditNotes: { count: notes, total: noteTotals.list() } } : {}),
        ...(asPlan ? {} : { skipped: counts.skipped, pending: Math.max(0, total - done) }),
        ...rest,
      };
    },
  };
}
