import type pg from 'pg';
import type PgBoss from 'pg-boss';

/** The pg-boss class and pg's `Pool`, loaded on first use (both are optional peers of @billbridge/bulk). */
export interface PgBossModules {
  PgBoss: typeof PgBoss;
  Pool: typeof pg.Pool;
}

let loaded: Promise<PgBossModules> | undefined;

/**
 * Loads `pg-boss` (10.x) and `pg` (8.x) the first time the pg-boss engine is used, so that the JSONL
 * engine works without either installed. A missing one is an error that says what to install.
 */
export function loadPgBoss(): Promise<PgBossModules> {
  loaded ??= (async () => {
    const [boss, postgres] = await Promise.all([
      // Literal specifiers: the dist check (scripts/check-dist-imports.ts) reads them.
      importOptional<{ default: typeof PgBoss }>('pg-boss', () => import('pg-boss')),
      importOptional<{ default: typeof pg }>('pg', () => import('pg')),
    ]);
    return { PgBoss: boss.default, Pool: postgres.default.Pool };
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

async function importOptional<T>(name: 'pg-boss' | 'pg', load: () => Promise<unknown>): Promise<T> {
  try {
    return (await load()) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `the pg-boss engine needs the package "${name}": install pg-boss@^10.4.2 and pg@^8 beside @billbridge/bulk`,
        { cause: error },
      );
    }
    throw error;
  }
}
