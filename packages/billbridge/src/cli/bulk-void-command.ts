import { access } from 'node:fs/promises';
import {
  type BulkInvoiceRecord,
  type BulkSummaryRecord,
  createTokenBucket,
  defaultConcurrency,
  type InvoiceRow,
  journalStates,
  planBulkVoid,
  providerRate,
  rateWarning,
  readInvoiceInput,
  readInvoiceRows,
  readJsonlJournal,
  runJsonlBulkVoid,
} from '@billbridge/bulk';
import { AuthenticationError, PermissionError, ValidationError } from '@billbridge/core';
import { BILLBRIDGE_ENV } from '../billbridge-config.js';
import { createBulkProgress } from './bulk-progress.js';
import { enqueueOnEngine } from './bulk-void-engine.js';
import type { CliCommand, CommonFlags } from './cli-command.js';
import { createOutput, runAction, UsageError, withCommonOptions } from './cli-command.js';
import { resolveCliProvider } from './cli-provider.js';
import { confirmLiveRun } from './confirm-live-run.js';
import { BULK_LIMITS, type EngineFlags, SELF_ACCOUNT, withEngineOptions } from './engine-options.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { invoiceRowRenderer, renderSummary } from './render-records.js';
import {
  appliedBalanceFlag,
  assertAppliedBalance,
  credentialsCode,
  voidFlagOptions,
} from './single-invoice.js';

/** The flags of `bulk-void` (the engine's included). */
export interface BulkVoidFlags extends CommonFlags, EngineFlags {
  input?: string;
  journal?: string;
  format?: string;
  dryRun?: boolean;
  resume?: boolean;
  rate?: string;
  concurrency?: string;
  jobId?: string;
  reason?: string;
  comment?: string;
  appliedBalance?: string;
  yes?: boolean;
  progressInterval?: string;
}

function numberFlag(
  value: string | undefined,
  flag: string,
  options: { integer: boolean; min?: number; max?: number },
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  const kind = options.integer ? 'integer' : 'number';
  if (!Number.isFinite(parsed) || parsed <= 0 || (options.integer && !Number.isInteger(parsed))) {
    throw new UsageError(`${flag} must be a positive ${kind}, not ${JSON.stringify(value)}`);
  }
  const { min = 0, max = Number.POSITIVE_INFINITY } = options;
  if (parsed < min || parsed > max) {
    throw new UsageError(`${flag} must be from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return parsed;
}

/**
 * A run stopped by refused credentials (`runJsonlBulkVoid` stops at the first) is exit 2 with what
 * became of it: nothing voided and the journal removed, or what was voided and how to go on. The
 * message is the runner's (the invoice and the code, never the key) and this; any other error as it is.
 */
async function credentialsStop(error: unknown, journalPath: string, voided: number): Promise<unknown> {
  if (!(AuthenticationError.isInstance(error) || PermissionError.isInstance(error))) return error;
  const kept = await access(journalPath).then(
    () => true,
    () => false,
  );
  return new UsageError(
    kept
      ? `${error.message}; ${voided} invoice(s) voided in this run before it, all journaled: once the credentials work, run again with --resume --journal ${journalPath}`
      : `${error.message}; nothing was voided and the journal was removed: fix the credentials and run the same command again`,
  );
}

function exitCodeOf(summary: BulkSummaryRecord, interrupted: boolean): ExitCode {
  if (interrupted) return EXIT_CODES.interrupted;
  if (summary.voidable !== undefined) return summary.failed > 0 ? EXIT_CODES.incomplete : EXIT_CODES.ok;
  return summary.refused + summary.failed > 0 ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}

/** `billbridge bulk-void`: a resumable, rate-aware bulk void over an input file (DESIGN §15). */
export const bulkVoidCommand: CliCommand = {
  name: 'bulk-void',
  register(program, context) {
    withCommonOptions(
      withEngineOptions(program.command('bulk-void'))
        .description('Void many invoices: journaled, resumable, paced under the provider rate limit')
        .requiredOption(
          '--input <file>',
          'invoice ids, one a line, or a CSV with an "invoice" column; - for stdin',
        )
        .option('--journal <file>', 'the append-only JSONL journal (required unless --dry-run)')
        .option('--format <format>', 'lines or csv (default: csv for *.csv or a header line, else lines)')
        .option('--dry-run', 'change nothing: read every invoice and print the plan and its totals')
        .option('--resume', 'go on with the job in --journal: skip done items, reconcile the ones in doubt')
        .option(
          '--rate <n>',
          'requests per second, 0.01 to 10000 (default: Stripe test 10, live 20; Chargebee 2)',
        )
        .option(
          '--concurrency <n>',
          'invoices worked on at once, at most 1000 (default: the rate × 1 s, 4 to 32, to hold the rate at up to 1 s a void)',
        )
        .option(
          '--job-id <id>',
          'the job id of a new job (part of every idempotency key; default: generated)',
        )
        .option('--reason <code>', 'void reason code for every invoice (1 to 100 characters)')
        .option('--comment <text>', 'void comment for every invoice (at most 300 characters)')
        .option(
          '--applied-balance <mode>',
          'return (default) or consume the customer balance applied to each',
        )
        .option('--yes', 'confirm a live-mode run without the prompt')
        .option('--progress-interval <seconds>', 'off a terminal: a progress line this often (default 10)'),
    ).action((flags: BulkVoidFlags) =>
      runAction(context, 'bulk-void', async () => {
        const { io } = context;
        const output = createOutput(io, flags.json);
        const rateFlag = numberFlag(flags.rate, '--rate', { integer: false, ...BULK_LIMITS.rate });
        const concurrencyFlag = numberFlag(flags.concurrency, '--concurrency', {
          integer: true,
          ...BULK_LIMITS.concurrency,
        });
        // At most a day: a larger value overflowed setInterval's 32-bit delay, which Node then
        // turned into 1 ms (a progress line every millisecond).
        const intervalMs =
          (numberFlag(flags.progressInterval, '--progress-interval', {
            integer: false,
            max: 86_400,
          }) ?? 10) * 1000;
        const appliedBalance = appliedBalanceFlag(flags.appliedBalance);
        const given = voidFlagOptions(flags);
        if (flags.format !== undefined && flags.format !== 'lines' && flags.format !== 'csv') {
          throw new UsageError('--format must be "lines" or "csv"');
        }
        if (flags.engine !== undefined) return enqueueOnEngine(flags, context, appliedBalance);
        // The engine's own flags mean nothing to the journal engine: refused, not ignored (until
        // 2026-12-07 `--account site-b` was ignored and the key's own site voided).
        const engineOnly = [
          ['--account', flags.account],
          ['--account-rate', flags.accountRate],
          ['--wait', flags.wait],
          ['--expire-seconds', flags.expireSeconds],
        ].find(([, value]) => value !== undefined);
        if (engineOnly) throw new UsageError(`${engineOnly[0]} goes with --engine only`);
        if (flags.dryRun && flags.resume) throw new UsageError('--dry-run and --resume do not go together');
        if (!flags.dryRun && !flags.journal) {
          throw new UsageError(
            '--journal <file> is required (it makes the run resumable), e.g. --journal void.journal.jsonl',
          );
        }
        // The input is read and checked whole before anything is sent.
        const { list, rows } = readInvoiceRows(await readInvoiceInput(flags.input!, io.stdin), {
          source: flags.input!,
          format: (flags.format as 'lines' | 'csv' | undefined) ?? 'auto',
        });
        if (list.duplicates.length > 0) {
          const first = list.duplicates[0]!;
          output.message(
            `note: ${list.duplicates.length} repeated invoice id(s) will be voided once (e.g. line ${first.line} repeats line ${first.firstLine})`,
          );
        }
        const provider = resolveCliProvider(flags, io.env);
        refuseOtherAccounts(
          rows,
          provider.name === 'chargebee' ? io.env[BILLBRIDGE_ENV.chargebeeSite] : undefined,
        );
        const rate = rateFlag ?? providerRate(provider.name, provider.mode).defaultRate;
        const concurrency = concurrencyFlag ?? defaultConcurrency(rate);
        const warning = rateWarning(provider.name, provider.mode, rate);
        if (warning) output.message(`warning: ${warning}`);
        const limiter = createTokenBucket({ rate, concurrency });
        // A stop also cuts short the requests waiting for their token: they are not sent.
        const stop = new AbortController();
        const client = provider.pace(limiter, stop.signal);
        assertAppliedBalance(client, appliedBalance);

        let signals = 0;
        const unlisten = io.onInterrupt((signal) => {
          signals += 1;
          if (signals > 1) {
            io.stderr.write(
              `\n${signal} again: quitting now; --resume reconciles the calls that were in flight\n`,
            );
            io.exitNow(EXIT_CODES.interrupted);
          }
          io.stderr.write(
            `\n${signal}: stopping; in-flight calls finish and are journaled (again to quit at once)\n`,
          );
          stop.abort();
        });
        const longest = Math.max(...list.invoiceIds.map((id) => id.length));
        const row = invoiceRowRenderer(longest);
        try {
          const voidOptions = { appliedBalance, ...given };
          if (flags.dryRun) {
            output.message(`dry run over ${list.invoiceIds.length} invoices: nothing will be changed`);
            const progress = createBulkProgress(io, { total: list.invoiceIds.length, intervalMs, limiter });
            // Refused credentials fail every read the same way: stop at the first (exit 2).
            const refused = new AbortController();
            const plan = await planBulkVoid({
              client,
              invoiceIds: list.invoiceIds,
              void: { appliedBalance },
              concurrency,
              stopSignal: AbortSignal.any([stop.signal, refused.signal]),
              onRecord: (record) => {
                if (!refused.signal.aborted && credentialsCode(record)) refused.abort(record);
                progress.add(record);
                output.record(record);
              },
            });
            progress.stop();
            if (refused.signal.aborted) {
              const record = refused.signal.reason as BulkInvoiceRecord;
              throw new UsageError(
                `${provider.name} refused the credentials (${credentialsCode(record)}) reading ${record.invoiceId}: the dry run stopped there (nothing was changed)`,
              );
            }
            if (!output.json) output.text(plan.records.map(row).join(''));
            output.record(plan.summary);
            output.text(`\n${renderSummary(plan.summary)}`);
            return exitCodeOf(plan.summary, plan.summary.interrupted === true);
          }

          const journalPath = flags.journal!;
          let alreadyDone = 0;
          const existing = flags.resume ? await readJsonlJournal(journalPath) : undefined;
          if (existing) {
            const states = journalStates(existing.records);
            alreadyDone = list.invoiceIds.filter((id) => states.get(id)?.state === 'done').length;
          }
          if (provider.mode === 'live' && !flags.yes) {
            if (!io.stdin.isTTY) {
              throw new UsageError(
                'live mode: pass --yes to confirm (stdin is not a terminal, so there is no prompt)',
              );
            }
            const states = existing ? journalStates(existing.records) : new Map();
            const pending = list.invoiceIds.filter((id) => states.get(id)?.state !== 'done');
            output.message(`reading the ${pending.length} invoices to show what the run will do…`);
            const plan = await planBulkVoid({
              client,
              invoiceIds: pending,
              void: { appliedBalance },
              concurrency,
              stopSignal: stop.signal,
            });
            // Ctrl-C while reading: no prompt over a plan cut short, nothing voided.
            if (stop.signal.aborted) {
              output.message('interrupted while reading: nothing was voided');
              return EXIT_CODES.interrupted;
            }
            if (!(await confirmLiveRun(io, renderSummary(plan.summary)))) {
              output.message('not confirmed: nothing was voided');
              return EXIT_CODES.usage;
            }
          }
          const progress = createBulkProgress(io, {
            total: list.invoiceIds.length,
            done: alreadyDone,
            intervalMs,
            limiter,
          });
          let result: Awaited<ReturnType<typeof runJsonlBulkVoid>>;
          let voided = 0;
          try {
            result = await runJsonlBulkVoid({
              client,
              invoiceIds: list.invoiceIds,
              journalPath,
              resume: flags.resume === true,
              account: provider.account,
              ...(flags.jobId !== undefined ? { jobId: flags.jobId } : {}),
              // On resume the journal's options are the job's: only options given here are checked against them.
              ...(flags.resume &&
              flags.reason === undefined &&
              flags.comment === undefined &&
              !flags.appliedBalance
                ? {}
                : { void: voidOptions }),
              concurrency,
              stopSignal: stop.signal,
              onRecord: (record: BulkInvoiceRecord) => {
                if (record.status === 'voided') voided += 1;
                if (record.status !== 'skipped') progress.add(record);
                output.record(record);
                if (!output.json) progress.log('stdout', row(record));
              },
              onNotice: (message) => progress.log('stderr', `${message}\n`),
            });
          } catch (error) {
            throw await credentialsStop(error, journalPath, voided);
          } finally {
            progress.stop();
          }
          output.record(result.summary);
          output.text(`\n${renderSummary(result.summary)}`);
          if (result.interrupted)
            output.message(`interrupted: run again with --resume --journal ${journalPath}`);
          return exitCodeOf(result.summary, result.interrupted);
        } finally {
          unlisten();
        }
      }),
    );
  },
};

/**
 * The journal engine voids with one key on that key's own account: a CSV row naming another
 * account (`account` column, not empty, `self`, or the key's own Chargebee site) is refused with
 * its line, before anything is sent. Until 2026-12-07 the column was ignored and the key's own
 * account voided the id, which Chargebee's per-site invoice numbers make another customer's.
 */
function refuseOtherAccounts(rows: readonly InvoiceRow[], ownSite: string | undefined): void {
  const elsewhere = rows.filter(
    ({ account }) =>
      account !== undefined && account !== '' && account !== SELF_ACCOUNT && account !== ownSite,
  );
  if (elsewhere.length === 0) return;
  throw new ValidationError({
    context: 'bulk input',
    issues: elsewhere.slice(0, 10).map(({ line, account }) => ({
      path: `line ${line}`,
      message: `names account ${JSON.stringify(account)}: without --engine, bulk-void voids on the key's own account only (use --engine, which sends each row with its account's credentials, or leave the cell empty)`,
    })),
  });
}
