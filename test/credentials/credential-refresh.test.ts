import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freePort, startTestServer, type TestServer } from '../helpers/test-server.js';
import type { OidcUpstream } from '../fakes/oidc-upstream.js';
import { allowHosts, envIdOf } from '../helpers/agent-auth-env.js';
import { accountRow, insertAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { startRefreshUpstream, upstreamFetch, upstreamHost, upstreamOAuthConnection } from '../helpers/oauth-upstream-fixtures.js';
import { captureLogger, rejectionOf } from '../helpers/test-utils.js';
import { readAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { createOutboundFetch, type OutboundFetch } from '../../src/modules/egress/outbound-fetch.js';
import { CredentialService } from '../../src/modules/credentials/credential-service.js';
import type { UsableCredentials } from '../../src/modules/credentials/credential-source.js';
import { REFRESH_AHEAD_MS } from '../../src/modules/credentials/refresh-timing.js';
import { DomainError } from '../../src/modules/errors/domain-error.js';

const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`credential refresh (${dialect.name})`, () => {
    let upstream: OidcUpstream;
    let server: TestServer;
    let envId: string;
    let connectionId: string;
    let outbound: OutboundFetch;
    /** Log lines of the second service instance (a "replica" without a cache). */
    const replicaLogs: string[] = [];
    let replica: CredentialService;
    /** Every token the tests saw, to prove none reached a log line. */
    const tokens = new Set<string>();

    const db = () => server.core.storage.db;
    const vault = () => server.core.vault;
    const stored = async (id: string) => readAccountCredentials(vault(), await accountRow(db(), id));
    const seen = (u: UsableCredentials) => {
      if (u.credentials.kind === 'oauth') tokens.add(u.credentials.access_token);
      return u;
    };
    /** A connected account holding fresh upstream tokens for `sub`, its token expiring at `expiresAt`. */
    async function account(sub: string, expiresAt: Date | null) {
      const issued = await upstream.issueTokensFor(sub);
      tokens.add(issued.access_token).add(issued.refresh_token);
      const row = await insertAccount(db(), vault(), { envId, connectionId, credentials: oauthCredentials(issued), expiresAt });
      return { id: row.id, issued, row };
    }
    const userinfo = async (accessToken: string) => {
      const res = await outbound(upstream.userinfoUri, { headers: { authorization: `Bearer ${accessToken}` } });
      return { status: res.status, body: (await res.json()) as { sub?: string } };
    };
    const refreshCount = () => upstream.refreshes.length;

    beforeAll(async () => {
      upstream = await startRefreshUpstream();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { UPSTREAM_CA_FILE: upstream.cert.certFile } });
      envId = await envIdOf(db());
      await allowHosts(db(), envId, [upstreamHost(upstream)]);
      connectionId = await upstreamOAuthConnection(db(), vault(), envId, upstream, { key: 'refresh_upstream' });
      outbound = upstreamFetch(upstream);
      replica = new CredentialService({
        storage: server.core.storage,
        vault: vault(),
        outbound: createOutboundFetch({ upstreamCaFile: upstream.cert.certFile }),
        log: captureLogger(replicaLogs),
        cacheTtlMs: 0,
      });
    });

    afterAll(async () => {
      await server?.close();
      await upstream?.close();
    });

    it('refreshes an expired token once, stores the rotated refresh token and returns a working access token', async () => {
      const { id, issued, row: before } = await account('alice', new Date(Date.now() - MINUTE));
      const n = refreshCount();
      const t0 = Date.now();
      const usable = seen(await server.credentials.getUsable(envId, id));

      expect(upstream.refreshes.slice(n)).toEqual([expect.objectContaining({ refreshToken: issued.refresh_token, ok: true })]);
      expect(usable.version).toBe(before.credentials_version + 1);
      expect(usable.account.status).toBe('ACTIVE');
      expect(usable.credentials.kind).toBe('oauth');
      const access = usable.credentials.kind === 'oauth' ? usable.credentials.access_token : '';
      expect(access).not.toBe(issued.access_token);

      const after = await accountRow(db(), id);
      expect(after.credentials_version).toBe(before.credentials_version + 1);
      expect(after.credentials_ciphertext).not.toBe(before.credentials_ciphertext);
      const creds = await stored(id);
      expect(creds).toMatchObject({ kind: 'oauth', access_token: access });
      const rotated = creds?.kind === 'oauth' ? creds.refresh_token : undefined;
      expect(rotated).toEqual(expect.any(String));
      expect(rotated).not.toBe(issued.refresh_token);
      tokens.add(rotated!);
      const expiresAt = Date.parse(after.token_expires_at!);
      expect(expiresAt).toBeGreaterThanOrEqual(t0 + 3590_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);

      // The new access token is real: the upstream's userinfo endpoint accepts it.
      expect(await userinfo(access)).toEqual({ status: 200, body: expect.objectContaining({ sub: 'alice' }) });

      // Now fresh: no second refresh, same credentials.
      const again = await server.credentials.getUsable(envId, id);
      expect(again.version).toBe(usable.version);
      expect(again.credentials).toEqual(usable.credentials);
      expect(refreshCount()).toBe(n + 1);
    });

    it(`refreshes ahead of expiry (within ${REFRESH_AHEAD_MS / 1000} s), not earlier`, async () => {
      const soon = await account('bob', new Date(Date.now() + 30_000));
      const later = await account('carol', new Date(Date.now() + 10 * MINUTE));
      const n = refreshCount();

      const a = seen(await server.credentials.getUsable(envId, soon.id));
      expect(upstream.refreshes.slice(n)).toEqual([expect.objectContaining({ refreshToken: soon.issued.refresh_token, ok: true })]);
      expect(a.version).toBe(soon.row.credentials_version + 1);

      const b = await server.credentials.getUsable(envId, later.id);
      expect(refreshCount()).toBe(n + 1);
      expect(b.version).toBe(later.row.credentials_version);
      expect(b.credentials).toMatchObject({ kind: 'oauth', access_token: later.issued.access_token, refresh_token: later.issued.refresh_token });
    });

    it('refreshAfterUnauthorized with a stale version returns what another caller refreshed, without a second refresh', async () => {
      const { id, row } = await account('dave', new Date(Date.now() - MINUTE));
      const n = refreshCount();
      const first = seen(await server.credentials.getUsable(envId, id));
      expect(first.version).toBe(row.credentials_version + 1);
      expect(refreshCount()).toBe(n + 1);

      // A 401 to the old token, seen by this process (its cache) and by a replica (reads the row).
      const viaCache = await server.credentials.refreshAfterUnauthorized(envId, id, row.credentials_version);
      const viaLock = await replica.refreshAfterUnauthorized(envId, id, row.credentials_version);
      for (const u of [viaCache, viaLock]) {
        expect(u.version).toBe(first.version);
        expect(u.credentials).toEqual(first.credentials);
      }
      expect(refreshCount()).toBe(n + 1);

      // A 401 to the current token refreshes once, however many callers report it.
      const current = await stored(id);
      const reports = await Promise.all(Array.from({ length: 20 }, () => replica.refreshAfterUnauthorized(envId, id, first.version)));
      expect(upstream.refreshes.slice(n + 1)).toEqual([
        expect.objectContaining({ refreshToken: current?.kind === 'oauth' ? current.refresh_token : 'missing', ok: true }),
      ]);
      expect(new Set(reports.map((u) => u.version))).toEqual(new Set([first.version + 1]));
      seen(reports[0]);
      expect(reports[0].credentials).not.toEqual(first.credentials);
      expect((await accountRow(db(), id)).credentials_version).toBe(first.version + 1);
    });

    it('50 simultaneous getUsable calls make exactly one upstream refresh', async () => {
      const { id, issued, row } = await account('erin', new Date(Date.now() - MINUTE));
      const n = refreshCount();
      const results = await Promise.all(Array.from({ length: 50 }, () => server.credentials.getUsable(envId, id)));
      expect(upstream.refreshes.slice(n)).toEqual([expect.objectContaining({ refreshToken: issued.refresh_token, ok: true })]);
      expect(new Set(results.map((u) => u.version))).toEqual(new Set([row.credentials_version + 1]));
      expect(new Set(results.map((u) => (u.credentials.kind === 'oauth' ? u.credentials.access_token : '')))).toHaveProperty('size', 1);
      seen(results[0]);
    });

    it('two service instances on one database (no shared memory) still make one refresh: the row lock', async () => {
      const { id, issued, row } = await account('frank', new Date(Date.now() - MINUTE));
      const n = refreshCount();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? replica : server.credentials).getUsable(envId, id)),
      );
      expect(upstream.refreshes.slice(n)).toEqual([expect.objectContaining({ refreshToken: issued.refresh_token, ok: true })]);
      expect(new Set(results.map((u) => u.version))).toEqual(new Set([row.credentials_version + 1]));
      seen(results[0]);

      // And 401s to the new token reported to both at once: one refresh again.
      const m = refreshCount();
      const reports = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? replica : server.credentials).refreshAfterUnauthorized(envId, id, row.credentials_version + 1)),
      );
      expect(refreshCount()).toBe(m + 1);
      expect(upstream.refreshes[m]).toMatchObject({ ok: true });
      expect(new Set(reports.map((u) => u.version))).toEqual(new Set([row.credentials_version + 2]));
      seen(reports[0]);
      expect(replicaLogs.some((l) => l.includes('refresh not needed after lock')) || server.logs.some((l) => l.includes('refresh not needed after lock'))).toBe(true);
    });

    it('a revoked refresh token (invalid_grant) marks the account EXPIRED, keeps its record and wipes its tokens', async () => {
      const { id, issued, row } = await account('grace', new Date(Date.now() - MINUTE));
      await upstream.revoke(issued.refresh_token);
      const n = refreshCount();

      const err = await rejectionOf(server.credentials.getUsable(envId, id));
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'failed_precondition', reason: 'CONNECTED_ACCOUNT_EXPIRED' });
      expect(err.message).toContain(`connected account '${row.identifier}' is now EXPIRED`);
      expect(err.message).toContain('invalid_grant');
      expect(err.message).toContain('create a new authorization link');
      expect(upstream.refreshes.slice(n)).toEqual([expect.objectContaining({ refreshToken: issued.refresh_token, ok: false, error: 'invalid_grant' })]);

      const after = await accountRow(db(), id);
      expect(after).toEqual({
        ...row,
        status: 'EXPIRED',
        credentials_ciphertext: null,
        credentials_version: row.credentials_version + 1,
        token_expires_at: null,
        updated_at: expect.any(String),
      });

      // Later calls fail naming EXPIRED without asking the upstream again.
      const calls = [
        () => server.credentials.getUsable(envId, id),
        () => replica.getUsable(envId, id),
        () => replica.refreshAfterUnauthorized(envId, id, after.credentials_version),
      ];
      for (const call of calls) {
        const again = await rejectionOf(call());
        expect(again).toMatchObject({ code: 'failed_precondition', reason: 'CONNECTED_ACCOUNT_EXPIRED' });
        expect(again.message).toBe(`connected account '${row.identifier}' is EXPIRED, not ACTIVE; create a new authorization link for it to reconnect`);
      }
      expect(refreshCount()).toBe(n + 1);

      // The kept record is revived in place by a new authorization (simulated: new tokens, ACTIVE).
      const fresh = await upstream.issueTokensFor('grace');
      tokens.add(fresh.access_token).add(fresh.refresh_token);
      const { sealAccountCredentials } = await import('../../src/modules/accounts/account-credentials.js');
      await db()
        .updateTable('connected_accounts')
        .set({
          status: 'ACTIVE',
          credentials_ciphertext: sealAccountCredentials(vault(), envId, id, { kind: 'oauth', ...fresh }),
          credentials_version: after.credentials_version + 1,
          token_expires_at: new Date(Date.now() + 3600_000).toISOString(),
        })
        .where('id', '=', id)
        .execute();
      const revived = await server.credentials.getUsable(envId, id);
      expect(revived).toMatchObject({ version: after.credentials_version + 1, credentials: { kind: 'oauth', access_token: fresh.access_token } });
    });

    it('a 401 whose refresh is refused marks the account EXPIRED too', async () => {
      const { id, issued, row } = await account('heidi', new Date(Date.now() + 30 * MINUTE));
      await upstream.revoke(issued.refresh_token);
      const n = refreshCount();
      const err = await rejectionOf(server.credentials.refreshAfterUnauthorized(envId, id, row.credentials_version));
      expect(err).toMatchObject({ code: 'failed_precondition', reason: 'CONNECTED_ACCOUNT_EXPIRED' });
      expect(upstream.refreshes.slice(n)).toEqual([expect.objectContaining({ refreshToken: issued.refresh_token, ok: false, error: 'invalid_grant' })]);
      expect((await accountRow(db(), id)).status).toBe('EXPIRED');
    });

    it('an unreachable token endpoint answers unavailable and leaves the account ACTIVE and untouched', async () => {
      const closedPort = await freePort();
      const deadConnection = await upstreamOAuthConnection(db(), vault(), envId, upstream, { key: 'unreachable_upstream', tokenUri: `https://127.0.0.1:${closedPort}/token` });
      const issued = await upstream.issueTokensFor('ivan');
      tokens.add(issued.access_token).add(issued.refresh_token);
      const row = await insertAccount(db(), vault(), { envId, connectionId: deadConnection, credentials: oauthCredentials(issued), expiresAt: new Date(Date.now() - MINUTE) });

      const err = await rejectionOf(server.credentials.getUsable(envId, row.id));
      expect(err).toMatchObject({ code: 'unavailable', reason: 'TOKEN_REFRESH_UNAVAILABLE' });
      expect(err.message).toBe(`could not refresh the token of connected account '${row.identifier}' (the token endpoint could not be reached: ECONNREFUSED); retry shortly`);
      expect(await accountRow(db(), row.id)).toEqual(row);
      const err401 = await rejectionOf(server.credentials.refreshAfterUnauthorized(envId, row.id, row.credentials_version));
      expect(err401).toMatchObject({ code: 'unavailable' });
      expect(await accountRow(db(), row.id)).toEqual(row);
    });

    it('a token endpoint the SSRF guard refuses (loopback, not allowed in this environment) answers unavailable; the account stays ACTIVE with its tokens', async () => {
      // The production environment has no proxy_allowed_hosts: the loopback upstream is not Latchkey's to reach there.
      const prodId = await envIdOf(db(), 'production');
      const guarded = await upstreamOAuthConnection(db(), vault(), prodId, upstream, { key: 'guarded_upstream' });
      const issued = await upstream.issueTokensFor('judy');
      tokens.add(issued.access_token).add(issued.refresh_token);
      const row = await insertAccount(db(), vault(), { envId: prodId, connectionId: guarded, credentials: oauthCredentials(issued), expiresAt: new Date(Date.now() - MINUTE) });
      const n = refreshCount();

      const err = await rejectionOf(server.credentials.getUsable(prodId, row.id));
      expect(err).toMatchObject({ code: 'unavailable', reason: 'TOKEN_REFRESH_UNAVAILABLE' });
      expect(err.message).toBe(
        `could not refresh the token of connected account '${row.identifier}' (Latchkey does not connect to the token endpoint at 127.0.0.1: it is a loopback address; point the provider at a public address or add the host to the environment's proxy_allowed_hosts); retry shortly`,
      );
      const err401 = await rejectionOf(server.credentials.refreshAfterUnauthorized(prodId, row.id, row.credentials_version));
      expect(err401).toMatchObject({ code: 'unavailable', reason: 'TOKEN_REFRESH_UNAVAILABLE' });
      expect(await accountRow(db(), row.id)).toEqual(row);
      expect(await stored(row.id)).toMatchObject({ kind: 'oauth', access_token: issued.access_token, refresh_token: issued.refresh_token });
      expect(refreshCount()).toBe(n);
      const warn = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'token endpoint refused: not a public address');
      expect(warn).toMatchObject({ level: 40, accountId: row.id, destination: '127.0.0.1', kind: 'a loopback address' });
    });

    it('refuses accounts that are not ACTIVE, naming the status; unknown accounts are not_found', async () => {
      for (const status of ['PENDING_AUTH', 'PENDING_VERIFICATION', 'DISCONNECTED', 'EXPIRED']) {
        const row = await insertAccount(db(), vault(), { envId, connectionId, status });
        const err = await rejectionOf(server.credentials.getUsable(envId, row.id));
        expect(err).toMatchObject({ code: 'failed_precondition', reason: `CONNECTED_ACCOUNT_${status}` });
        expect(err.message).toBe(`connected account '${row.identifier}' is ${status}, not ACTIVE; create a new authorization link for it to reconnect`);
      }
      expect(await rejectionOf(server.credentials.getUsable(envId, 'ca_missing'))).toMatchObject({ code: 'not_found' });
      const other = await envIdOf(db(), 'production');
      const mine = await insertAccount(db(), vault(), { envId, connectionId, credentials: oauthCredentials({ access_token: 'static-looking-token-abc123' }) });
      tokens.add('static-looking-token-abc123');
      expect(await rejectionOf(server.credentials.getUsable(other, mine.id))).toMatchObject({ code: 'not_found' });
    });

    it('never writes a token to a log line', () => {
      for (const r of upstream.refreshes) tokens.add(r.refreshToken);
      const lines = [...server.logs, ...replicaLogs];
      expect(lines.filter((l) => l.includes('oauth token refreshed')).length).toBeGreaterThanOrEqual(6);
      expect(lines.some((l) => l.includes('account marked EXPIRED'))).toBe(true);
      expect(tokens.size).toBeGreaterThan(20);
      const leaks = lines.filter((l) => [...tokens].some((t) => l.includes(t)));
      expect(leaks).toEqual([]);
    });
  });
}
