import {
  type BulkDatabase,
  type BulkInvoiceRecord,
  readPgBossInvoiceRecords,
  requirePgBossBulkStatus,
} from '@billbridge/bulk';
import { createBulkProgress } from './bulk-progress.js';
import { type CliContext, createOutput } from './cli-command.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { invoiceRowRenderer, renderSummary } from './render-records.js';

/**
 * Follows a pg-boss job to its end from the journal table (whichever workers write it): the
 * progress bar (or a line every `intervalMs` off a terminal) is fed the counts the status query
 * reads each `pollMs`; at the end every invoice's record and the summary are printed, as after a
 * JSONL run. A job that stalled (invoices `lost`, nothing left in its queues) ends the follow too,
 * with exit 1 and a line saying so. SIGINT/SIGTERM stop following (exit 130); the job goes on in
 * the workers.
 */
export async function followPgBossJob(
  db: BulkDatabase,
  jobId: string,
  context: CliContext,
  options: { json: boolean; intervalMs: number; pollMs?: number },
): Promise<ExitCode> {
  const { io } = context;
  const output = createOutput(io, options.json);
  let status = await requirePgBossBulkStatus(db, { jobId });
  const progress = createBulkProgress(io, { total: status.summary.total, intervalMs: options.intervalMs });
  const shown = { voided: 0, refused: 0, failed: 0 };
  // The summary's `failed` counts an invoice whose latest outcome is a failure, and a failure put
  // back on the queue (a 429 again and again, refused credentials) can still end voided: the bar,
  // which only counts up, takes failures once the job has ended, so an invoice is counted once
  // (until 2026-12-07 a requeued one was counted failed, then voided: `progress 2/1 200%`).
  const feed = (ended: boolean) => {
    for (const key of ended ? (['voided', 'refused', 'failed'] as const) : (['voided', 'refused'] as const)) {
      for (; shown[key] < status.summary[key]; shown[key]++) {
        progress.add({ type: 'invoice', invoiceId: '', status: key });
      }
    }
  };
  const stop = new AbortController();
  const unlisten = io.onInterrupt(() => stop.abort());
  try {
    feed(status.done || status.stalled);
    while (!status.done && !status.stalled && !stop.signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 1000);
        stop.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      status = await requirePgBossBulkStatus(db, { jobId });
      feed(status.done || status.stalled);
    }
  } finally {
    progress.stop();
    unlisten();
  }
  if (stop.signal.aborted) {
    output.message(`stopped following ${jobId}: the workers go on (billbridge bulk-status --job ${jobId})`);
    return EXIT_CODES.interrupted;
  }
  const records: BulkInvoiceRecord[] = await readPgBossInvoiceRecords(db, status.job);
  const row = invoiceRowRenderer(Math.max(0, ...records.map((record) => record.invoiceId.length)));
  for (const record of records) output.record(record);
  if (!output.json) output.text(records.map(row).join(''));
  output.record(status.summary);
  output.text(`\n${renderSummary(status.summary)}`);
  if (status.stalled) {
    output.message(
      `${status.lost} invoice(s) of ${jobId} have no pg-boss job left to work them (removed from its queue without an outcome): no worker will take them up; enqueue them again as a new job`,
    );
    return EXIT_CODES.incomplete;
  }
  return status.summary.refused + status.summary.failed > 0 ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}
