import type { BulkJournalStore } from '../bulk-engine.js';
import { type JournalRecord, journalRecordSchema } from '../journal-records.js';
import { journalStates } from '../jsonl-journal.js';
import { BULK_SCHEMA } from './bulk-tables.js';
import type { BulkDatabase } from './open-bulk-database.js';

/** Who writes: the job, and for intents and outcomes the provider account and the worker. */
export interface PostgresJournalScope {
  jobId: string;
  /** The provider account the invoices belong to (Chargebee invoice numbers repeat across sites). */
  account?: string;
  worker?: string;
}

/**
 * Appends one journal record as a row of `billbridge_bulk.journal` (committed when the promise
 * resolves: one autocommit INSERT, never an update).
 */
export async function appendJournalRow(
  db: Pick<BulkDatabase, 'query'>,
  scope: PostgresJournalScope,
  record: JournalRecord,
): Promise<void> {
  const invoiceId = record.type === 'intent' || record.type === 'outcome' ? record.invoiceId : null;
  const at = 'at' in record ? record.at : record.createdAt;
  await db.query(
    `INSERT INTO ${BULK_SCHEMA}.journal (job_id, type, invoice_id, account, worker, at, record)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [scope.jobId, record.type, invoiceId, scope.account ?? null, scope.worker ?? null, at, record],
  );
}

/** Every record of a job's journal, in the order written: the same lines a JSONL journal holds. */
export async function readPostgresJournal(
  db: Pick<BulkDatabase, 'query'>,
  jobId: string,
): Promise<JournalRecord[]> {
  const { rows } = await db.query<{ record: unknown }>(
    `SELECT record FROM ${BULK_SCHEMA}.journal WHERE job_id = $1 ORDER BY seq`,
    [jobId],
  );
  return rows.map((row) => journalRecordSchema.parse(row.record));
}

/**
 * The journal of one job's invoices of one account in PostgreSQL, as a `BulkJournalStore`: every intent and every outcome is
 * a new row (an intent before the call, an outcome after), so a worker killed mid-call leaves an
 * intent without an outcome, which whoever takes the invoice next reconciles. `lookup` folds the
 * invoice's rows exactly as the JSONL journal folds its lines (`journalStates`).
 */
export function createPostgresJournalStore(
  db: Pick<BulkDatabase, 'query'>,
  scope: PostgresJournalScope,
): BulkJournalStore {
  return {
    async lookup(invoiceId) {
      const { rows } = await db.query<{ record: unknown }>(
        `SELECT record FROM ${BULK_SCHEMA}.journal
         WHERE job_id = $1 AND invoice_id = $2 AND account IS NOT DISTINCT FROM $3 ORDER BY seq`,
        [scope.jobId, invoiceId, scope.account ?? null],
      );
      const records = rows.map((row) => journalRecordSchema.parse(row.record));
      return journalStates(records).get(invoiceId) ?? { state: 'new' };
    },
    appendIntent: (intent) => appendJournalRow(db, scope, intent),
    appendOutcome: (outcome) => appendJournalRow(db, scope, outcome),
  };
}
