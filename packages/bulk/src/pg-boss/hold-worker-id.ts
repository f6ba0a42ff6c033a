import type pg from 'pg';
import { loadPgBoss } from './load-pg-boss.js';
import { redactConnectionString } from './open-bulk-database.js';

/**
 * A worker id held by one live process. A worker started again under the id it had (a supervisor
 * restarting a slot, `billbridge worker --worker-id`) takes back at once the account leases its
 * dead predecessor held, since a lease belongs to an id; two live processes under one id would
 * each think they hold the lease, and each pace the account with a bucket of its own. So the id is
 * held for the life of the worker by a PostgreSQL session-level advisory lock on a connection of
 * its own (`pg_try_advisory_lock`, released by the server when that session ends: a killed
 * process's socket is closed by its kernel, and the server sees a vanished machine within about
 * 25 s through the TCP keepalives set on the session). A start under a held id waits for it up to
 * `waitMs`, then fails; losing the connection later means losing the id (`lost` aborts).
 */
export interface HeldWorkerId {
  /** Aborts when the session holding the id ended (the worker must stop: another may take the id). */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** Server-side keepalives of the holding session: idle 10 s, then 3 probes 5 s apart. */
const KEEPALIVES = `SELECT set_config('tcp_keepalives_idle', '10', false),
  set_config('tcp_keepalives_interval', '5', false), set_config('tcp_keepalives_count', '3', false)`;
const TRY_LOCK = `SELECT pg_try_advisory_lock(hashtextextended('billbridge_bulk.worker:' || $1, 0)) AS held`;

/** Takes `workerId` for this process (see `HeldWorkerId`), polling every `pollMs` for up to `waitMs`. */
export async function holdWorkerId(
  connectionString: string,
  workerId: string,
  options: { waitMs: number; pollMs?: number; signal?: AbortSignal },
): Promise<HeldWorkerId> {
  const { Pool } = await loadPgBoss();
  const pool = new Pool({
    connectionString,
    max: 1,
    keepAlive: true,
    application_name: 'billbridge-bulk-worker-id',
  });
  const lost = new AbortController();
  pool.on('error', (error) => lost.abort(error));
  let client: pg.PoolClient | undefined;
  try {
    client = await pool.connect();
    client.on('error', (error) => lost.abort(error));
    client.on('end', () => lost.abort(new Error(`the session holding worker id ${workerId} ended`)));
    await client.query(KEEPALIVES);
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const { rows } = await client.query<{ held: boolean }>(TRY_LOCK, [workerId]);
      if (rows[0]?.held) break;
      if (options.signal?.aborted) throw new Error(`stopped while waiting for worker id ${workerId}`);
      if (Date.now() >= deadline) {
        throw new Error(
          `worker id ${JSON.stringify(workerId)} is held by a running worker on ` +
            `${redactConnectionString(connectionString)}: give each live worker its own id`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
    }
    const held = client;
    return {
      lost: lost.signal,
      async release() {
        // Ending the session gives the lock back.
        held.removeAllListeners('end');
        held.release(true);
        await pool.end().catch(() => undefined);
      },
    };
  } catch (error) {
    client?.release(true);
    await pool.end().catch(() => undefined);
    throw error;
  }
}
