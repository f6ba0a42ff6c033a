import {
  enqueuePgBossBulkVoid,
  openBulkDatabase,
  parseInvoiceAccounts,
  providerRate,
  rateWarning,
  readInvoiceInput,
} from '@billbridge/bulk';
import type { BulkVoidFlags } from './bulk-void-command.js';
import type { CliContext } from './cli-command.js';
import { createOutput, UsageError } from './cli-command.js';
import { resolveCliProvider } from './cli-provider.js';
import { accountRates, engineUrl, SELF_ACCOUNT, seconds } from './engine-options.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { followPgBossJob } from './follow-pg-boss-job.js';
import { assertAppliedBalance } from './single-invoice.js';

/**
 * `billbridge bulk-void --engine postgres://…` (DESIGN §16): reads and checks the whole input,
 * enqueues the job (one pg-boss job per invoice in a queue per account, the rates stored with it),
 * prints the job id on stdout and returns; `--wait` follows it (`followPgBossJob`). Workers
 * (`billbridge worker`) do the voiding. Nothing is enqueued when anything is wrong (exit 2).
 */
export async function enqueueOnEngine(
  flags: BulkVoidFlags,
  context: CliContext,
  appliedBalance: 'return' | 'consume',
): Promise<ExitCode> {
  const { io } = context;
  const output = createOutput(io, flags.json);
  const connectionString = engineUrl(flags.engine);
  if (flags.journal !== undefined) {
    throw new UsageError(
      '--journal has no meaning with --engine: the journal is in the database (see bulk-status)',
    );
  }
  if (flags.resume) {
    throw new UsageError(
      '--resume has no meaning with --engine: workers resume on their own (see bulk-status)',
    );
  }
  if (flags.dryRun)
    throw new UsageError('--dry-run: run it without --engine (it changes nothing either way)');
  // Each worker sets its own (`billbridge worker --concurrency`); it was silently ignored here.
  if (flags.concurrency !== undefined) {
    throw new UsageError('--concurrency has no meaning with --engine: give it to each billbridge worker');
  }
  const rateFlag = flags.rate === undefined ? undefined : Number(flags.rate);
  if (rateFlag !== undefined && !(rateFlag > 0)) throw new UsageError('--rate must be a positive number');
  const rates = accountRates(flags.accountRate);
  const expireInSeconds = seconds(flags.expireSeconds, '--expire-seconds');
  if (expireInSeconds !== undefined && !Number.isInteger(expireInSeconds)) {
    throw new UsageError('--expire-seconds must be a whole number of seconds');
  }
  const { items, duplicates, accountColumn } = parseInvoiceAccounts(
    await readInvoiceInput(flags.input!, io.stdin),
    {
      source: flags.input!,
      defaultAccount: flags.account ?? SELF_ACCOUNT,
      format: (flags.format as 'lines' | 'csv' | undefined) ?? 'auto',
    },
  );
  if (duplicates > 0) output.message(`note: ${duplicates} repeated invoice id(s) will be voided once`);
  const provider = resolveCliProvider(flags, io.env);
  // As the journal engine does, before anything is enqueued (until 2026-12-07 a consume the
  // provider cannot honour was enqueued, and every worker void then failed unsupported_option).
  assertAppliedBalance(provider.client, appliedBalance);
  if (provider.mode === 'live' && !flags.yes) {
    throw new UsageError('live mode: pass --yes to confirm (--engine enqueues without a prompt)');
  }
  const rate = rateFlag ?? providerRate(provider.name, provider.mode).defaultRate;
  for (const value of new Set([rate, ...Object.values(rates)])) {
    const warning = rateWarning(provider.name, provider.mode, value);
    if (warning) output.message(`warning: ${warning}`);
  }
  const db = await openBulkDatabase({ connectionString });
  try {
    const job = await enqueuePgBossBulkVoid(db, {
      ...(flags.jobId !== undefined ? { jobId: flags.jobId } : {}),
      provider: provider.name,
      account: provider.account,
      items,
      rate,
      accountRates: rates,
      void: {
        appliedBalance,
        ...(flags.reason !== undefined ? { reasonCode: flags.reason } : {}),
        ...(flags.comment !== undefined ? { comment: flags.comment } : {}),
      },
      ...(expireInSeconds !== undefined ? { timings: { expireInSeconds } } : {}),
    });
    output.record({ type: 'job', jobId: job.jobId, queues: job.queues });
    output.text(`${job.jobId}\n`);
    const where = job.queues
      .map((queue) => `${queue.account} ${queue.invoices} at ${queue.rate}/s`)
      .join(', ');
    output.message(
      `enqueued ${items.length} invoices${accountColumn ? ' (accounts from the CSV)' : ''}: ${where}; ` +
        `start workers with: billbridge worker --engine <url>`,
    );
    if (!flags.wait) return EXIT_CODES.ok;
    const interval = seconds(flags.progressInterval, '--progress-interval') ?? 10;
    return await followPgBossJob(db, job.jobId, context, {
      json: flags.json === true,
      intervalMs: interval * 1000,
    });
  } finally {
    await db.close();
  }
}
