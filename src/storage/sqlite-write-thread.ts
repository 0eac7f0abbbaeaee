import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The thread's code, evaluated (no file to resolve under tsx, vitest or a build): its own
 * better-sqlite3 connection to the same file, each SQL text prepared once; each message is one
 * transaction of its batches, acknowledged by id. SQLite (WAL) lets other connections read meanwhile.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
const prepared = new Map();
const statement = (sql) => prepared.get(sql) || prepared.set(sql, db.prepare(sql)).get(sql);
const run = db.transaction((batches) => { for (const [sql, rows] of batches) { const s = statement(sql); for (const row of rows) s.run(row); } });
parentPort.on('message', ({ id, batches }) => {
  try { run(batches); parentPort.postMessage({ id }); }
  catch (err) { parentPort.postMessage({ id, error: String(err && err.message || err) }); }
});
`;

/** One statement and the rows to run it with (each row its positional parameters). */
export type WriteBatch = [sql: string, rows: readonly unknown[][]];

/**
 * Batches of writes run on a thread of their own with its own SQLite connection, started by the
 * first writer that asks for it. A batch of hundreds of rows written on the request thread held every request behind
 * it (the Tool Proxy's audit: ~10 % of its throughput and twice its p99 in bench:proxy); here only
 * the message copy is.
 */
export class SqliteWriteThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  private nextId = 0;
  private stopped: Error | undefined;

  constructor(private readonly file: string) {}

  /** Starts the thread (once) and answers the function that writes through it. */
  start(): (batches: WriteBatch[]) => Promise<void> {
    this.started();
    return (batches) => this.write(batches);
  }

  /** One transaction of these batches; resolves once committed. */
  write(batches: WriteBatch[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stopped) return reject(this.stopped);
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.started().postMessage({ id, batches });
    });
  }

  async close(): Promise<void> {
    this.stopped ??= new Error('the storage is closed');
    await this.worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = (this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { driverPath, file: this.file } }));
    worker.unref();
    worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error) waiting?.reject(new Error(error));
      else waiting?.resolve();
    });
    // A thread that dies (it cannot open the file) fails what waits and what comes.
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new Error('the SQLite write thread stopped')));
    return worker;
  }

  private failAll(err: Error): void {
    this.stopped ??= err;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}
