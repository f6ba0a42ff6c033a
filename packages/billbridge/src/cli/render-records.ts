import type { BulkInvoiceRecord, BulkSummaryRecord } from '@billbridge/bulk';
import type { Money } from '@billbridge/core';
import { formatMoney } from './format-money.js';
import { formatTable } from './print-table.js';

function money(value: Money | null | undefined): string {
  return value ? formatMoney(value) : 'none';
}

/** One invoice's record as aligned `field  value` lines (`check`, `void`, `reverse`). */
export function renderInvoiceRecord(record: BulkInvoiceRecord, options: { plan?: boolean } = {}): string {
  const rows: string[][] = [['invoice', record.invoiceId]];
  const verb = options.plan ? 'would return' : 'returned';
  rows.push(['status', record.status]);
  if (record.blockers?.length) rows.push(['blockers', record.blockers.join(', ')]);
  if (record.status === 'voided' || record.status === 'voidable') {
    rows.push([`balance ${verb}`, money(record.balanceReturned)]);
    if (record.balanceConsumed !== undefined) {
      rows.push([
        `balance ${options.plan ? 'would be consumed' : 'consumed'}`,
        money(record.balanceConsumed),
      ]);
    }
    const note = record.creditNote;
    rows.push([
      options.plan ? 'credit note expected' : 'credit note',
      note ? `${note.id ?? '(made by the void)'} ${formatMoney(note.total)}` : 'none',
    ]);
  }
  if (record.reconciled) rows.push(['reconciled', 'yes (the answer was lost; the invoice was read back)']);
  if (record.replayed) rows.push(['replayed', 'yes (answered from the idempotency record)']);
  if (record.error) rows.push(['error', `${record.error.code}: ${record.error.message}`]);
  return formatTable(rows);
}

/** The columns of a bulk run's per-invoice rows, sized for the longest invoice id of the input. */
export function invoiceRowRenderer(longestId: number): (record: BulkInvoiceRecord) => string {
  return (record) => {
    const detail =
      record.status === 'voided' || record.status === 'voidable'
        ? [
            record.balanceReturned ? `returns ${formatMoney(record.balanceReturned)}` : '',
            record.balanceConsumed ? `consumes ${formatMoney(record.balanceConsumed)}` : '',
            record.creditNote
              ? `credit note ${record.creditNote.id ?? ''} ${formatMoney(record.creditNote.total)}`.replace(
                  '  ',
                  ' ',
                )
              : '',
            record.reconciled ? 'reconciled' : '',
          ]
            .filter(Boolean)
            .join('; ')
        : record.status === 'skipped'
          ? `${record.previousStatus} in an earlier run`
          : record.blockers?.length
            ? record.blockers.join(', ')
            : (record.error?.message ?? '');
    return `${record.invoiceId.padEnd(longestId)}  ${record.status.padEnd(8)}  ${detail}`.trimEnd() + '\n';
  };
}

/** The summary as a table: counts right-aligned, blockers named, money per currency one a line. */
export function renderSummary(summary: BulkSummaryRecord): string {
  const rows: string[][] = [];
  const count = (label: string, value: number | undefined, detail = '') => {
    if (value !== undefined) rows.push([label, String(value), detail]);
  };
  count('invoices', summary.total);
  if (summary.voidable !== undefined) {
    count('voidable', summary.voidable);
    const blocked = Object.entries(summary.blocked ?? {})
      .map(([blocker, n]) => `${blocker} ${n}`)
      .join(', ');
    count('blocked', summary.refused, blocked);
  } else {
    count('voided', summary.voided);
    const blockers = Object.entries(summary.blocked ?? {})
      .map(([blocker, n]) => `${blocker} ${n}`)
      .join(', ');
    count('refused', summary.refused, blockers);
  }
  count('failed', summary.failed);
  count('skipped', summary.skipped, summary.skipped ? 'done in an earlier run' : '');
  count('pending', summary.pending, summary.pending ? 'not tried yet: run again with --resume' : '');
  const listRows = (label: string, list: readonly Money[]) => {
    if (list.length === 0) rows.push([label, 'none', '']);
    list.forEach((amount, index) => {
      rows.push([index === 0 ? label : '', formatMoney(amount), '']);
    });
  };
  const plan = summary.voidable !== undefined;
  listRows(plan ? 'balance to return' : 'balance returned', summary.balanceReturned);
  if (summary.balanceConsumed)
    listRows(plan ? 'balance to consume' : 'balance consumed', summary.balanceConsumed);
  if (summary.creditNotes) {
    count(plan ? 'credit notes expected' : 'credit notes made', summary.creditNotes.count);
    listRows('  totalling', summary.creditNotes.total);
  }
  const head = summary.jobId ? `job ${summary.jobId}${summary.interrupted ? ' (interrupted)' : ''}\n` : '';
  return head + formatTable(rows, ['left', 'right', 'left']);
}
