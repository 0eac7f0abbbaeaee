import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import type { OidcUpstream } from '../fakes/oidc-upstream.js';
import { allowHosts, envIdOf } from '../helpers/agent-auth-env.js';
import { accountRow, insertAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { startRefreshUpstream, upstreamHost, upstreamOAuthConnection, warmUp } from '../helpers/oauth-upstream-fixtures.js';
import { sha256 } from '../helpers/test-utils.js';
import { readAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { proxyReplicaSuite } from './proxy-replica-suite.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER = path.join(ROOT, 'test/credentials/refresh-worker.ts');
const ACCOUNTS = 3;
const ROUNDS = 4;
const CALLS_PER_ACCOUNT = 25;

interface Worker {
  child: ChildProcessWithoutNullStreams;
  stdout: AsyncIterator<string>;
  stderr: string[];
}
type CallResult = { accountId: string; version?: number; token?: string; error?: string };

async function nextLine(w: Worker): Promise<string> {
  const { value, done } = await w.stdout.next();
  if (done) throw new Error(`worker exited; stderr:\n${w.stderr.slice(-20).join('\n')}`);
  return value;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { cwd: ROOT, env, stdio: 'pipe' });
  const stderr: string[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
  return { child, stderr, stdout: readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

for (const dialect of DIALECTS) {
  describe(`token refresh across two processes sharing one ${dialect.name} database`, () => {
    let upstream: OidcUpstream;
    let server: TestServer;
    let workers: Worker[] = [];
    const accounts: Array<{ envId: string; accountId: string }> = [];
    const tokens = new Set<string>();

    beforeAll(async () => {
      const masterKey = randomBytes(32).toString('hex');
      upstream = await startRefreshUpstream();
      await warmUp(upstream);
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { UPSTREAM_CA_FILE: upstream.cert.certFile, LATCHKEY_MASTER_KEY: masterKey } });
      const { db } = server.core.storage;
      const envId = await envIdOf(db);
      await allowHosts(db, envId, [upstreamHost(upstream)]);
      const connectionId = await upstreamOAuthConnection(db, server.core.vault, envId, upstream, { key: 'replica_upstream' });
      for (let i = 0; i < ACCOUNTS; i++) {
        const issued = await upstream.issueTokensFor(`replica-user-${i}`);
        tokens.add(issued.access_token).add(issued.refresh_token);
        const row = await insertAccount(db, server.core.vault, { envId, connectionId, credentials: oauthCredentials(issued), expiresAt: new Date(Date.now() + 3600_000) });
        accounts.push({ envId, accountId: row.id });
      }
      const { DATABASE_URL: _ignored, ...inherited } = process.env as Record<string, string>;
      const env: Record<string, string> = {
        ...inherited,
        DATA_DIR: server.dataDir,
        LATCHKEY_MASTER_KEY: masterKey,
        UPSTREAM_CA_FILE: upstream.cert.certFile,
        ACCOUNTS: JSON.stringify(accounts),
        ...(server.core.config.databaseUrl ? { DATABASE_URL: server.core.config.databaseUrl } : {}),
      };
      workers = [startWorker(env), startWorker(env)];
      for (const w of workers) expect(await nextLine(w)).toBe('ready');
    });

    afterAll(async () => {
      for (const w of workers) {
        w.child.stdin.write('exit\n');
        await new Promise((r) => (w.child.exitCode !== null ? r(null) : w.child.once('exit', r)));
      }
      await server?.close();
      await upstream?.close();
    });

    it(`makes exactly one refresh per expiry and never sends a refresh token twice (${ROUNDS} rounds × ${ACCOUNTS} accounts × 2 × ${CALLS_PER_ACCOUNT} calls)`, async () => {
      const { db } = server.core.storage;
      const refreshedBy = [0, 0];
      for (let round = 1; round <= ROUNDS; round++) {
        // Time passes: every account's access token is now past its expiry.
        await db.updateTable('connected_accounts').set({ token_expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', 'in', accounts.map((a) => a.accountId)).execute();
        const versionsBefore = new Map<string, number>();
        for (const a of accounts) versionsBefore.set(a.accountId, (await accountRow(db, a.accountId)).credentials_version);
        const refreshesBefore = upstream.refreshes.length;
        const logCounts = workers.map((w) => w.stderr.filter((l) => l.includes('oauth token refreshed')).length);

        for (const w of workers) w.child.stdin.write(`go ${CALLS_PER_ACCOUNT}\n`);
        const answers = (await Promise.all(workers.map(nextLine))).map((l) => JSON.parse(l) as CallResult[]);

        const results = answers.flat();
        expect(results.filter((r) => r.error)).toEqual([]);
        expect(results).toHaveLength(2 * ACCOUNTS * CALLS_PER_ACCOUNT);
        // One refresh per account this round, each with the refresh token stored before the round.
        const thisRound = upstream.refreshes.slice(refreshesBefore);
        expect(thisRound).toHaveLength(ACCOUNTS);
        expect(thisRound.every((r) => r.ok)).toBe(true);
        for (const a of accounts) {
          const row = await accountRow(db, a.accountId);
          const creds = await readAccountCredentials(server.core.vault, row);
          if (creds?.kind !== 'oauth') throw new Error('oauth credentials expected');
          tokens.add(creds.access_token).add(creds.refresh_token!);
          expect(row.credentials_version).toBe(versionsBefore.get(a.accountId)! + 1);
          expect(Date.parse(row.token_expires_at!)).toBeGreaterThan(Date.now() + 3500_000);
          // Every caller in both processes got the one new access token.
          const mine = results.filter((r) => r.accountId === a.accountId);
          expect(new Set(mine.map((r) => `${r.version}:${r.token}`))).toEqual(new Set([`${row.credentials_version}:${sha256(creds.access_token)}`]));
        }
        workers.forEach((w, i) => (refreshedBy[i] += w.stderr.filter((l) => l.includes('oauth token refreshed')).length - logCounts[i]));
      }
      const sent = upstream.refreshes.map((r) => r.refreshToken);
      expect(sent).toHaveLength(ROUNDS * ACCOUNTS);
      expect(new Set(sent).size).toBe(sent.length);
      expect(refreshedBy[0] + refreshedBy[1]).toBe(ROUNDS * ACCOUNTS);
      console.log(`[${dialect.name}] refreshes performed by process A: ${refreshedBy[0]}, by process B: ${refreshedBy[1]}`);

      // Both processes logged their work, and no line carries a token.
      for (const r of upstream.refreshes) tokens.add(r.refreshToken);
      const lines = workers.flatMap((w) => w.stderr);
      expect(lines.filter((l) => l.includes('refresh not needed after lock')).length).toBeGreaterThan(0);
      expect(lines.filter((l) => [...tokens].some((t) => l.includes(t)))).toEqual([]);
    });
  });
}

for (const dialect of DIALECTS.filter((d) => d.name === 'postgres')) proxyReplicaSuite(dialect);
