import { expect, it } from 'vitest';
import { followPgBossJob } from '../../src/cli/follow-pg-boss-job.js';
import { capturedIo } from './support/captured-io.js';

/** Found by a review of the CLI on 2026-12-07: `progress 2/1 200%` on the code before the fix. */

// A stand-in database answering the status queries with what the journal would hold. A pg-boss job of one invoice: the first void is rate limited past the client's retries, so the
// worker journals a `failed` outcome and puts the pg-boss job back (docs/bulk.md "A 429 again and
// again"); the next attempt voids it. `--wait` follows it with the status query.
const job = {
  type: 'job',
  version: 1,
  jobId: 'j1',
  createdAt: '2026-12-08T00:00:00.000Z',
  provider: 'memory',
  account: 'memory:test',
  input: { count: 1, sha256: 'x' },
  void: { appliedBalance: 'return' },
};
const key = 'bb_j1_xxxxxxxxxxxxxxxxxxxxxx';
const failed = {
  type: 'outcome',
  invoiceId: 'in_1',
  idempotencyKey: key,
  at: '2026-12-08T00:00:01.000Z',
  status: 'failed',
  error: { code: 'rate_limited', message: 'rate limited', outcome: 'not_executed' },
};
const voided = {
  type: 'outcome',
  invoiceId: 'in_1',
  idempotencyKey: key,
  at: '2026-12-08T00:00:03.000Z',
  status: 'voided',
  balanceReturned: null,
  creditNote: null,
};

function fakeDb() {
  let polls = 0;
  return {
    bossSchema: 'pgboss',
    async query(text: string) {
      if (/FROM billbridge_bulk\.job\b/.test(text) && /SELECT record/.test(text)) {
        polls += 1;
        return { rows: [{ record: job }], rowCount: 1 };
      }
      if (/GROUP BY j\.name, j\.state/.test(text))
        return { rows: [{ name: 'q1', state: polls === 1 ? 'retry' : 'completed', n: '1' }], rowCount: 1 };
      if (/FROM billbridge_bulk\.job_queue q/.test(text))
        return {
          rows: [{ account: 'self', account_key: 'k', queue: 'q1', rate: 10, invoices: 1, holder: null }],
          rowCount: 1,
        };
      if (/DISTINCT ON/.test(text))
        return {
          rows: [{ account: 'self', type: 'outcome', record: polls === 1 ? failed : voided }],
          rowCount: 1,
        };
      if (/GROUP BY worker/.test(text)) return { rows: [], rowCount: 0 };
      throw new Error(`unexpected query ${text}`);
    },
  };
}

it('--wait progress counts an invoice once when its first attempt was requeued after a 429', async () => {
  const c = capturedIo();
  const code = await followPgBossJob(
    fakeDb() as never,
    'j1',
    { io: c.io, setExitCode() {} },
    { json: true, intervalMs: 60_000, pollMs: 5 },
  );
  const last = c.out.stderr.trimEnd().split('\n').at(-1)!;
  expect(code).toBe(0);
  expect(last).toMatch(/^progress 1\/1 100%/);
  expect(last).toContain('voided 1 refused 0 failed 0');
});
