/**
 * What the pg-boss engine needs of `pg` and `pg-boss`, as structural types of its own: the public
 * types of @billbridge/bulk name neither package, so a consumer without `@types/pg` (or without
 * pg-boss installed, on the JSONL engine) type-checks with `skipLibCheck: false`. A node-postgres
 * `Pool` or `PoolClient` is a `BulkSql`, a `PgBoss` instance a `BulkQueues`; the engine's database
 * (`BulkDatabase`) is also what core's `createPostgresDedupeStore` takes (`PostgresQueryable`).
 */

/** One statement's result: its rows (typed by the caller) and how many rows it touched. */
export interface BulkSqlResult<Row> {
  rows: Row[];
  rowCount: number | null;
}

/** Anything with node-postgres's `query(text, values)`: a `Pool`, a `PoolClient`. */
export interface BulkSql {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<BulkSqlResult<Row>>;
}

/** pg-boss's `Db`: how it runs its statements on a connection it is given (a transaction's). */
export interface BulkSqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A pg-boss job's options as the engine sets them (per queue, and on each job). */
export interface BulkQueueJobOptions {
  retryLimit: number;
  /** Seconds. */
  retryDelay: number;
  expireInSeconds: number;
}

/** A job as the engine inserts it into pg-boss. */
export interface BulkQueueJobInsert extends BulkQueueJobOptions {
  id: string;
  name: string;
  data: object;
  singletonKey: string;
  /** Until when pg-boss keeps the job while it is queued (ISO 8601; pg-boss's `JobInsert.keepUntil`). */
  keepUntil: string;
}

/**
 * A fetched job; with `includeMetadata`, how often it was fetched before (pg-boss's `retry_count`)
 * and what its last `fail` or `complete` left in `output`.
 */
export interface BulkQueueJob<Data> {
  id: string;
  data: Data;
  retryCount?: number;
  output?: unknown;
}

/** What the engine calls on a pg-boss 10 instance (see pg-boss's `types.d.ts`). */
export interface BulkQueues {
  createQueue(
    name: string,
    options: BulkQueueJobOptions & { name: string; policy: 'stately'; retentionMinutes: number },
  ): Promise<void>;
  insert(jobs: BulkQueueJobInsert[], options: { db: BulkSqlExecutor }): Promise<void>;
  fetch<Data>(
    name: string,
    options: { batchSize: number; includeMetadata?: boolean },
  ): Promise<BulkQueueJob<Data>[]>;
  /**
   * pg-boss 10 answers `{ jobs, requested, affected }` (its `mapCommandResponse`; its types say
   * `void`): `affected` 0 when the job was no longer active (it completes active jobs only).
   */
  complete(name: string, id: string): Promise<unknown>;
  fail(name: string, id: string | string[], data?: object): Promise<unknown>;
  cancel(name: string, id: string): Promise<unknown>;
}
