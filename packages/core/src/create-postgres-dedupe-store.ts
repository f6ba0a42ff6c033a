import * as z from 'zod';
import type { DedupeState, DedupeStore } from './dedupe-store.js';
import { parseInput } from './parse-input.js';

/**
 * What the Postgres store needs of a database client: a `query` like node-postgres's `Pool`
 * (`pool.query(text, values)`). Core has no `pg` dependency: pass your own `Pool`.
 */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null; rows: unknown[] }>;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const optionsSchema = z.strictObject({
  pool: z.custom<PostgresQueryable>(
    (value) => typeof (value as PostgresQueryable | null)?.query === 'function',
    'must have a query(text, values) method, like a pg Pool',
  ),
  tableName: z
    .string()
    .refine(
      (name) => name.split('.').length <= 2 && name.split('.').every((part) => identifier.test(part)),
      'must be a table name such as "billbridge_webhook_deliveries" or "billing.webhook_deliveries"',
    )
    .optional(),
  /** How often, at most, expired keys are deleted (on a claim; default one hour). */
  cleanupIntervalMs: z.int().min(0).optional(),
});

/** Options of {@link createPostgresDedupeStore}. */
export type PostgresDedupeStoreOptions = z.input<typeof optionsSchema>;

/** A {@link DedupeStore} in a PostgreSQL table. */
export interface PostgresDedupeStore extends Required<DedupeStore> {
  /** The quoted table name the store uses. */
  readonly table: string;
  /** Creates the table and its index if they do not exist (also done lazily on first use). */
  migrate(): Promise<void>;
  /** Deletes expired keys now; returns how many. */
  cleanup(): Promise<number>;
}

/**
 * SQLSTATEs of a concurrent `CREATE … IF NOT EXISTS` that lost the race: unique_violation,
 * duplicate_table, and duplicate_object (`type "…" already exists`: the table's row type, when both
 * got as far as creating it; seen in the test suite with many pools migrating at once).
 */
const LOST_CREATE_RACE = new Set(['23505', '42P07', '42710']);

/**
 * A claim's `claimed_at` as text that reads the same whatever the session's `DateStyle` and
 * `TimeZone`: UTC, to the microsecond, in a fixed format. A plain `::text` round trip did not
 * (`DateStyle = 'SQL, DMY'` with `TimeZone = 'Asia/Kolkata'` prints `IST`, read back as Israel's).
 */
const CLAIMED_AT_TEXT = `to_char(claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;

/** How many claims in flight one store remembers for owner-aware releases. */
const MAX_GRANTS_KEPT = 10_000;

/**
 * A {@link DedupeStore} in one PostgreSQL table (default `billbridge_webhook_deliveries`), shared
 * by every process that uses the same database, over the caller's `pg` Pool (or anything with
 * `query`). A claim is one `INSERT … ON CONFLICT (key) DO UPDATE … WHERE expires_at <= now()`:
 * it inserts a new key and takes over an expired one atomically, and does nothing to a live one,
 * so two processes claiming the same key at the same moment cannot both win. Times are the
 * database's (`now()`), so the processes' clocks do not matter. Expired keys are deleted at most
 * once per `cleanupIntervalMs` and by `cleanup()`.
 */
export function createPostgresDedupeStore(options: PostgresDedupeStoreOptions): PostgresDedupeStore {
  const parsed = parseInput(optionsSchema, options, { context: 'createPostgresDedupeStore' });
  const pool = parsed.pool;
  const name = parsed.tableName ?? 'billbridge_webhook_deliveries';
  const table = name
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
  const indexName = `"${`${name.split('.').at(-1)}_expires_at`.slice(0, 63)}"`;
  const cleanupIntervalMs = parsed.cleanupIntervalMs ?? 60 * 60 * 1000;
  const expiry = `now() + make_interval(secs => $2::double precision / 1000)`;
  let ready: Promise<void> | undefined;
  let lastCleanup = Date.now();
  /**
   * `claimed_at` of the claims this store granted, by owner and key: a release with an owner
   * deletes that claim only, not one another delivery took over after its lease lapsed. Kept in
   * this process (the owner releases through the store it claimed with), so the table is as before.
   */
  const granted = new Map<string, string>();
  const grantKey = (key: string, owner: string) => `${owner}\u0000${key}`;

  async function create(statement: string) {
    try {
      await pool.query(statement);
    } catch (error) {
      // Another process created it at the same moment: check it exists now.
      if (!LOST_CREATE_RACE.has(String((error as { code?: unknown }).code))) throw error;
      await pool.query(statement);
    }
  }

  async function migrate() {
    await create(
      `CREATE TABLE IF NOT EXISTS ${table} (
        key text PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`,
    );
    await create(`CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (expires_at)`);
  }

  function whenReady(): Promise<void> {
    ready ??= migrate().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  async function cleanup(): Promise<number> {
    await whenReady();
    lastCleanup = Date.now();
    const result = await pool.query(`DELETE FROM ${table} WHERE expires_at <= now()`);
    return result.rowCount ?? 0;
  }

  return {
    table,
    migrate: whenReady,
    cleanup,
    async claim(key, ttlMs, owner) {
      await whenReady();
      if (Date.now() - lastCleanup >= cleanupIntervalMs) await cleanup().catch(() => 0);
      const result = await pool.query(
        `INSERT INTO ${table} AS held (key, state, expires_at) VALUES ($1, 'in_flight', ${expiry})
         ON CONFLICT (key) DO UPDATE SET state = 'in_flight', claimed_at = now(), expires_at = EXCLUDED.expires_at
         WHERE held.expires_at <= now()
         RETURNING ${CLAIMED_AT_TEXT} AS claimed_at`,
        [key, ttlMs],
      );
      const row = result.rows[0] as { claimed_at?: string } | undefined;
      if (result.rowCount !== 1 || row?.claimed_at === undefined) return false;
      if (owner !== undefined) {
        granted.set(grantKey(key, owner), row.claimed_at);
        // A claim never released nor completed (an `onEvent` that never returned) is not kept for
        // ever: past this many the oldest go, and their release then deletes nothing.
        if (granted.size > MAX_GRANTS_KEPT) granted.delete(granted.keys().next().value!);
      }
      return true;
    },
    async release(key, owner) {
      await whenReady();
      // Only a claim in flight goes back, never a completed key; with an owner, only its own.
      if (owner === undefined) {
        await pool.query(`DELETE FROM ${table} WHERE key = $1 AND state = 'in_flight'`, [key]);
        return;
      }
      const claimedAt = granted.get(grantKey(key, owner));
      if (claimedAt === undefined) return;
      granted.delete(grantKey(key, owner));
      await pool.query(
        `DELETE FROM ${table} WHERE key = $1 AND state = 'in_flight' AND ${CLAIMED_AT_TEXT} = $2`,
        [key, claimedAt],
      );
    },
    async complete(key, ttlMs, owner) {
      await whenReady();
      if (owner !== undefined) granted.delete(grantKey(key, owner));
      // An upsert: the lease may have been cleaned up while a slow onEvent ran.
      await pool.query(
        `INSERT INTO ${table} (key, state, expires_at) VALUES ($1, 'completed', ${expiry})
         ON CONFLICT (key) DO UPDATE SET state = 'completed', expires_at = EXCLUDED.expires_at`,
        [key, ttlMs],
      );
    },
    async state(key) {
      await whenReady();
      const result = await pool.query(`SELECT state FROM ${table} WHERE key = $1 AND expires_at > now()`, [
        key,
      ]);
      return (result.rows[0] as { state?: DedupeState } | undefined)?.state;
    },
  };
}
