import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/load-config.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/app.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { createApiClient } from '../../src/modules/clients/api-clients.js';
import { captureLogger } from './test-utils.js';
import { sharedTestCert } from '../fakes/tls-cert.js';
import { freePort } from '../setup/free-port.js';
import { wantedDialects } from '../setup/wanted-dialects.js';

export interface TestServer extends RunningServer {
  /** Every log line the server wrote, raw. */
  logs: string[];
  dataDir: string;
  newClient(env?: string): Promise<{ clientId: string; clientSecret: string }>;
}

/**
 * The dialects every storage test runs on: SQLite and PostgreSQL. The PostgreSQL server is the one
 * TEST_DATABASE_URL names, else the embedded one test/setup/global-setup.ts starts for the run.
 */
export const DIALECTS: Array<{ name: string; databaseUrl?: string }> = wantedDialects().map((name) => {
  if (name === 'sqlite') return { name };
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests with vitest, whose globalSetup starts PostgreSQL');
  return { name, databaseUrl };
});

let dbCounter = 0;

/** A fresh PostgreSQL database per server (or storage), so tests never see each other's rows. */
export async function freshPostgresDatabase(baseUrl: string): Promise<string> {
  const name = `lk_test_${process.pid}_${Date.now()}_${dbCounter++}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = '/' + name;
  return u.toString();
}

// A port free right now, so PUBLIC_URL (the token issuer, link base) can be known before listening.
// It lives in test/setup because the global setup needs it too.
export { freePort };

export async function startTestServer(opts: { databaseUrl?: string; env?: Record<string, string>; server?: ServerOptions } = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-test-'));
  const databaseUrl = opts.databaseUrl ? await freshPostgresDatabase(opts.databaseUrl) : undefined;
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    SHUTDOWN_GRACE_MS: '2000',
    // The loopback fakes speak TLS with this certificate (https is never downgraded); opts.env may replace it.
    UPSTREAM_CA_FILE: sharedTestCert().certFile,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.env,
  });
  const logs: string[] = [];
  const server = await startServer(config, captureLogger(logs), opts.server);
  return {
    ...server,
    logs,
    dataDir,
    async newClient(env = 'development') {
      const e = await findEnvironmentByName(server.core.storage.db, env);
      return createApiClient(server.core.storage.db, e.id);
    },
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
