import { redactConnectionString, runPgBossWorker } from '@billbridge/bulk';
import type { CliCommand, CommonFlags } from './cli-command.js';
import { createOutput, runAction, UsageError, withCommonOptions } from './cli-command.js';
import { engineAccountClients } from './engine-account-client.js';
import { BULK_LIMITS, collect, engineUrl, timingFlags } from './engine-options.js';
import { EXIT_CODES } from './exit-codes.js';
import { invoiceRowRenderer } from './render-records.js';

interface WorkerFlags extends CommonFlags {
  engine?: string;
  concurrency?: string;
  maxAccounts?: string;
  account?: string[];
  exitWhenIdle?: boolean;
  workerId?: string;
  leaseSeconds?: string;
  maintenanceSeconds?: string;
  pollSeconds?: string;
}

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${flag} must be a positive integer`);
  return parsed;
}

function workerIdFlag(value: string): string {
  if (!/^[\w.:@-]{1,200}$/.test(value)) {
    throw new UsageError('--worker-id must be 1 to 200 letters, digits or . : @ _ -');
  }
  return value;
}

/**
 * `billbridge worker --engine postgres://…` (DESIGN §16): works off the jobs `bulk-void --engine`
 * enqueued, on any number of machines, one account at a time per worker within the account's
 * rate. Each invoice's record on stdout as it is journaled (a row, or NDJSON with `--json`, with
 * `jobId` and `account`); leases on stderr, and one line per job (or queue) left alone: jobs
 * enqueued with other credentials than this worker's key (`resolveCliProvider`'s account), and on
 * Chargebee queues of another site than `CHARGEBEE_SITE`. SIGINT/SIGTERM: calls in flight finish and are
 * journaled, leases are given back, exit 130; `--exit-when-idle`: exit 0 once nothing is left.
 */
export const workerCommand: CliCommand = {
  name: 'worker',
  register(program, context) {
    withCommonOptions(
      program
        .command('worker')
        .description('Work off bulk jobs enqueued with bulk-void --engine, within each account’s rate')
        .requiredOption('--engine <url>', 'the PostgreSQL of the jobs (postgres://…)')
        .option('--concurrency <n>', 'invoices worked on at once per account (default 4)')
        .option('--max-accounts <n>', 'accounts worked at once (default 32)')
        .option(
          '--account <id>',
          'work only this provider account (repeatable; e.g. the Chargebee site of the key)',
          collect,
        )
        .option('--exit-when-idle', 'exit once no job has work left')
        .option(
          '--worker-id <id>',
          'this worker’s name in leases and the journal (default host:pid:random); started again under its id, a worker takes back its leases at once; one live worker per id',
        )
        .option('--lease-seconds <n>', 'an account’s lease lasts this long unless renewed (default 15)')
        .option('--maintenance-seconds <n>', 'how often expired active jobs are put back (default 10)')
        .option('--poll-seconds <n>', 'how often an idle worker looks for work (default 1)'),
    ).action((flags: WorkerFlags) =>
      runAction(context, 'worker', async () => {
        const { io } = context;
        const output = createOutput(io, flags.json);
        const database = { connectionString: engineUrl(flags.engine) };
        const concurrency = positiveInteger(flags.concurrency, '--concurrency');
        if (concurrency !== undefined && concurrency > BULK_LIMITS.concurrency.max) {
          throw new UsageError(`--concurrency must be at most ${BULK_LIMITS.concurrency.max}`);
        }
        const maxAccounts = positiveInteger(flags.maxAccounts, '--max-accounts');
        const timings = timingFlags(flags);
        const workerId = flags.workerId === undefined ? undefined : workerIdFlag(flags.workerId);
        const clients = await engineAccountClients(flags, io.env);
        const stop = new AbortController();
        const unlisten = io.onInterrupt((signal) => {
          if (stop.signal.aborted) io.exitNow(EXIT_CODES.interrupted);
          io.stderr.write(
            `${signal}: stopping; calls in flight finish and are journaled (again to quit at once)\n`,
          );
          stop.abort();
        });
        const row = invoiceRowRenderer(24);
        try {
          output.message(
            `worker on ${redactConnectionString(database.connectionString)} (${clients.name}, credentials ${clients.credentials})`,
          );
          const report = await runPgBossWorker({
            database,
            clientFor: clients.clientFor,
            credentials: clients.credentials,
            refuse: clients.refuse,
            provider: clients.name,
            ...(workerId !== undefined ? { workerId } : {}),
            ...(concurrency !== undefined ? { concurrency } : {}),
            ...(maxAccounts !== undefined ? { maxAccounts } : {}),
            ...(flags.account ? { accounts: flags.account } : {}),
            timings,
            stopSignal: stop.signal,
            exitWhenIdle: flags.exitWhenIdle === true,
            onRecord: (record, where) => {
              output.record({ ...record, jobId: where.jobId, account: where.account });
              output.text(row(record));
            },
            onEvent: (event) => {
              if (event.type === 'lease') output.message(`lease ${event.account} at ${event.rate}/s`);
              else if (event.type === 'lease-lost') output.message(`lost the lease of ${event.account}`);
              else if (event.type === 'skip') {
                const what = event.account === '*' ? '' : ` (account ${event.account})`;
                output.message(`skipping job ${event.jobId}${what}: ${event.reason}`);
              }
            },
          });
          output.message(
            `worker ${report.workerId}: ${report.settled} invoices journaled, ${report.leases} leases`,
          );
          if (stop.signal.aborted) return EXIT_CODES.interrupted;
          // Refused credentials are a configuration error, as for bulk-void (docs/cli.md): exit 2.
          return report.credentialsRefused > 0 ? EXIT_CODES.usage : EXIT_CODES.ok;
        } finally {
          unlisten();
        }
      }),
    );
  },
};
