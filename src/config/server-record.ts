import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './load-config.js';
import { SettingsError } from './settings-error.js';

/**
 * What `latchkey serve` writes on every start into `<working directory>/.latchkey/server.json`, so
 * that CLI commands run in that directory use the same data and print the same URLs even when the
 * server's settings came from its own shell. No secret goes in: the database is named without its
 * password and the master key not at all (the CLI needs them from the environment or `.env`).
 */
export interface ServerRecord {
  DATA_DIR: string;
  PUBLIC_URL: string;
  /** `sqlite`, or the PostgreSQL URL without its password. */
  database: string;
  startedAt: string;
  pid: number;
}

export const SERVER_RECORD_FILE = path.join('.latchkey', 'server.json');

export const serverRecordPath = (workDir: string): string => path.join(workDir, SERVER_RECORD_FILE);

/** `sqlite`, or `postgres://user@host:port/db` (the password and query removed). */
export function describeDatabase(databaseUrl: string | undefined): string {
  if (!databaseUrl) return 'sqlite';
  const u = new URL(databaseUrl);
  u.password = '';
  u.search = '';
  return u.toString();
}

export function writeServerRecord(workDir: string, config: Config): string {
  const file = serverRecordPath(workDir);
  const record: ServerRecord = {
    DATA_DIR: config.dataDir,
    PUBLIC_URL: config.publicUrl,
    database: describeDatabase(config.databaseUrl),
    startedAt: new Date().toISOString(),
    pid: process.pid,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a CLI command never reads half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}

export function readServerRecord(workDir: string): ServerRecord | undefined {
  const file = serverRecordPath(workDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SettingsError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code}); fix its permissions or delete it (the server rewrites it on start)`);
  }
  try {
    const r = JSON.parse(text) as Partial<ServerRecord>;
    if (typeof r.DATA_DIR === 'string' && typeof r.PUBLIC_URL === 'string' && typeof r.database === 'string') return r as ServerRecord;
  } catch {
    // fall through to the one message below
  }
  throw new SettingsError(`${file} is not a record written by latchkey serve; delete it (the server rewrites it on start)`);
}
