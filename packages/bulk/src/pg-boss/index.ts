export {
  type AccountLease,
  type BulkQueueFilter,
  claimAccountLeases,
  releaseAccountLease,
  renewAccountLeases,
} from './account-lease.js';
export type {
  BulkQueueJob,
  BulkQueueJobInsert,
  BulkQueueJobOptions,
  BulkQueues,
  BulkSql,
  BulkSqlExecutor,
  BulkSqlResult,
} from './bulk-sql.js';
export { BULK_SCHEMA } from './bulk-tables.js';
export {
  accountKey,
  BULK_SELF_ACCOUNT,
  bulkPgBossJobId,
  bulkQueueName,
  type EnqueuedPgBossBulkVoid,
  type EnqueuePgBossBulkVoidOptions,
  enqueuePgBossBulkVoid,
  type PgBossBulkItem,
} from './enqueue-pg-boss-bulk-void.js';
export { parseInvoiceAccounts } from './invoice-accounts.js';
export {
  assertConnectionString,
  type BulkDatabase,
  type BulkDatabaseOptions,
  openBulkDatabase,
  redactConnectionString,
} from './open-bulk-database.js';
export {
  PG_BOSS_ENGINE_DEFAULTS,
  PG_BOSS_JOB_RETENTION_DAYS,
  PG_BOSS_MAX_REQUEUES,
  type PgBossEngineTimings,
  resolvePgBossTimings,
  takeoverBoundSeconds,
} from './pg-boss-engine-settings.js';
export { createPgBossJobSource, type PgBossJobSource } from './pg-boss-job-source.js';
export {
  appendJournalRow,
  createPostgresJournalStore,
  type PostgresJournalScope,
  readPostgresJournal,
} from './postgres-journal-store.js';
export {
  type PgBossAccountStatus,
  type PgBossBulkStatus,
  type PgBossQueueCounts,
  readPgBossBulkStatus,
  readPgBossInvoiceRecords,
  requirePgBossBulkStatus,
} from './read-pg-boss-bulk-status.js';
export {
  type BulkAccountTarget,
  defaultWorkerId,
  type PgBossWorkerEvent,
  type PgBossWorkerOptions,
  type PgBossWorkerReport,
  runPgBossWorker,
} from './run-pg-boss-worker.js';
