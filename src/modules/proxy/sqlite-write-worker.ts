import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Storage } from '../../storage/database.js';

/**
 * The worker's code, evaluated (no file to resolve under tsx, vitest or a build): its own
 * better-sqlite3 connection to the same file; each message is one transaction of the statements
 * it names, acknowledged by id. SQLite (WAL) lets other connections read meanwhile.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
const statements = workerData.statements.map((sql) => db.prepare(sql));
const run = db.transaction((batches) => { for (const [i, rows] of batches) for (const row of rows) statements[i].run(row); });
parentPort.on('message', ({ id, batches }) => {
  try { run(batches); parentPort.postMessage({ id }); }
  catch (err) { parentPort.postMessage({ id, error: String(err && err.message || err) }); }
});
`;

/** Rows for the statement at that index of the worker's list, each row its parameters. */
export type StatementBatch = [statement: number, rows: unknown[][]];

/**
 * A thread that runs batches of writes on its own SQLite connection. A batch of hundreds of rows
 * written on the request thread held every request behind it (the Tool Proxy's audit: ~10 % of
 * its throughput and twice its p99 in bench:proxy); here only the message copy is.
 */
export class SqliteWriteWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  private nextId = 0;
  private stopped: Error | undefined;

  constructor(file: string, statements: readonly string[]) {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driverPath, file, statements } });
    this.worker.unref();
    this.worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error) waiting?.reject(new Error(error));
      else waiting?.resolve();
    });
    // A worker that dies (it cannot open the file) fails what waits and what comes.
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', () => this.failAll(new Error('the SQLite write worker stopped')));
  }

  /** One transaction of these batches; resolves once committed. */
  write(batches: StatementBatch[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stopped) return reject(this.stopped);
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, batches });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(err: Error): void {
    this.stopped ??= err;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}

/** A write thread for these statements on the storage's SQLite file; none on PostgreSQL (its writes do not block) or in memory. */
export function sqliteWriteWorker(storage: Storage, statements: readonly string[]): SqliteWriteWorker | undefined {
  const file = storage.sqlite?.name;
  return file && file !== ':memory:' ? new SqliteWriteWorker(file, statements) : undefined;
}
