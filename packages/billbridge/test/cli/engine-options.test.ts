import { type BulkDatabase, enqueuePgBossBulkVoid } from '@billbridge/bulk';
import { ValidationError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/cli-command.js';
import { accountRates } from '../../src/cli/engine-options.js';

describe('--account-rate', () => {
  it('takes each account=rate, the last one of an account winning', () => {
    expect(accountRates(['acct_1=20', 'acct_2=5', 'acct_1=8'])).toEqual({ acct_1: 8, acct_2: 5 });
    expect(accountRates(undefined)).toEqual({});
    expect(() => accountRates(['acct_1=0'])).toThrow(UsageError);
    expect(() => accountRates(['acct_1'])).toThrow(UsageError);
  });

  // `rates[name] = rate` with `__proto__` set the object's prototype (a number: ignored), so the
  // rate vanished without a word, and the job's "names no account" check never saw it.
  it('an account named __proto__, constructor or toString is an own key of the rates', () => {
    const rates = accountRates(['__proto__=5', 'constructor=7', 'toString=9']);
    expect(Object.getPrototypeOf(rates)).toBe(Object.prototype);
    expect(Object.hasOwn(rates, '__proto__')).toBe(true);
    expect(Object.keys(rates)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.entries(rates)).toEqual([
      ['__proto__', 5],
      ['constructor', 7],
      ['toString', 9],
    ]);
  });

  it('a __proto__ rate that names no account of the job is refused, before the database is used', async () => {
    // Refused while the input is checked: the database is never reached.
    const db = {} as BulkDatabase;
    const enqueued = enqueuePgBossBulkVoid(db, {
      provider: 'chargebee',
      account: 'chargebee:test',
      items: [{ invoiceId: 'inv_1', account: 'site-a' }],
      rate: 5,
      accountRates: accountRates(['__proto__=5']),
    });
    await expect(enqueued).rejects.toBeInstanceOf(ValidationError);
    await expect(enqueued).rejects.toMatchObject({
      issues: [{ path: 'accountRates.__proto__', message: 'names no account of the items' }],
    });
  });
});
