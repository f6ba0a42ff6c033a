import { ValidationError } from '@billbridge/core';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { BulkQueues, BulkSql, BulkSqlExecutor } from './bulk-sql.js';
import { BULK_TABLES_PRESENT, CREATE_BULK_TABLES } from './bulk-tables.js';
import { loadPgBoss } from './load-pg-boss.js';

/** Where the pg-boss engine keeps its queues and journal. */
export interface BulkDatabaseOptions {
  /** `postgres://user:password@host:port/database`; never printed (see `redactConnectionString`). */
  connectionString: string;
  /** pg-boss's schema (default `pgboss`). */
  bossSchema?: string;
  /** Connections at most (default 10). */
  poolSize?: number;
}

/**
 * An open engine database: one `pg.Pool` shared by pg-boss and the engine's own statements
 * (`query`). Typed structurally (`bulk-sql.ts`): the public types need neither `pg` nor `pg-boss`.
 */
export interface BulkDatabase extends BulkSql {
  /** The pg-boss instance, as far as the engine uses it. */
  readonly boss: BulkQueues;
  readonly bossSchema: string;
  /** Runs `work` in one transaction; `db` is for pg-boss calls that take `{ db }`. */
  transaction<T>(work: (client: BulkSql, db: BulkSqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Query parameters that carry a secret: node-postgres (pg-connection-string) takes every query
 * parameter as a connection setting, so `?password=…` is the password as much as the user info's
 * (libpq's `sslpassword`, a key's passphrase, tokens likewise). Paths (`sslkey`, `sslcert`,
 * `sslrootcert`, `passfile`) are not secrets and are shown.
 */
const SECRET_PARAMETER = /pass(?:word|wd|phrase)|pwd|secret|token/i;
const PATH_PARAMETER = /^(?:sslkey|sslcert|sslrootcert|passfile)$/i;

/**
 * `postgres://user:***@host:port/db?password=***`: a connection string fit for messages and logs,
 * its password masked in the user info and in the query (any parameter named like a secret); the
 * other parameters are left as they were written.
 */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    if (url.search.length > 1) {
      url.search = url.search
        .slice(1)
        .split('&')
        .map((pair) => {
          const [name = ''] = pair.split('=', 1);
          const decoded = safeDecode(name.replace(/\+/g, ' '));
          return SECRET_PARAMETER.test(decoded) && !PATH_PARAMETER.test(decoded) ? `${name}=***` : pair;
        })
        .join('&');
    }
    return url.toString();
  } catch {
    return 'postgres://(unparsable connection string)';
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Checks that `value` is a `postgres://` or `postgresql://` URL (nothing is connected yet). */
export function assertConnectionString(value: string, path = 'engine'): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || !url.hostname) {
    throw new ValidationError({
      issues: [{ path, message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/db' }],
      context: 'pg-boss engine',
    });
  }
  return value;
}

/**
 * Opens the engine database: a pool, pg-boss over it (its schema created or migrated when
 * missing), and the engine's tables (`CREATE_BULK_TABLES`, under an advisory lock so that workers
 * starting together do not race). `boss` is started with `bossOptions` (a worker passes
 * `supervise: true` and its maintenance interval; others leave maintenance to the workers).
 */
export async function openBulkDatabase(
  options: BulkDatabaseOptions,
  bossOptions: { supervise?: boolean; maintenanceIntervalSeconds?: number } = {},
): Promise<BulkDatabase> {
  assertConnectionString(options.connectionString);
  const bossSchema = options.bossSchema ?? 'pgboss';
  if (!SCHEMA_NAME.test(bossSchema)) {
    throw new ValidationError({
      issues: [{ path: 'bossSchema', message: 'must be a lower-case SQL identifier' }],
      context: 'pg-boss engine',
    });
  }
  const { PgBoss, Pool } = await loadPgBoss();
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    application_name: 'billbridge-bulk',
  });
  const errors: unknown[] = [];
  pool.on('error', (error) => errors.push(error));
  const db: PgBoss.Db = { executeSql: (text, values) => pool.query(text, values) };
  const boss = new PgBoss({
    db,
    schema: bossSchema,
    migrate: true,
    schedule: false,
    supervise: bossOptions.supervise ?? false,
    ...(bossOptions.maintenanceIntervalSeconds !== undefined
      ? { maintenanceIntervalSeconds: bossOptions.maintenanceIntervalSeconds }
      : {}),
  });
  boss.on('error', (error) => errors.push(error));
  try {
    await boss.start();
    await withClient(pool, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('billbridge_bulk.create'))");
        const present = await client.query<{ present: boolean }>(BULK_TABLES_PRESENT);
        if (!present.rows[0]?.present) await client.query(CREATE_BULK_TABLES);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    });
  } catch (error) {
    await boss.stop({ graceful: false, close: false }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw new Error(
      `cannot open the bulk database at ${redactConnectionString(options.connectionString)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let closed = false;
  return {
    boss,
    bossSchema,
    query: (text, values) => pool.query(text, values),
    transaction: (work) =>
      withClient(pool, async (client) => {
        await client.query('BEGIN');
        try {
          const result = await work(client, { executeSql: (text, values) => client.query(text, values) });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    async close() {
      if (closed) return;
      closed = true;
      await boss.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
      await pool.end();
    },
  };
}

async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}
