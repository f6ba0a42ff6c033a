import { openBulkDatabase, type PgBossBulkStatus, requirePgBossBulkStatus } from '@billbridge/bulk';
import type { CliCommand, CommonFlags } from './cli-command.js';
import { createOutput, runAction, withCommonOptions } from './cli-command.js';
import { engineUrl } from './engine-options.js';
import { EXIT_CODES } from './exit-codes.js';
import { useMinorUnitsOf } from './format-money.js';
import { formatTable } from './print-table.js';
import { renderSummary } from './render-records.js';

interface BulkStatusFlags extends CommonFlags {
  engine?: string;
  job?: string;
}

/** The status as text: the job, a row per account, the workers, the totals. */
export function renderPgBossStatus(status: PgBossBulkStatus): string {
  const head = formatTable([
    ['job', status.job.jobId],
    ['created', status.job.createdAt],
    ['provider', `${status.job.provider} (${status.job.account})`],
    ['state', status.done ? 'done' : `running (${status.inDoubt} in flight or in doubt)`],
  ]);
  const accounts = formatTable([
    ['account', 'rate/s', 'invoices', 'voided', 'refused', 'failed', 'in doubt', 'pending', 'leased by'],
    ...status.accounts.map((account) => [
      account.account,
      String(account.rate),
      String(account.invoices),
      String(account.voided),
      String(account.refused),
      String(account.failed),
      String(account.inDoubt),
      String(account.pending),
      account.leasedBy ?? '-',
    ]),
  ]);
  const workers = status.workers.length
    ? formatTable([
        ['worker', 'records', 'last write'],
        ...status.workers.map((worker) => [worker.worker, String(worker.records), worker.lastAt]),
      ])
    : 'no worker has written yet\n';
  return `${head}\n${accounts}\n${workers}\n${renderSummary(status.summary)}`;
}

/**
 * `billbridge bulk-status --engine postgres://… [--job ID] [--json]` (DESIGN §16): where a job on
 * the pg-boss engine stands across all workers (the latest job when none is named); `--json`
 * prints the status as one JSON object. Exit 0, or 2 when there is no such job.
 */
export const bulkStatusCommand: CliCommand = {
  name: 'bulk-status',
  register(program, context) {
    withCommonOptions(
      program
        .command('bulk-status')
        .description('Show the progress of a bulk job on the pg-boss engine, across all workers')
        .requiredOption('--engine <url>', 'the PostgreSQL of the jobs (postgres://…)')
        .option('--job <id>', 'the job (default: the latest)'),
    ).action((flags: BulkStatusFlags) =>
      runAction(context, 'bulk-status', async () => {
        const output = createOutput(context.io, flags.json);
        const db = await openBulkDatabase({ connectionString: engineUrl(flags.engine), poolSize: 4 });
        try {
          const status = await requirePgBossBulkStatus(
            db,
            flags.job === undefined ? {} : { jobId: flags.job },
          );
          output.record({ type: 'status', ...status });
          // The job's provider says whose minor units its amounts are in (until 2026-12-07 this
          // command printed every job's money with the default table).
          useMinorUnitsOf(status.job.provider === 'chargebee' ? 'chargebee' : 'stripe');
          output.text(renderPgBossStatus(status));
          return EXIT_CODES.ok;
        } finally {
          await db.close();
        }
      }),
    );
  },
};
