import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type PostgresServer, startPostgres } from './postgres-server.js';

const run = promisify(execFile);
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server?.stop());

describe('startPostgres', () => {
  it('runs a real PostgreSQL on 127.0.0.1', async () => {
    const { rows } = await server
      .pool()
      .query('SELECT version() AS version, host(inet_server_addr()) AS address');
    expect(rows[0].version).toMatch(/^PostgreSQL 17\./);
    expect(rows[0].address).toBe('127.0.0.1');
  });

  it('gives a connection string another process can use', async () => {
    const script = `
      const pg = require('pg');
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      client.connect().then(() => client.query('SELECT 41 + 1 AS answer')).then((r) => {
        process.stdout.write(String(r.rows[0].answer));
        return client.end();
      }).catch((e) => { console.error(e); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: { ...process.env, DATABASE_URL: server.connectionString },
    });
    expect(stdout).toBe('42');
  });

  it('starts on another port when the one it found was taken before PostgreSQL bound it', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    const ports: number[] = [];
    const other = await startPostgres({
      nextPort: async () => {
        const port = ports.length === 0 ? taken : await freePort();
        ports.push(port);
        return port;
      },
    });
    try {
      expect(ports[0]).toBe(taken);
      expect(ports).toHaveLength(2);
      const { rows } = await other.pool().query('SELECT 1 AS one');
      expect(rows[0].one).toBe(1);
      expect(new URL(other.connectionString).port).not.toBe(String(taken));
    } finally {
      await other.stop();
      squatter.close();
    }
  }, 60_000);

  it('keeps its data directory in /dev/shm when that can take it (a GiB free), else in the temp directory', async () => {
    const { rows } = await server.pool().query("SELECT current_setting('data_directory') AS dir");
    let inMemory = false;
    try {
      accessSync('/dev/shm', constants.W_OK);
      const space = statfsSync('/dev/shm');
      inMemory = space.bavail * space.bsize >= 1024 ** 3;
    } catch {}
    expect(rows[0].dir).toMatch(
      new RegExp(
        `^${(inMemory ? '/dev/shm' : tmpdir()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/billbridge-pg-`,
      ),
    );
  });

  it('stops and removes its data directory', async () => {
    const other = await startPostgres();
    const { rows } = await other.pool().query("SELECT current_setting('data_directory') AS dir");
    const dir = rows[0].dir as string;
    expect(existsSync(dir)).toBe(true);
    await other.stop();
    expect(existsSync(dir)).toBe(false);
    await expect(
      new (await import('pg')).default.Client({
        connectionString: other.connectionString,
        connectionTimeoutMillis: 2000,
      }).connect(),
    ).rejects.toThrow();
  }, 60_000);
});
