import { ValidationError } from '@billbridge/core';
import { parse as parseCsv } from 'csv-parse/sync';
import { type InvoiceListFormat, parseInvoiceList } from '../parse-invoice-list.js';
import type { PgBossBulkItem } from './enqueue-pg-boss-bulk-void.js';

/**
 * The items of a bulk input for the pg-boss engine: the invoice ids as `parseInvoiceList` reads and
 * checks them, each with its provider account — from the CSV's `account` column when it has one
 * (an empty cell: `defaultAccount`), else `defaultAccount` for all. An id listed twice with two
 * different accounts is a `ValidationError` naming both lines (the same id in two accounts is
 * two invoices only on Chargebee; give those as two rows with their accounts and distinct ids, or
 * as two jobs).
 */
export function parseInvoiceAccounts(
  text: string,
  options: { defaultAccount: string; source?: string; format?: InvoiceListFormat | 'auto' },
): { items: PgBossBulkItem[]; duplicates: number; accountColumn: boolean } {
  const list = parseInvoiceList(text, {
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...(options.format !== undefined ? { format: options.format } : {}),
  });
  if (list.format !== 'csv') {
    return {
      items: list.invoiceIds.map((invoiceId) => ({ invoiceId, account: options.defaultAccount })),
      duplicates: list.duplicates.length,
      accountColumn: false,
    };
  }
  const rows = parseCsv(text.startsWith('\ufeff') ? text.slice(1) : text, {
    bom: true,
    trim: true,
    columns: (header: string[]) => header.map((name) => name.toLowerCase()),
    relax_column_count: true,
    skip_empty_lines: true,
  }) as Record<string, string | undefined>[];
  const accountColumn = rows.length > 0 && Object.hasOwn(rows[0]!, 'account');
  const accountOf = new Map<string, { account: string; row: number }>();
  const issues: { path: string; message: string }[] = [];
  rows.forEach((row, index) => {
    const invoiceId = row.invoice ?? '';
    const account = (accountColumn ? row.account : '') || options.defaultAccount;
    const first = accountOf.get(invoiceId);
    if (first && first.account !== account) {
      issues.push({
        path: `row ${index + 1}`,
        message: `${invoiceId} is listed for account ${account} and, in row ${first.row}, for ${first.account}`,
      });
    }
    if (!first) accountOf.set(invoiceId, { account, row: index + 1 });
  });
  if (issues.length > 0) throw new ValidationError({ issues: issues.slice(0, 10), context: 'bulk input' });
  return {
    items: list.invoiceIds.map((invoiceId) => ({
      invoiceId,
      account: accountOf.get(invoiceId)?.account ?? options.defaultAccount,
    })),
    duplicates: list.duplicates.length,
    accountColumn,
  };
}
