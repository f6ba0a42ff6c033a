import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import {
  AuthenticationError,
  type BillingClient,
  PermissionError,
  parseInput,
  ValidationError,
  voidInvoiceOptionsSchema,
} from '@billbridge/core';
import type { BulkJournalStore, JournalItemState } from './bulk-engine.js';
import { assertJobId, bulkIdempotencyKey, newJobId } from './bulk-idempotency-key.js';
import type { BulkInvoiceRecord, BulkSummaryRecord } from './bulk-records.js';
import { createBulkTally } from './bulk-tally.js';
import {
  type BulkVoidOptions,
  type BulkVoidOptionsInput,
  bulkVoidOptionsSchema,
  type JournalJobRecord,
  stoppedBeforeSent,
} from './journal-records.js';
import {
  createJsonlJournal,
  type JsonlJournal,
  type JsonlJournalOptions,
  resumeJsonlJournal,
} from './jsonl-journal.js';
import { createArrayJobSource, runBulkWorker } from './run-bulk-worker.js';
import { invoiceRecord, skippedRecord } from './void-one-invoice.js';

/** Settings of `runJsonlBulkVoid`. */
export interface JsonlBulkVoidOptions {
  /** A client whose provider is paced by a `RateLimiter` (`rateLimitProvider`). */
  client: BillingClient;
  invoiceIds: readonly string[];
  journalPath: string;
  /** Go on with the job in the journal (starts it when there is no journal yet). */
  resume?: boolean;
  /** A new job's id (default `newJobId()`); on resume the journal's is used and this must match it. */
  jobId?: string;
  /** Which account this is (`describeAccount` in the CLI); a journal is resumed only against the same one. */
  account: string;
  /** A new job's void options; on resume, when given, they must equal the journal's. */
  void?: BulkVoidOptionsInput;
  concurrency?: number;
  stopSignal?: AbortSignal;
  onRecord?: (record: BulkInvoiceRecord) => void;
  /** Things the operator should know (journal started, torn line dropped). */
  onNotice?: (message: string) => void;
  journal?: JsonlJournalOptions;
  /** Puts something between the worker loop and the journal (mirroring it elsewhere; tests simulate crashes). */
  wrapJournal?: (journal: BulkJournalStore) => BulkJournalStore;
  now?: () => Date;
}

/** What a run did, with the job's totals. */
export interface JsonlBulkVoidResult {
  jobId: string;
  /** The job's totals across every run, this one included. */
  summary: BulkSummaryRecord;
  /** The run was stopped by `stopSignal` before the job was done. */
  interrupted: boolean;
}

/** SHA-256 of the invoice ids in order, one a line: what ties a journal to its input. */
export function invoiceListDigest(invoiceIds: readonly string[]): string {
  return createHash('sha256').update(invoiceIds.join('\n')).digest('hex');
}

/**
 * The JSONL engine: one process, an in-memory list as the job source and an append-only JSONL
 * journal. A new job refuses an existing journal; `resume` checks that the journal belongs to this
 * input, account and void options (before anything is written: a refused resume leaves the file as
 * it was), reports items done earlier as `skipped`, reconciles the ones in doubt and works the rest.
 * The summary is the job's, across runs. Void options and `concurrency` are checked before the
 * journal is touched (`ValidationError`). Credentials the provider refuses stop the run at the
 * first refusal (`AuthenticationError` / `PermissionError`, from `runBulkWorker`); a journal this
 * run started that holds nothing but such refusals is removed (nothing was voided, and it is tied
 * to the refused key's account, so it could not be resumed with a working key).
 */
export async function runJsonlBulkVoid(options: JsonlBulkVoidOptions): Promise<JsonlBulkVoidResult> {
  const now = options.now ?? (() => new Date());
  const notice = options.onNotice ?? (() => {});
  const digest = invoiceListDigest(options.invoiceIds);
  const requested = options.void === undefined ? undefined : parseVoidOptions(options.void);
  if (
    options.concurrency !== undefined &&
    !(Number.isInteger(options.concurrency) && options.concurrency >= 1)
  ) {
    throw new ValidationError({
      issues: [{ path: 'concurrency', message: 'must be a positive integer' }],
      context: 'bulk void',
    });
  }
  let journal: JsonlJournal | undefined;
  let resumed = false;
  if (options.resume) {
    const opened = await resumeJsonlJournal(options.journalPath, {
      ...options.journal,
      check: (job) => checkJournalMatches(job, { ...options, digest, requested }),
    });
    if (opened) {
      journal = opened.journal;
      resumed = true;
      if (opened.tornBytes > 0) {
        notice(
          `dropped an unfinished last line of the journal (${opened.tornBytes} bytes; the last run was killed while writing it)`,
        );
      }
    } else {
      notice(`no journal at ${options.journalPath} yet: starting the job`);
    }
  }
  if (!journal) {
    const job: JournalJobRecord = {
      type: 'job',
      version: 1,
      jobId: assertJobId(options.jobId ?? newJobId(now())),
      createdAt: now().toISOString(),
      provider: options.client.provider,
      account: options.account,
      input: { count: options.invoiceIds.length, sha256: digest },
      void: requested ?? bulkVoidOptionsSchema.parse({}),
    };
    journal = await createJsonlJournal(options.journalPath, job, options.journal);
  }
  const { jobId } = journal.job;
  const voidOptions: BulkVoidOptions = journal.job.void;
  let discard = false;
  try {
    await journal.append({ type: 'run', at: now().toISOString(), resume: resumed, pid: process.pid });
    const pending: { invoiceId: string; idempotencyKey: string }[] = [];
    let skipped = 0;
    for (const invoiceId of options.invoiceIds) {
      const state = journal.states.get(invoiceId);
      if (state?.state === 'done') {
        skipped += 1;
        options.onRecord?.(skippedRecord(state.outcome));
      } else pending.push({ invoiceId, idempotencyKey: bulkIdempotencyKey(jobId, invoiceId) });
    }
    const source = createArrayJobSource(pending);
    const report = await runBulkWorker({
      client: options.client,
      source,
      journal: options.wrapJournal ? options.wrapJournal(journal) : journal,
      void: voidOptions,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.stopSignal ? { stopSignal: options.stopSignal } : {}),
      onRecord: watchCreditNotes(options.client, notice, options.onRecord),
      now,
    });
    // Put back and not tried again before a stop (a 429's requeue): still to do, not failed.
    const left = new Set(report.stopped ? source.remainingIds() : []);
    const summary = jobSummary(journal, options.invoiceIds, voidOptions, resumed ? skipped : undefined, left);
    const interrupted = report.stopped && ((summary.pending ?? 0) > 0 || report.unfinished > 0);
    await journal.append({
      type: 'stop',
      at: now().toISOString(),
      reason: interrupted ? 'interrupted' : 'finished',
    });
    return { jobId, summary: { ...summary, jobId, ...(interrupted ? { interrupted } : {}) }, interrupted };
  } catch (error) {
    if (AuthenticationError.isInstance(error) || PermissionError.isInstance(error)) {
      discard = !resumed && onlyRefusals(journal.states);
      if (!discard) {
        await journal
          .append({ type: 'stop', at: now().toISOString(), reason: 'interrupted' })
          .catch(() => {});
      }
    }
    throw error;
  } finally {
    await journal.close();
    if (discard) {
      await unlink(options.journalPath);
      notice(
        `removed the journal ${options.journalPath} this run started: nothing was voided, and it was tied to the refused credentials`,
      );
    }
  }
}

/** Every invoice the journal names was refused for its credentials, the void not executed. */
function onlyRefusals(states: ReadonlyMap<string, JournalItemState>): boolean {
  for (const state of states.values()) {
    const error = state.state === 'failed' ? state.outcome.error : undefined;
    if (error?.outcome !== 'not_executed') return false;
    if (error.code !== 'authentication_failed' && error.code !== 'permission_denied') return false;
  }
  return true;
}

/**
 * A job's void options, by the client's own rules (`voidInvoiceOptionsSchema`: a reason code of 1
 * to 100 characters, a comment of at most 300), so a job the client would refuse at every void is
 * refused before its journal is written, with a `ValidationError` naming the option.
 */
/**
 * Two journal accounts name the same account, a base URL at their end (`…@http://127.0.0.1:12111`)
 * compared by its origin: journals written before 2026-12-07 kept the URL as typed
 * (`http://127.0.0.1:12111/`), and the CLI now writes the origin.
 */
function sameAccount(journal: string, given: string): boolean {
  const canonical = (account: string) =>
    account.replace(/@(https?:\/\/[^@]*)$/i, (whole, url: string) =>
      URL.canParse(url) ? `@${new URL(url).origin}` : whole,
    );
  return journal === given || canonical(journal) === canonical(given);
}

/**
 * A job's void options checked by the client's own rules (`voidInvoiceOptionsSchema`) and the
 * journal's: a `ValidationError` naming `void.<option>`. Both engines check them before writing.
 */
export function parseVoidOptions(input: BulkVoidOptionsInput): BulkVoidOptions {
  const context = 'bulk void options';
  parseInput(voidInvoiceOptionsSchema, input, { prefix: 'void', context });
  return parseInput(bulkVoidOptionsSchema, input, { prefix: 'void', context });
}

/**
 * Passes records on, and says once when a void made a credit note the client's capabilities did
 * not expect (Chargebee: the site has "Void invoices with credit note" on, the adapter's
 * `voidCreatesCreditNote` is off): the run counts the notes made, but a dry run would not expect them.
 */
function watchCreditNotes(
  client: BillingClient,
  notice: (message: string) => void,
  onRecord: ((record: BulkInvoiceRecord) => void) | undefined,
): (record: BulkInvoiceRecord) => void {
  let told = client.capabilities.voidInvoice.creditNoteOnVoid;
  return (record) => {
    if (!told && record.status === 'voided' && record.creditNote) {
      told = true;
      notice(
        `the void of ${record.invoiceId} made credit note ${record.creditNote.id}, which the ${client.provider} settings did not expect ` +
          '(Chargebee: the site voids with a credit note; set CHARGEBEE_VOID_CREATES_CREDIT_NOTE=true to match it): this run counts the notes made, a dry run does not expect them',
      );
    }
    onRecord?.(record);
  };
}

/** The job's totals from the journal: every invoice's latest outcome; `skipped` = done before this run. */
function jobSummary(
  journal: JsonlJournal,
  invoiceIds: readonly string[],
  voidOptions: BulkVoidOptions,
  skipped: number | undefined,
  left: ReadonlySet<string> = new Set(),
): BulkSummaryRecord {
  const tally = createBulkTally(invoiceIds.length);
  for (const invoiceId of invoiceIds) {
    const state = journal.states.get(invoiceId);
    // Caught by a stop before it was sent, or requeued and still queued at the stop: not done,
    // so pending (not a failure).
    if (state?.state === 'failed' && (stoppedBeforeSent(state.outcome) || left.has(invoiceId))) continue;
    if (state?.state === 'done' || state?.state === 'failed')
      tally.add(invoiceRecord(state.outcome, voidOptions));
  }
  const { skipped: _none, ...summary } = tally.summary();
  return skipped === undefined ? summary : { ...summary, skipped };
}

function checkJournalMatches(
  job: JournalJobRecord,
  given: JsonlBulkVoidOptions & { digest: string; requested: BulkVoidOptions | undefined },
) {
  const issues: { path: string; message: string }[] = [];
  if (given.jobId !== undefined && given.jobId !== job.jobId) {
    issues.push({ path: 'jobId', message: `is ${job.jobId} in the journal, not ${given.jobId}` });
  }
  if (!sameAccount(job.account, given.account)) {
    issues.push({
      path: 'account',
      message: `the journal's job ran against ${job.account}, not ${given.account}`,
    });
  }
  if (job.input.sha256 !== given.digest) {
    issues.push({
      path: 'input',
      message: `differs from the job's (${job.input.count} ids then, ${given.invoiceIds.length} now): resume with the same input`,
    });
  }
  if (given.requested && JSON.stringify(sorted(given.requested)) !== JSON.stringify(sorted(job.void))) {
    issues.push({
      path: 'void',
      message: `options differ from the job's (${JSON.stringify(job.void)}): its idempotency keys are tied to them`,
    });
  }
  if (issues.length > 0) throw new ValidationError({ issues, context: 'resume' });
}

function sorted(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}
