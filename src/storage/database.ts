import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Tables } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { SqliteWriteThread, type WriteBatch } from './sqlite-write-thread.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Storage {
  readonly db: Kysely<Tables>;
  readonly dialect: Dialect;
  /**
   * SQLite: starts (once) the thread of its own that runs batches of writes, each batch list in one
   * transaction (sqlite-write-thread.ts), for the few high-volume writers (the proxy audit, tool
   * execution records) that must not hold up requests; CLI commands never start it. PostgreSQL has
   * none: its writes do not block this thread.
   */
  writeThread?(): (batches: WriteBatch[]) => Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class StorageError extends Error {}

// PostgreSQL BIGINT (int8) arrives as a string by default; our counters fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

/** The embedded database's file name inside DATA_DIR. */
export const SQLITE_FILE = 'latchkey.db';

/** Opens SQLite in `dataDir` (WAL) unless a PostgreSQL URL is given. */
export async function openStorage(opts: { databaseUrl?: string; dataDir: string; sqliteFile?: string }): Promise<Storage> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openSqlite(opts.sqliteFile ?? path.join(opts.dataDir, SQLITE_FILE));
}

async function openPostgres(url: string): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client error would otherwise be an uncaught 'error' event and crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message.replace(/postgres(ql)?:\/\/\S+/g, '[url]');
    throw new StorageError(`cannot connect to PostgreSQL at DATABASE_URL (${reason}); check host, port, credentials and database name`);
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => db.destroy(),
  };
}

/** A file, always: the write thread opens its own connection to it. */
async function openSqlite(file: string): Promise<Storage> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const writes = new SqliteWriteThread(file);
  return {
    db,
    dialect: 'sqlite',
    writeThread: () => writes.start(),
    ping: async () => {
      sqlite.prepare('select 1').get();
    },
    close: async () => {
      await writes.close();
      await db.destroy();
    },
  };
}
