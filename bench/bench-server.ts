/**
 * A Latchkey server for a bench: SQLite in a temp dir, logs as in production
 * into /dev/null, loopback allowed as an upstream, and a client-credentials token for the caller.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logging/logger.js';
import { startServer, type RunningServer } from '../src/app.js';
import { findEnvironmentByName } from '../src/modules/environments/environments.js';
import { updateEnvironmentSettings } from '../src/modules/environments/environment-settings.js';
import { createApiClient } from '../src/modules/clients/api-clients.js';
import { freePort } from './processes.js';

export interface BenchServer {
  server: RunningServer;
  envId: string;
  /** Mints a fresh access token for the environment's API client. */
  token(): Promise<string>;
  /** Closes the server and removes its data, then exits (the parent's SIGTERM). */
  stopOnSigterm(): void;
}

export async function startBenchServer(): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-'));
  const port = await freePort();
  const level = process.env.BENCH_LOG_LEVEL ?? 'info';
  const config = loadConfig({
    PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_LEVEL: level,
  });
  // Logged as in production (one JSON line per request), into /dev/null so the terminal stays readable.
  const server = await startServer(config, createLogger(level, pino.destination({ dest: '/dev/null', sync: true })));
  const db = server.core.storage.db;
  const envId = (await findEnvironmentByName(db, 'development')).id;
  await updateEnvironmentSettings(db, envId, { proxy_allowed_hosts: ['127.0.0.1'] });
  const client = await createApiClient(db, envId);
  return {
    server,
    envId,
    async token() {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    },
    stopOnSigterm() {
      process.on('SIGTERM', () => {
        void server.close().finally(() => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          process.exit(0);
        });
      });
    },
  };
}
