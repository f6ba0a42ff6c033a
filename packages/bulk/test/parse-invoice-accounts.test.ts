import { ValidationError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { parseInvoiceAccounts } from '../src/pg-boss/invoice-accounts.js';

/** The pg-boss engine's input: each invoice id with the account its CSV row names. */
describe('parseInvoiceAccounts', () => {
  // Until 2026-12-07 the ids came from one parse (trimmed) and the accounts from another (spaces
  // inside quotes kept): `" INV-1001"` lost its account, and the key's own site voided its INV-1001.
  it('pairs an id quoted with spaces with its own account cell', () => {
    const parsed = parseInvoiceAccounts(
      'invoice,account\n" INV-1001",site-b\nINV-1002, "site-b "\nINV-1003,\n',
      {
        defaultAccount: 'self',
      },
    );
    expect(parsed.items).toEqual([
      { invoiceId: 'INV-1001', account: 'site-b' },
      { invoiceId: 'INV-1002', account: 'site-b' },
      { invoiceId: 'INV-1003', account: 'self' },
    ]);
    expect(parsed.accountColumn).toBe(true);
  });

  it('refuses an id listed for two accounts however it is spelled, naming both file lines', () => {
    const text = 'invoice,account\n"in_1\n",acct_A\nin_2,acct_A\n" in_1",acct_B\n';
    let refused: unknown;
    try {
      parseInvoiceAccounts(text, { defaultAccount: 'self' });
    } catch (error) {
      refused = error;
    }
    expect(ValidationError.isInstance(refused)).toBe(true);
    expect((refused as ValidationError).issues).toEqual([
      { path: 'line 5', message: 'in_1 is listed for account acct_B and, on line 2, for acct_A' },
    ]);
  });

  it('gives every id the default account without an account column, and lists duplicates once', () => {
    const lines = parseInvoiceAccounts('in_1\nin_2\nin_1\n', { defaultAccount: 'self' });
    expect(lines).toEqual({
      items: [
        { invoiceId: 'in_1', account: 'self' },
        { invoiceId: 'in_2', account: 'self' },
      ],
      duplicates: 1,
      accountColumn: false,
    });
    const csv = parseInvoiceAccounts('invoice,amount\nin_1,100\n', { defaultAccount: 'acct_X' });
    expect(csv.items).toEqual([{ invoiceId: 'in_1', account: 'acct_X' }]);
    expect(csv.accountColumn).toBe(false);
  });
});
