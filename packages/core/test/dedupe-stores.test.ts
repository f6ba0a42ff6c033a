import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../../../test/support/postgres-server.js';
import {
  createMemoryDedupeStore,
  createPostgresDedupeStore,
  DEFAULT_DEDUPE_TTL_MS,
  type DedupeStore,
  ValidationError,
} from '../src/index.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server?.stop());

/** The behaviour every store shares: claim once, complete, release, state. */
async function claimOnce(store: DedupeStore) {
  expect(await store.claim('stripe::evt_1', 60_000)).toBe(true);
  expect(await store.claim('stripe::evt_1', 60_000)).toBe(false);
  expect(await store.state?.('stripe::evt_1')).toBe('in_flight');
  await store.complete?.('stripe::evt_1', DEFAULT_DEDUPE_TTL_MS);
  expect(await store.state?.('stripe::evt_1')).toBe('completed');
  expect(await store.claim('stripe::evt_1', 60_000)).toBe(false);
  // A released claim (onEvent threw) can be claimed again by the provider's retry.
  expect(await store.claim('stripe::evt_2', 60_000)).toBe(true);
  await store.release('stripe::evt_2');
  expect(await store.state?.('stripe::evt_2')).toBeUndefined();
  expect(await store.claim('stripe::evt_2', 60_000)).toBe(true);
  // Keys of other accounts do not collide.
  expect(await store.claim('stripe:acct_2:evt_1', 60_000)).toBe(true);
}

/**
 * A delivery whose lease lapsed while it ran must not give back the claim another delivery took
 * over since, and no release forgets a completed key (both let a third delivery handle the event).
 */
async function releaseOwnClaimOnly(store: DedupeStore, lapse: () => Promise<void>) {
  expect(await store.claim('stripe::evt_lapsed', 200, 'delivery-a')).toBe(true);
  await lapse();
  expect(await store.claim('stripe::evt_lapsed', 60_000, 'delivery-b')).toBe(true);
  await store.release('stripe::evt_lapsed', 'delivery-a');
  expect(await store.state?.('stripe::evt_lapsed')).toBe('in_flight');
  expect(await store.claim('stripe::evt_lapsed', 60_000, 'delivery-c')).toBe(false);

  expect(await store.claim('stripe::evt_done', 200, 'delivery-a')).toBe(true);
  await lapse();
  expect(await store.claim('stripe::evt_done', 60_000, 'delivery-b')).toBe(true);
  await store.complete?.('stripe::evt_done', DEFAULT_DEDUPE_TTL_MS, 'delivery-a');
  await store.release('stripe::evt_done', 'delivery-b');
  await store.release('stripe::evt_done');
  expect(await store.state?.('stripe::evt_done')).toBe('completed');
  expect(await store.claim('stripe::evt_done', 60_000, 'delivery-c')).toBe(false);

  // Its own claim it does give back.
  expect(await store.claim('stripe::evt_own', 60_000, 'delivery-a')).toBe(true);
  await store.release('stripe::evt_own', 'delivery-a');
  expect(await store.claim('stripe::evt_own', 60_000, 'delivery-b')).toBe(true);
}

describe('createMemoryDedupeStore', () => {
  it('a release gives back its own claim only, never a completed key', async () => {
    let at = 0;
    await releaseOwnClaimOnly(createMemoryDedupeStore({ now: () => at }), async () => {
      at += 1_000;
    });
  });

  it('claims once, completes, releases', () => claimOnce(createMemoryDedupeStore()));

  it('forgets a key when its TTL is over (injected clock)', async () => {
    let now = 1_000;
    const store = createMemoryDedupeStore({ now: () => now });
    expect(await store.claim('k', 100)).toBe(true);
    now += 99;
    expect(await store.claim('k', 100)).toBe(false);
    now += 1;
    expect(await store.state('k')).toBeUndefined();
    expect(await store.claim('k', 100)).toBe(true);
  });

  it('is bounded: past maxEntries the oldest handled keys go first', async () => {
    const store = createMemoryDedupeStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) {
      await store.claim(key, 60_000);
      await store.complete(key, 60_000);
    }
    await store.claim('busy', 60_000);
    expect(store.size).toBe(3);
    expect(await store.state('a')).toBeUndefined();
    expect(await store.state('busy')).toBe('in_flight');
    for (let index = 0; index < 100; index++) await store.claim(`k${index}`, 60_000);
    expect(store.size).toBe(3);
    expect(() => createMemoryDedupeStore({ maxEntries: 0 })).toThrow(ValidationError);
  });
});

describe('createPostgresDedupeStore (real PostgreSQL)', () => {
  it('a release gives back its own claim only, never a completed key', async () => {
    const store = createPostgresDedupeStore({ pool: server.pool(), tableName: 'dedupe_owner_release' });
    await releaseOwnClaimOnly(store, () => new Promise((resolve) => setTimeout(resolve, 250)));
  });

  // Until 2026-12-07 the release matched the claim by `claimed_at::text` read back as a time:
  // under this session setting it printed `IST` (India) and read it back as Israel's, so a release
  // deleted nothing and the provider's retry waited out the lease.
  it('a release gives back its own claim whatever the session’s DateStyle and TimeZone', async () => {
    const pool = server.pool({ options: '-c DateStyle=SQL,DMY -c TimeZone=Asia/Kolkata' });
    const { rows } = await pool.query('SHOW TimeZone');
    expect(rows[0].TimeZone).toBe('Asia/Kolkata');
    const store = createPostgresDedupeStore({ pool, tableName: 'dedupe_owner_release_ist' });
    await releaseOwnClaimOnly(store, () => new Promise((resolve) => setTimeout(resolve, 250)));
  });

  it('claims once, completes, releases; the table is made lazily on first use', async () => {
    const pool = server.pool();
    const store = createPostgresDedupeStore({ pool, tableName: 'lazy_deliveries' });
    await claimOnce(store);
    const { rows } = await pool.query("SELECT to_regclass('lazy_deliveries') IS NOT NULL AS made");
    expect(rows[0].made).toBe(true);
  });

  it('lets exactly one of many concurrent claims win, across pools (connections)', async () => {
    const stores = [server.pool({ max: 4 }), server.pool({ max: 4 })].map((pool) =>
      createPostgresDedupeStore({ pool, tableName: 'race_deliveries' }),
    );
    // Two stores migrating at the same moment on a fresh table: neither fails.
    await Promise.all(stores.map((store) => store.migrate()));
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, index) =>
          stores[index % 2]!.claim(`stripe::evt_race_${round}`, 60_000),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it('many processes migrating a fresh table at once: none fails, whatever step each loses the race at', async () => {
    const pools = Array.from({ length: 6 }, () => server.pool({ max: 1 }));
    for (let round = 0; round < 12; round++) {
      const stores = pools.map((pool) => createPostgresDedupeStore({ pool, tableName: `crowd_${round}` }));
      const outcomes = await Promise.allSettled(stores.map((store) => store.migrate()));
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    }
  });

  it('takes over an expired claim and cleans up expired keys', async () => {
    const pool = server.pool();
    const store = createPostgresDedupeStore({ pool, tableName: 'billing.expiring_deliveries' });
    await pool.query('CREATE SCHEMA IF NOT EXISTS billing');
    expect(store.table).toBe('"billing"."expiring_deliveries"');
    expect(await store.claim('k1', 1)).toBe(true);
    expect(await store.claim('k2', 60_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.state('k1')).toBeUndefined();
    expect(await store.claim('k1', 60_000)).toBe(true);
    await store.complete('k1', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.cleanup()).toBe(1);
    const { rows } = await pool.query('SELECT key FROM billing.expiring_deliveries ORDER BY key');
    expect(rows).toEqual([{ key: 'k2' }]);
  });

  // The bound is the store's own memory (which claims it granted, for owner-aware releases), not
  // the table's: a pool that answers every claim as granted and records the deletes shows it
  // without 10 001 round trips (the SQL itself is judged by the real-PostgreSQL tests above).
  it('remembers at most 10 000 claims in flight: the oldest is forgotten, and its release deletes nothing', async () => {
    const deletes: unknown[][] = [];
    const pool = {
      async query(text: string, values: unknown[] = []) {
        if (text.startsWith('INSERT INTO') && text.includes("VALUES ($1, 'in_flight'"))
          return { rowCount: 1, rows: [{ claimed_at: `at-${String(values[0])}` }] };
        if (text.startsWith('DELETE FROM') && values.length > 0) deletes.push(values);
        return { rowCount: 0, rows: [] };
      },
    };
    const store = createPostgresDedupeStore({ pool });
    for (let index = 0; index <= 10_000; index++) {
      expect(await store.claim(`stripe::evt_${index}`, 60_000, 'delivery')).toBe(true);
    }
    await store.release('stripe::evt_0', 'delivery');
    await store.release('stripe::evt_1', 'delivery');
    await store.release('stripe::evt_10000', 'delivery');
    expect(deletes).toEqual([
      ['stripe::evt_1', 'at-stripe::evt_1'],
      ['stripe::evt_10000', 'at-stripe::evt_10000'],
    ]);
  });

  it('refuses a table name that is not an identifier, and something without query', () => {
    for (const tableName of ['x; DROP TABLE users', 'a.b.c', '"quoted"', '']) {
      expect(() => createPostgresDedupeStore({ pool: server.pool(), tableName })).toThrow(ValidationError);
    }
    expect(() => createPostgresDedupeStore({ pool: {} as never })).toThrow(ValidationError);
  });
});
