import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BinAndEmulator,
  startBinAndEmulator,
} from '../../packages/billbridge/test/cli/support/bin-output.js';
import {
  type ChargebeeSeededInvoice,
  seedChargebeeInvoices,
} from '../../packages/billbridge/test/cli/support/seed-emulator-chargebee.js';
import { runBillbridge } from '../../packages/billbridge/test/cli/support/spawn-billbridge.js';
import { BULK_SCHEMA } from '../../packages/bulk/src/index.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';

/**
 * `billbridge worker` on the pg-boss engine never works a job with credentials other than its own,
 * through the built bin against a real PostgreSQL and two Chargebee sites of the emulator (whose
 * invoice numbers are the same on both): a worker with site B's key leaves the job enqueued with
 * site A's key untouched (not voided, not failed, not completed: queued for a worker with A's
 * key), says so in one line, and works its own; a worker with site A's key and no `--account`
 * skips a queue of another site's invoices with one line instead of stopping, and works its own;
 * the connection string's password is never printed, even in its query string.
 */
const A = { site: 'xs-site-a', key: 'test_xsSiteAkey0123' };
const B = { site: 'xs-site-b', key: 'test_xsSiteBkey0123' };

let postgres: PostgresServer;
let the: BinAndEmulator;
let seededA: ChargebeeSeededInvoice[];
let seededB: ChargebeeSeededInvoice[];

beforeAll(async () => {
  [postgres, the] = await Promise.all([
    startPostgres(),
    startBinAndEmulator('bulk-cross-site-', { sdkInside: true }),
  ]);
  for (const { site, key } of [A, B]) {
    await the.control.chargebeeSite(site, key, { voidCreatesCreditNote: false });
  }
  const open = (count: number, base: number) =>
    Array.from({ length: count }, (_, i) => ({
      kind: 'open' as const,
      total: base + i,
      currency: 'USD' as const,
    }));
  seededA = await seedChargebeeInvoices(the.seeding.chargebee, A.key, open(3, 1000));
  seededB = await seedChargebeeInvoices(the.seeding.chargebee, B.key, open(5, 2000));
}, 120_000);
afterAll(async () => {
  await the?.close();
  await postgres?.stop();
});

const env = (site: { site: string; key: string }) => ({
  BILLBRIDGE_PROVIDER: 'chargebee',
  CHARGEBEE_SITE: site.site,
  CHARGEBEE_API_KEY: site.key,
  CHARGEBEE_VOID_CREATES_CREDIT_NOTE: 'false',
});
const engine = () => ['--engine', postgres.connectionString, '--api-base', the.emulator.url];

async function csv(name: string, text: string): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  const path = `${the.dir}/${name}`;
  await writeFile(path, text);
  return path;
}

async function enqueue(jobId: string, site: typeof A, input: string) {
  const run = await runBillbridge(
    the.bin,
    ['bulk-void', ...engine(), '--input', input, '--job-id', jobId, '--rate', '50'],
    { env: env(site) },
  );
  expect(run.code, run.stderr).toBe(0);
}

function worker(site: typeof A, workerId?: string, connectionString = postgres.connectionString) {
  return runBillbridge(
    the.bin,
    [
      'worker',
      '--engine',
      connectionString,
      '--api-base',
      the.emulator.url,
      ...(workerId === undefined ? [] : ['--worker-id', workerId]),
      '--exit-when-idle',
      '--poll-seconds',
      '0.5',
    ],
    { env: env(site) },
  );
}

type SiteState = { invoices: { id: string; status: string }[] };
async function statuses(site: typeof A): Promise<Map<string, string>> {
  const state = await the.control.state<SiteState>('chargebee', site.site);
  return new Map(state.invoices.map((invoice) => [invoice.id, invoice.status]));
}

const lines = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line));

describe('pg-boss workers and credentials, through the bin', () => {
  it('a worker with site B’s key leaves the job of site A’s key untouched, says so once, and works its own', async () => {
    // The same invoice numbers on both sites: what made a worker with B's key void B's invoices.
    expect(seededB.slice(0, 3).map((invoice) => invoice.id)).toEqual(seededA.map((invoice) => invoice.id));
    await enqueue('xs_a', A, await csv('a.csv', `invoice\n${seededA.map((i) => i.id).join('\n')}\n`));
    await enqueue('xs_b', B, await csv('b.csv', `invoice\n${seededB[3]!.id}\n${seededB[4]!.id}\n`));
    // Enqueued with A's key, an invoice of site B (the CSV's account column): no worker can void it.
    await enqueue('xs_x', A, await csv('x.csv', `invoice,account\n${seededB[0]!.id},${B.site}\n`));

    const run = await worker(B, 'xs-worker-b');
    expect(run.code, run.stderr).toBe(0);
    const b = await statuses(B);
    for (const invoice of seededB.slice(0, 3)) expect(b.get(invoice.id), invoice.id).toBe('open');
    for (const invoice of seededB.slice(3)) expect(b.get(invoice.id), invoice.id).toBe('void');
    for (const [id, status] of await statuses(A)) expect(status, id).toBe('open');
    expect(lines(run.stderr, /skipping job xs_a\b/), run.stderr).toHaveLength(1);
    expect(lines(run.stderr, /skipping job xs_a\b/)[0]).toContain(`chargebee:test:${A.site}:`);
    expect(lines(run.stderr, /skipping job xs_x\b/), run.stderr).toHaveLength(1);

    const pool = postgres.pool();
    // Untouched: queued as enqueued, nothing journaled but the job record.
    const queued = await pool.query<{ state: string; retry_count: number }>(
      `SELECT state::text, retry_count FROM pgboss.job
       WHERE name IN (SELECT queue FROM ${BULK_SCHEMA}.job_queue WHERE job_id = 'xs_a')`,
    );
    expect(queued.rows).toEqual(seededA.map(() => ({ state: 'created', retry_count: 0 })));
    const journal = await pool.query<{ type: string }>(
      `SELECT type FROM ${BULK_SCHEMA}.journal WHERE job_id = 'xs_a'`,
    );
    expect(journal.rows.map((row) => row.type)).toEqual(['job']);

    const keys = await pool.query<{ job_id: string; account_key: string }>(
      `SELECT job_id, account_key FROM ${BULK_SCHEMA}.job_queue ORDER BY job_id`,
    );
    const keyOf = new Map(keys.rows.map((row) => [row.job_id, row.account_key]));
    // Each key's own account: workers of two sites do not wait for each other's lease.
    expect(keyOf.get('xs_a')).not.toBe(keyOf.get('xs_b'));
    expect(keyOf.get('xs_a')).toContain(A.site);
    expect(keyOf.get('xs_b')).toContain(B.site);
  });

  it('a worker with site A’s key and no --account skips the queue of another site with one line and works its own', async () => {
    const run = await worker(A, 'xs-worker-a');
    expect(run.code, run.stderr).toBe(0);
    for (const [id, status] of await statuses(A)) expect(status, id).toBe('void');
    const b = await statuses(B);
    for (const invoice of seededB.slice(0, 3)) expect(b.get(invoice.id), invoice.id).toBe('open');
    const skipped = lines(run.stderr, /skipping job xs_x\b/);
    expect(skipped, run.stderr).toHaveLength(1);
    expect(skipped[0]).toContain(B.site);
    expect(run.stderr).not.toMatch(/is not CHARGEBEE_SITE/);
    const status = await runBillbridge(the.bin, ['bulk-status', ...engine(), '--job', 'xs_a', '--json'], {
      env: env(A),
    });
    expect(JSON.parse(status.stdout)).toMatchObject({ done: true, summary: { voided: 3, pending: 0 } });
  });

  it('a password in the connection string’s query is never printed', async () => {
    const url = new URL(postgres.connectionString);
    const password = url.password;
    url.password = '';
    const inQuery = `${url.toString()}?password=${password}&sslpassword=keyPassphrase42`;
    const run = await worker(A, 'xs-worker-query', inQuery);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/worker on postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres\?password=\*\*\*/);
    for (const secret of [password, 'keyPassphrase42']) {
      expect(run.stderr).not.toContain(secret);
      expect(run.stdout).not.toContain(secret);
    }
    // Nothing listens there: "cannot open the bulk database at …", the password masked.
    const closed = new URL(inQuery);
    closed.port = '1';
    const refused = await worker(A, undefined, closed.toString());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/cannot open the bulk database at .*password=\*\*\*/);
    for (const secret of [password, 'keyPassphrase42']) expect(refused.stderr).not.toContain(secret);
  });
});
