import { ValidationError } from '@billbridge/core';
import { type InvoiceListFormat, readInvoiceRows } from '../parse-invoice-list.js';
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
  const { list, rows, accountColumn } = readInvoiceRows(text, {
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...(options.format !== undefined ? { format: options.format } : {}),
  });
  // The rows of the same parse as the ids: each id as `parseInvoiceList` trimmed it, with its cell.
  const accountOf = new Map<string, { account: string; line: number }>();
  const issues: { path: string; message: string }[] = [];
  for (const { value: invoiceId, line, account: cell } of rows) {
    const account = cell || options.defaultAccount;
    const first = accountOf.get(invoiceId);
    if (first && first.account !== account) {
      issues.push({
        path: `line ${line}`,
        message: `${invoiceId} is listed for account ${account} and, on line ${first.line}, for ${first.account}`,
      });
    }
    if (!first) accountOf.set(invoiceId, { account, line });
  }
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
