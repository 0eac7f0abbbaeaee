import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { allowHosts, envIdOf } from '../helpers/agent-auth-env.js';
import { accountRow, insertAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { startRefreshUpstream, upstreamFetch, upstreamOAuthConnection, warmUp } from '../helpers/oauth-upstream-fixtures.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import type { OidcUpstream } from '../fakes/oidc-upstream.js';
import { readAccountCredentials } from '../../src/modules/accounts/account-credentials.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CALLS = 12; // per account and per server process

interface Replica {
  child: ChildProcess;
  url: string;
  logs: string[];
  dataDir: string;
}

async function startReplica(env: Record<string, string>, dataDir: string): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/latchkey.js'), 'serve'], {
    // serve records its settings in its working directory: keep that out of the checkout.
    cwd: dataDir,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  for (const s of [child.stdout!, child.stderr!]) readline.createInterface({ input: s }).on('line', (l) => logs.push(l));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return { child, url, logs, dataDir };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`replica did not start:\n${logs.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Two `latchkey serve` processes on one PostgreSQL database, driven through the public `/proxy`
 * route towards an allow-listed loopback API that accepts the real upstream's tokens. (PostgreSQL
 * only: several replicas on one SQLite file is not a supported deployment, and there the other
 * writers of a process wait on SQLite's lock synchronously; the worker suite covers SQLite.)
 */
export function proxyReplicaSuite(dialect: { name: string; databaseUrl?: string }): void {
  describe(`refresh through /proxy on two \`latchkey serve\` processes sharing one ${dialect.name} database`, () => {
    let upstream: OidcUpstream;
    /** The provider's API, on loopback: answers 200 with the userinfo of a valid token, 401 otherwise. */
    let api: EchoUpstream;
    let server: TestServer;
    let replicas: Replica[] = [];
    let token: string;
    let envId: string;
    const tokens = new Set<string>();
    type Acc = { id: string; identifier: string; sub: string; kind: 'expired' | 'stale' | 'revoked' };
    const accounts: Acc[] = [];

    beforeAll(async () => {
      const masterKey = randomBytes(32).toString('base64');
      upstream = await startRefreshUpstream();
      await warmUp(upstream);
      const outbound = upstreamFetch(upstream);
      api = await startEchoUpstream();
      api.respond(async (req, res) => {
        const init = { headers: { authorization: String(req.headers.authorization ?? '') } };
        // One retry: a keep-alive socket the upstream closed meanwhile is this harness's hiccup, not the proxy's.
        const me = await outbound(upstream.userinfoUri, init).catch(() => outbound(upstream.userinfoUri, init));
        const body = me.status === 200 ? await me.text() : JSON.stringify({ error: 'invalid_token' });
        res.writeHead(me.status === 200 ? 200 : 401, { 'content-type': 'application/json' });
        res.end(body);
      });
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { UPSTREAM_CA_FILE: upstream.cert.certFile, LATCHKEY_MASTER_KEY: masterKey } });
      const { db } = server.core.storage;
      const vault = server.core.vault;
      envId = await envIdOf(db);
      await allowHosts(db, envId, ['127.0.0.1']);
      const connectionId = await upstreamOAuthConnection(db, vault, envId, upstream, { key: 'proxied_upstream', connectionName: 'proxied', proxyUrl: 'https://{{domain}}' });

      // expired: past its expiry (refreshed ahead); stale: not expired, but the upstream no longer
      // knows the access token (refreshed after the 401); revoked: stale and its refresh token revoked.
      const kinds: Acc['kind'][] = ['expired', 'expired', 'stale', 'stale', 'revoked'];
      for (const [i, kind] of kinds.entries()) {
        const sub = `proxy-user-${i}`;
        const issued = await upstream.issueTokensFor(sub);
        const access = kind === 'expired' ? issued.access_token : `not-a-live-token-${randomBytes(12).toString('hex')}`;
        tokens.add(issued.access_token).add(issued.refresh_token).add(access);
        if (kind === 'revoked') await upstream.revoke(issued.refresh_token);
        const row = await insertAccount(db, vault, {
          envId,
          connectionId,
          credentials: oauthCredentials({ access_token: access, refresh_token: issued.refresh_token }),
          expiresAt: new Date(Date.now() + (kind === 'expired' ? -60_000 : 3600_000)),
          accountFields: { domain: api.hostPort },
        });
        accounts.push({ id: row.id, identifier: row.identifier, sub, kind });
      }
      token = await envAccessToken(server.url, await server.newClient());

      const { DATABASE_URL: _omit, ...inherited } = process.env as Record<string, string>;
      const env = {
        ...inherited,
        PUBLIC_URL: server.core.config.publicUrl,
        LATCHKEY_MASTER_KEY: masterKey,
        UPSTREAM_CA_FILE: upstream.cert.certFile,
        ...(server.core.config.databaseUrl ? { DATABASE_URL: server.core.config.databaseUrl } : {}),
      };
      const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-replica-')));
      replicas = await Promise.all(dirs.map((d) => startReplica(env, d)));
    });

    afterAll(async () => {
      for (const r of replicas) {
        if (r.child.exitCode === null) {
          r.child.kill('SIGTERM');
          await new Promise((done) => r.child.once('exit', done));
        }
        fs.rmSync(r.dataDir, { recursive: true, force: true });
      }
      await server?.close();
      await api?.close();
      await upstream?.close();
    });

    it(`both replicas, ${CALLS} concurrent calls per account each: one refresh per account, no refresh token sent twice, revoked → EXPIRED`, async () => {
      const { db } = server.core.storage;
      const before = new Map<string, number>();
      for (const a of accounts) before.set(a.id, (await accountRow(db, a.id)).credentials_version);

      const calls = replicas.flatMap((r, replica) =>
        accounts.flatMap((a) =>
          Array.from({ length: CALLS }, async () => {
            const res = await request(`${r.url}/proxy/userinfo`, {
              headers: { authorization: `Bearer ${token}`, connection_name: 'proxied', identifier: a.identifier },
            });
            return { replica, account: a, status: res.statusCode, body: (await res.body.json()) as { sub?: string; message?: string; details?: Array<{ error_code: string }> } };
          }),
        ),
      );
      const results = await Promise.all(calls);

      for (const r of results) {
        if (r.account.kind === 'revoked') {
          expect(r.status).toBe(400);
          expect(r.body.details?.[0]?.error_code).toBe('CONNECTED_ACCOUNT_EXPIRED');
          expect(r.body.message).toContain('EXPIRED');
        } else {
          expect({ status: r.status, sub: r.body.sub }).toEqual({ status: 200, sub: r.account.sub });
        }
      }

      // One token request per account, each with a distinct refresh token.
      expect(upstream.refreshes).toHaveLength(accounts.length);
      const sent = upstream.refreshes.map((r) => r.refreshToken);
      expect(new Set(sent).size).toBe(sent.length);
      for (const a of accounts) {
        const row = await accountRow(db, a.id);
        const creds = await readAccountCredentials(server.core.vault, row);
        if (a.kind === 'revoked') {
          expect(row).toMatchObject({ status: 'EXPIRED', credentials_ciphertext: null, credentials_version: before.get(a.id)! + 1, identifier: a.identifier });
          expect(upstream.refreshes.filter((r) => !r.ok)).toEqual([expect.objectContaining({ error: 'invalid_grant' })]);
          continue;
        }
        expect(row).toMatchObject({ status: 'ACTIVE', credentials_version: before.get(a.id)! + 1 });
        if (creds?.kind !== 'oauth') throw new Error('oauth credentials expected');
        tokens.add(creds.access_token).add(creds.refresh_token!);
      }

      // Both processes took part, and no log line of either carries a token.
      const refreshedBy = replicas.map((r) => r.logs.filter((l) => l.includes('oauth token refreshed')).length);
      expect(refreshedBy[0] + refreshedBy[1]).toBe(accounts.length - 1);
      console.log(`[${dialect.name}] refreshes by replica A: ${refreshedBy[0]}, by replica B: ${refreshedBy[1]}; proxied calls: ${results.length}`);
      for (const r of upstream.refreshes) tokens.add(r.refreshToken);
      const lines = replicas.flatMap((r) => r.logs);
      expect(lines.length).toBeGreaterThan(20);
      expect(lines.filter((l) => [...tokens].some((t) => l.includes(t)))).toEqual([]);
    });
  });
}
