import { ValidationError } from '@billbridge/core';
import { describe, expect, it } from 'vitest';
import { type BulkDatabase, enqueuePgBossBulkVoid } from '../src/pg-boss/index.js';

/**
 * The rate each account's queue gets, on a database that only records what is written: the rates
 * are read before anything reaches PostgreSQL, so this needs none (pg-boss-engine.test.ts runs the
 * engine on a real one).
 */
function recordingDatabase() {
  const queueRows: unknown[][] = [];
  const client = {
    query: async (text: string, values: unknown[]) => {
      if (text.includes('.job_queue')) queueRows.push(values);
      return { rowCount: 1, rows: [] };
    },
  };
  const db = {
    bossSchema: 'pgboss',
    query: async () => ({ rowCount: 0, rows: [] }),
    boss: { createQueue: async () => {}, insert: async () => {} },
    transaction: async <T>(work: (sql: typeof client, tx: unknown) => Promise<T>) => work(client, {}),
    close: async () => {},
  } as unknown as BulkDatabase;
  return { db, queueRows };
}

const base = { provider: 'chargebee', account: 'chargebee:test', rate: 5 };

describe('per-account rates of a pg-boss job', () => {
  // Account names come from the invoice list: `constructor` or `__proto__` found Object.prototype's
  // member in `accountRates` (`rate = function Object()`), stored as the queue's rate.
  it('an account named like an Object.prototype member without a rate of its own gets the job rate', async () => {
    const { db, queueRows } = recordingDatabase();
    const { queues } = await enqueuePgBossBulkVoid(db, {
      ...base,
      jobId: 'proto_names',
      items: [
        { invoiceId: 'inv_1', account: 'site-a' },
        { invoiceId: 'inv_2', account: 'constructor' },
        { invoiceId: 'inv_3', account: '__proto__' },
        { invoiceId: 'inv_4', account: 'toString' },
      ],
      accountRates: { 'site-a': 3 },
    });
    expect(queues.map(({ account, rate }) => [account, rate])).toEqual([
      ['site-a', 3],
      ['constructor', 5],
      ['__proto__', 5],
      ['toString', 5],
    ]);
    // The rate column of each job_queue row ($5).
    expect(queueRows.map((values) => [values[1], values[4]])).toEqual([
      ['site-a', 3],
      ['constructor', 5],
      ['__proto__', 5],
      ['toString', 5],
    ]);
  });

  it('an own accountRates key named __proto__ is that account’s rate, or names no account', async () => {
    const rates = JSON.parse('{"__proto__": 2, "constructor": 7}') as Record<string, number>;
    const { db } = recordingDatabase();
    const { queues } = await enqueuePgBossBulkVoid(db, {
      ...base,
      jobId: 'proto_rates',
      items: [
        { invoiceId: 'inv_1', account: '__proto__' },
        { invoiceId: 'inv_2', account: 'constructor' },
      ],
      accountRates: rates,
    });
    expect(queues.map(({ account, rate }) => [account, rate])).toEqual([
      ['__proto__', 2],
      ['constructor', 7],
    ]);
    const refused = enqueuePgBossBulkVoid(recordingDatabase().db, {
      ...base,
      jobId: 'proto_rates_2',
      items: [{ invoiceId: 'inv_1', account: 'site-a' }],
      accountRates: rates,
    });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({
      issues: [
        { path: 'accountRates.__proto__', message: 'names no account of the items' },
        { path: 'accountRates.constructor', message: 'names no account of the items' },
      ],
    });
  });
  it('an account named rate does not stand in for the job rate when the rates are checked', async () => {
    const refused = enqueuePgBossBulkVoid(recordingDatabase().db, {
      ...base,
      rate: 0,
      jobId: 'rate_named_rate',
      items: [{ invoiceId: 'inv_1', account: 'rate' }],
      accountRates: { rate: 4 },
    });
    await expect(refused).rejects.toMatchObject({
      issues: [{ path: 'rate', message: 'must be > 0 requests per second' }],
    });
    const badAccountRate = enqueuePgBossBulkVoid(recordingDatabase().db, {
      ...base,
      jobId: 'rate_named_rate_bad',
      items: [{ invoiceId: 'inv_1', account: 'rate' }],
      accountRates: { rate: -1 },
    });
    await expect(badAccountRate).rejects.toMatchObject({
      issues: [{ path: 'accountRates.rate', message: 'must be > 0 requests per second' }],
    });
  });
});
