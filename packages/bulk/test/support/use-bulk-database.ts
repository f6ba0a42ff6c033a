import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresServer, startPostgres } from '../../../../test/support/postgres-server.js';
import { type BulkDatabase, openBulkDatabase, type PgBossEngineTimings } from '../../src/pg-boss/index.js';

/** Short timings, so a takeover fits a unit test (the defaults are checked on their own). */
export const FAST: Partial<PgBossEngineTimings> = {
  leaseSeconds: 2,
  expireInSeconds: 2,
  maintenanceIntervalSeconds: 1,
  pollIntervalSeconds: 0.5,
  retryDelaySeconds: 0,
};

/** What one pg-boss test file runs against: a real PostgreSQL, the bulk database on it, a folder. */
export interface BulkTestDatabase {
  postgres: PostgresServer;
  db: BulkDatabase;
  dir: string;
}

/**
 * Starts a real PostgreSQL (test/support/postgres-server.ts) and opens the bulk database on it
 * before the file's tests, hands them to `started`, and stops and removes everything after.
 */
export function useBulkDatabase(dirPrefix: string, started: (database: BulkTestDatabase) => void): void {
  let database: Partial<BulkTestDatabase> = {};
  beforeAll(async () => {
    const postgres = await startPostgres();
    database = { postgres };
    const db = await openBulkDatabase({ connectionString: postgres.connectionString });
    database = { postgres, db, dir: await mkdtemp(join(tmpdir(), dirPrefix)) };
    started(database as BulkTestDatabase);
  }, 60_000);
  afterAll(async () => {
    await database.db?.close();
    await database.postgres?.stop();
    if (database.dir) await rm(database.dir, { recursive: true, force: true });
  });
}
