import path from 'node:path';
import fs from 'node:fs';
import { Kysely, PostgresDialect, type KyselyConfig } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './lock.ts';

/**
 * Kysely over one of two back ends that speak the same SQL and return the same types:
 * PGlite (embedded PostgreSQL 18 in a data folder) or a PostgreSQL server (`pg` pool).
 * PGlite goes through its node-postgres adapter, so both back ends share pg's type
 * parsers (int8 comes back as a string on both) and pg's pool serialises PGlite's one
 * session, keeping transactions isolated.
 */
// Kysely's own idiom for "a database whose tables the caller declares": modules narrow it
// with `db.withTables<TheirTables>()`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  db: AnyDb;
  kind: DatabaseKind;
  /** A human description without credentials, for logs and /readyz. */
  describe: string;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** An in-memory PGlite, for tests. */
  memory?: boolean;
  /** Load a PGlite data folder snapshot (tar) made by dumpDataDir, for fast test setup. */
  loadDataDir?: Blob | undefined;
  poolMax?: number;
  log?: KyselyConfig['log'];
};

// int8 as string on both back ends (PGlite's own parser would give number|bigint);
// numeric stays a string; timestamptz becomes a Date.
pg.types.setTypeParser(20, (v) => v);

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolMax ?? 10 });
    pool.on('error', () => {
      /* idle client errors are reported on the next query */
    });
    // Every session runs in UTC; presentation converts to Asia/Shanghai.
    pool.on('connect', (client) => {
      client.query("set timezone to 'UTC'").catch(() => undefined);
    });
    const db = new Kysely({ dialect: new PostgresDialect({ pool }), log: opts.log });
    const url = new URL(opts.databaseUrl);
    return {
      db,
      kind: 'postgres',
      describe: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => db.destroy(),
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  let lock: DataDirLock | undefined;
  let dataPath: string | undefined;
  if (!opts.memory) {
    if (!opts.dataDir) throw new Error('dataDir is required for an embedded database');
    lock = lockDataDir(opts.dataDir);
    dataPath = path.join(opts.dataDir, 'pgdata');
    fs.mkdirSync(dataPath, { recursive: true });
  }
  let pglite: InstanceType<typeof PGlite>;
  try {
    pglite = await PGlite.create({
      dataDir: dataPath,
      loadDataDir: opts.loadDataDir,
    });
    await pglite.exec("set timezone to 'UTC'");
  } catch (e) {
    lock?.release();
    throw e;
  }
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely({ dialect: new PostgresDialect({ pool }), log: opts.log });
  return {
    db,
    kind: 'pglite',
    describe: dataPath ? `pglite:${dataPath}` : 'pglite:memory',
    async close() {
      await db.destroy();
      await pglite.close();
      lock?.release();
    },
  };
}

/** Dumps an in-memory or file PGlite (for test snapshots); the caller owns the PGlite. */
export type { PGlite } from '@electric-sql/pglite';
