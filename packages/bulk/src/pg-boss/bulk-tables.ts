/**
 * The engine's own tables, beside pg-boss's schema (DESIGN §16), in the schema `billbridge_bulk`:
 *
 * - `job`: one row per bulk job, its journal job record (provider, account, input digest, void options).
 * - `job_queue`: one row per job and provider account: the pg-boss queue of that account's invoices
 *   and the rate given at enqueue (requests per second), stored with the job.
 * - `journal`: append-only, the same records as a JSONL journal (job, run, intent, outcome, stop),
 *   one row each, in `seq` order; a trigger refuses UPDATE and DELETE.
 * - `account_lease`: which worker works an account now, until when (see `account-lease.ts`).
 */
export const BULK_SCHEMA = 'billbridge_bulk';

/**
 * Whether every table, index and the trigger exist already. Then `CREATE_BULK_TABLES` is skipped:
 * even with `IF NOT EXISTS`, `CREATE INDEX` locks its table (SHARE) and `DROP`/`CREATE TRIGGER`
 * theirs, which would stall every worker's journal writes whenever a worker or `bulk-status` opens.
 */
export const BULK_TABLES_PRESENT = `SELECT
  to_regclass('${BULK_SCHEMA}.job') IS NOT NULL AND to_regclass('${BULK_SCHEMA}.job_queue') IS NOT NULL
  AND to_regclass('${BULK_SCHEMA}.job_queue_account_key') IS NOT NULL
  AND to_regclass('${BULK_SCHEMA}.journal') IS NOT NULL AND to_regclass('${BULK_SCHEMA}.journal_invoice') IS NOT NULL
  AND to_regclass('${BULK_SCHEMA}.account_lease') IS NOT NULL
  AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'journal_append_only'
              AND tgrelid = to_regclass('${BULK_SCHEMA}.journal')) AS present`;

/** Statements that create the tables when missing; run under one advisory lock (concurrent workers). */
export const CREATE_BULK_TABLES = `
CREATE SCHEMA IF NOT EXISTS ${BULK_SCHEMA};
CREATE TABLE IF NOT EXISTS ${BULK_SCHEMA}.job (
  job_id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  record jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS ${BULK_SCHEMA}.job_queue (
  job_id text NOT NULL REFERENCES ${BULK_SCHEMA}.job (job_id),
  account text NOT NULL,
  account_key text NOT NULL,
  queue text NOT NULL UNIQUE,
  rate double precision NOT NULL CHECK (rate > 0),
  invoices integer NOT NULL,
  PRIMARY KEY (job_id, account)
);
CREATE INDEX IF NOT EXISTS job_queue_account_key ON ${BULK_SCHEMA}.job_queue (account_key);
CREATE TABLE IF NOT EXISTS ${BULK_SCHEMA}.journal (
  seq bigserial PRIMARY KEY,
  job_id text NOT NULL REFERENCES ${BULK_SCHEMA}.job (job_id),
  type text NOT NULL,
  invoice_id text,
  account text,
  worker text,
  at timestamptz NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS journal_invoice ON ${BULK_SCHEMA}.journal (job_id, invoice_id, account, seq);
CREATE OR REPLACE FUNCTION ${BULK_SCHEMA}.journal_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'billbridge_bulk.journal is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger
                 WHERE tgname = 'journal_append_only' AND tgrelid = '${BULK_SCHEMA}.journal'::regclass) THEN
    CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON ${BULK_SCHEMA}.journal
      FOR EACH ROW EXECUTE FUNCTION ${BULK_SCHEMA}.journal_append_only();
  END IF;
END
$$;
CREATE TABLE IF NOT EXISTS ${BULK_SCHEMA}.account_lease (
  account_key text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);
`;
