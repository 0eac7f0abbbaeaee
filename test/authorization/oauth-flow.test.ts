import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ConnectorStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb';
import { ScalekitNotFoundException } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { checkAuthorizationBeforeProxy } from '../helpers/agent-auth-fixtures.js';
import { upstreamFetch } from '../helpers/oauth-upstream-fixtures.js';
import { hashToken } from '../../src/modules/authorization/flow-secrets.js';
import {
  accountRow,
  api,
  collectLatchkeyDocuments,
  createProviderAndConnection,
  credentialsOf,
  launchBrowser,
  linkRow,
  newContext,
  oauthProvider,
  startFlowEnv,
  startTestApp,
  upstreamLoginAndConsent,
  UPSTREAM_CLIENT_ID,
  type FlowEnv,
  type TestApp,
} from './fixtures.js';

/** Everything one browser run through the flow produced. */
interface Run {
  page: Page;
  docs: string[];
  link: string;
  authorizeUrl: URL;
  callbackUrl: string;
}

for (const dialect of DIALECTS) {
  describe(`OAuth authorization with custom user verification (${dialect.name})`, () => {
    let env: FlowEnv;
    let browser: Browser;
    let app: TestApp;
    let connectionId: string;
    const rows = (identifier: string) => accountRow(env, env.devEnvId, connectionId, identifier);

    /** Opens the app's connect route in a fresh browser and walks the upstream login and consent. */
    async function run(identifier: string, login: string, until: (url: URL) => boolean): Promise<Run> {
      const context = await newContext(browser);
      const page = await context.newPage();
      const docs = collectLatchkeyDocuments(page, env.server.url);
      const seen: { link?: string; authorize?: string; callback?: string } = {};
      page.on('request', (r) => {
        const url = r.url();
        if (url.startsWith(`${env.server.url}/connect/l/`)) seen.link ??= url;
        if (url.startsWith(env.upstream.authorizeUri + '?')) seen.authorize ??= url;
        if (url.startsWith(`${env.server.url}/connect/oauth/callback`)) seen.callback ??= url;
      });
      await page.goto(`${app.url}/connect?user=${encodeURIComponent(identifier)}`);
      await page.waitForURL((u) => u.href.startsWith(env.upstream.issuer));
      await upstreamLoginAndConsent(page, login);
      await page.waitForURL(until);
      return { page, docs, link: seen.link!, authorizeUrl: new URL(seen.authorize!), callbackUrl: seen.callback! };
    }
    const onResultPage = (u: URL) => u.href.startsWith(`${env.server.url}/connect/result/`);
    const onAppVerify = (u: URL) => u.href.startsWith(`${app.url}/user/verify`);

    beforeAll(async () => {
      env = await startFlowEnv(dialect.databaseUrl);
      browser = await launchBrowser();
      ({ connectionId } = await createProviderAndConnection(env, {
        envName: 'development',
        definition: oauthProvider(env.upstream),
        connectionName: 'gmail',
        oauth: { scopes: ['email', 'offline_access'], authorizeParams: { prompt: 'consent' } },
      }));
      const set = await api(env, '/api/v1/agent-auth/user-verification', { method: 'PUT', body: { mode: 'custom' } });
      expect(set).toEqual({ status: 200, json: { mode: 'custom' } });
      app = await startTestApp(env.dev, 'gmail');
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await env?.close();
    });

    let first: { run: Run; authRequestId: string; accessToken: string };

    it('link → upstream login and consent → the app verify URL with auth_request_id and the same state → VerifyConnectedAccountUser → ACTIVE', async () => {
      app.autoVerify = true;
      app.signedInUser = 'alice';
      const r = await run('alice', 'alice', onResultPage);

      // The authorization request (RFC 6749 §4.1.1 + RFC 7636): protocol params, scopes, PKCE, extras.
      const q = r.authorizeUrl.searchParams;
      expect(q.get('response_type')).toBe('code');
      expect(q.get('client_id')).toBe(UPSTREAM_CLIENT_ID);
      expect(q.get('redirect_uri')).toBe(`${env.server.url}/connect/oauth/callback`);
      expect(q.get('scope')).toBe('openid email offline_access');
      expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('prompt')).toBe('consent');
      expect(q.get('ui_locales')).toBe('en');

      // The app saw its own state back, and an auth_request_id.
      expect(app.visits).toHaveLength(1);
      const visit = app.visits[0];
      expect(visit).toMatchObject({ stateMatchesCookie: true, verified: true });
      expect(visit.authRequestId).toMatch(/^req_[A-Za-z0-9_-]{43}$/);

      // Latchkey's result page.
      expect(await r.page.locator('h1').textContent()).toBe('Upstream Identity connected');
      const body = await r.page.locator('main').textContent();
      expect(body).toContain('Your Upstream Identity account is connected.');
      expect(body).toContain('Email address — Read the email address of your account');
      expect(body).toContain('Offline access — Keep access while you are away');

      // The account: ACTIVE, tokens sealed, who consented recorded.
      const row = (await rows('alice'))!;
      expect(row.status).toBe('ACTIVE');
      expect(row.credentials_version).toBe(1);
      expect(row.authorized_user_id).toBe('alice');
      expect(row.authorized_user_email).toBe('alice@upstream.test');
      expect(JSON.parse(row.scopes)).toEqual(expect.arrayContaining(['openid', 'email']));
      expect(new Date(row.token_expires_at!).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
      const creds = await credentialsOf(env, row);
      expect(creds?.kind).toBe('oauth');
      if (creds?.kind !== 'oauth') throw new Error('unreachable');
      expect(creds.refresh_token).toBeTruthy();
      expect(row.credentials_ciphertext).not.toContain(creds.access_token);
      // The stored access token is the real one: the upstream's userinfo accepts it.
      const me = await upstreamFetch(env.upstream)(env.upstream.userinfoUri, { headers: { authorization: `Bearer ${creds.access_token}`, accept: 'application/json' } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { sub: string }).sub).toBe('alice');

      // Stored secrets are hashes; the request no longer holds anything.
      const link = await linkRow(env, r.link);
      expect(link.completed_at).not.toBeNull();
      expect(link.app_state).toBe(visit.state);
      const req = await env.server.core.storage.db.selectFrom('authorization_requests').selectAll().where('link_id', '=', link.id).executeTakeFirstOrThrow();
      expect(req).toMatchObject({ status: 'COMPLETED', secrets_ciphertext: null, state_hash: hashToken(q.get('state')!), verification_hash: hashToken(visit.authRequestId!) });

      // The seed's proxy pre-check passes now.
      const account = await checkAuthorizationBeforeProxy(env.dev, 'alice');
      expect(account?.status).toBe(ConnectorStatus.ACTIVE);

      // No page Latchkey served carries a token, secret, link token or auth_request_id.
      expect(r.docs.length).toBeGreaterThan(0);
      const secrets = [creds.access_token, creds.refresh_token!, env.upstreamSecret, r.link.split('/connect/l/')[1], visit.authRequestId!, q.get('state')!, q.get('code_challenge')!];
      for (const doc of r.docs) for (const s of secrets) expect(doc).not.toContain(s);
      first = { run: r, authRequestId: visit.authRequestId!, accessToken: creds.access_token };
      await r.page.context().close();
    }, 90_000);

    it('refuses a replayed state (re-visiting the callback URL): HTTP 400, nothing changes', async () => {
      const before = (await rows('alice'))!;
      const res = await fetch(first.run.callbackUrl, { redirect: 'manual' });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('This sign-in response was already used');
      expect(html).not.toContain(new URL(first.run.callbackUrl).searchParams.get('code')!);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");

      // In a browser too.
      const page = await (await newContext(browser)).newPage();
      const nav = await page.goto(first.run.callbackUrl);
      expect(nav!.status()).toBe(400);
      expect(await page.locator('h1').textContent()).toBe('This sign-in response was already used');
      await page.context().close();
      const after = (await rows('alice'))!;
      expect(after.credentials_version).toBe(before.credentials_version);
      expect(after.credentials_ciphertext).toBe(before.credentials_ciphertext);
    });

    it('refuses a tampered callback (a state Latchkey never issued): HTTP 400', async () => {
      const u = new URL(first.run.callbackUrl);
      u.searchParams.set('state', randomBytes(32).toString('base64url'));
      const res = await fetch(u, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This sign-in response is not valid');
      u.searchParams.delete('state');
      const none = await fetch(u, { redirect: 'manual' });
      expect(none.status).toBe(400);
      const repeated = await fetch(`${first.run.callbackUrl}&state=again`, { redirect: 'manual' });
      expect(repeated.status).toBe(400);
    });

    it('refuses a replayed auth_request_id and a used link', async () => {
      const again = await env.dev.actions.verifyConnectedAccountUser({ authRequestId: first.authRequestId, identifier: 'alice' }).catch((e: unknown) => e as Error);
      // Scalekit's NOT_FOUND and message for unknown, used and expired ids alike; the ErrorInfo reason tells them apart.
      expect(again).toBeInstanceOf(ScalekitNotFoundException);
      expect((again as ScalekitNotFoundException).message).toBe('[not_found] auth request not found or no longer valid');
      expect((again as ScalekitNotFoundException).errorCode).toBe('AUTH_REQUEST_ALREADY_USED');

      const unknown = await env.dev.actions.verifyConnectedAccountUser({ authRequestId: `req_${randomBytes(32).toString('base64url')}`, identifier: 'alice' }).catch((e: unknown) => e as Error);
      expect(unknown).toBeInstanceOf(ScalekitNotFoundException);
      expect((unknown as ScalekitNotFoundException).message).toBe('[not_found] auth request not found or no longer valid');
      expect((unknown as ScalekitNotFoundException).errorCode).toBe('AUTH_REQUEST_NOT_FOUND');

      const res = await fetch(first.run.link, { redirect: 'manual' });
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('This link has already been used');
    });

    it('a mismatched identifier is refused: the account is NOT activated and the auth request is void', async () => {
      app.autoVerify = true;
      app.signedInUser = 'mallory'; // the app's session says mallory, the link was made for bob
      const r = await run('bob', 'bob', onAppVerify);
      expect(await r.page.locator('h1').textContent()).toBe('Verification refused');
      expect(await r.page.locator('#error').textContent()).toMatch(/identifier does not match the user this authorization link was created for/);
      const visit = app.visits.at(-1)!;
      expect(visit).toMatchObject({ stateMatchesCookie: true, verified: false });

      const row = (await rows('bob'))!;
      expect(row.status).toBe('PENDING_VERIFICATION');
      expect(row.credentials_ciphertext).toBeNull();
      expect(row.credentials_version).toBe(0);
      expect(row.authorized_user_id).toBeNull();
      await expect(checkAuthorizationBeforeProxy(env.dev, 'bob')).rejects.toThrow('Connected account is not ACTIVE. Re-authorize the user.');

      // The auth request was consumed by the mismatch: the right identifier cannot use it afterwards.
      const retry = await env.dev.actions.verifyConnectedAccountUser({ authRequestId: visit.authRequestId!, identifier: 'bob' }).catch((e: unknown) => e as Error);
      expect(retry).toBeInstanceOf(ScalekitNotFoundException);
      expect((retry as ScalekitNotFoundException).errorCode).toBe('AUTH_REQUEST_ALREADY_USED');
      const req = await env.server.core.storage.db.selectFrom('authorization_requests').selectAll().where('verification_hash', '=', hashToken(visit.authRequestId!)).executeTakeFirstOrThrow();
      expect(req).toMatchObject({ status: 'REJECTED', secrets_ciphertext: null });
      expect((await rows('bob'))!.status).toBe('PENDING_VERIFICATION');
      await r.page.context().close();
    }, 90_000);

    it('an expired auth_request_id is refused and the account stays PENDING_VERIFICATION', async () => {
      app.autoVerify = false;
      const r = await run('carol', 'carol', onAppVerify);
      expect(await r.page.locator('h1').textContent()).toBe('Waiting to verify');
      const visit = app.visits.at(-1)!;
      expect((await rows('carol'))!.status).toBe('PENDING_VERIFICATION');
      await env.server.core.storage.db
        .updateTable('authorization_requests')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('verification_hash', '=', hashToken(visit.authRequestId!))
        .execute();
      const err = await env.dev.actions.verifyConnectedAccountUser({ authRequestId: visit.authRequestId!, identifier: 'carol' }).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(ScalekitNotFoundException);
      expect((err as ScalekitNotFoundException).message).toBe('[not_found] auth request not found or no longer valid');
      expect((err as ScalekitNotFoundException).errorCode).toBe('AUTH_REQUEST_EXPIRED');
      const row = (await rows('carol'))!;
      expect(row.status).toBe('PENDING_VERIFICATION');
      expect(row.credentials_ciphertext).toBeNull();
      await r.page.context().close();
    }, 90_000);

    it('refuses an expired link with a clear page (HTTP 410) and never leaves for the provider', async () => {
      const { link } = await env.dev.actions.getAuthorizationLink({ connectionName: 'gmail', identifier: 'dave', userVerifyUrl: `${app.url}/user/verify`, state: 's' });
      const row = await linkRow(env, link);
      await env.server.core.storage.db.updateTable('authorization_links').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', row.id).execute();
      const page = await (await newContext(browser)).newPage();
      const upstreamHits: string[] = [];
      page.on('request', (r) => r.url().startsWith(env.upstream.issuer) && upstreamHits.push(r.url()));
      const nav = await page.goto(link);
      expect(nav!.status()).toBe(410);
      expect(await page.locator('h1').textContent()).toBe('This link has expired');
      expect(await page.locator('[role="alert"]').textContent()).toContain('Authorization links are valid for 15 minutes');
      const headers = nav!.headers();
      expect(headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(await nav!.text()).not.toContain(link.split('/connect/l/')[1]);
      // The stylesheet loads under the CSP (computed style comes from it, not the browser default).
      expect(await page.locator('main').evaluate((el) => getComputedStyle(el).borderRadius)).toBe('12px');
      expect(upstreamHits).toEqual([]);
      expect((await rows('dave'))!.status).toBe('PENDING_AUTH');
      await page.context().close();
    });

    it('a declined consent (access_denied) shows a clear page and activates nothing', async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${app.url}/connect?user=frank`);
      await page.waitForURL((u) => u.href.startsWith(env.upstream.issuer));
      await Promise.all([page.waitForURL((u) => u.href.startsWith(`${env.server.url}/connect/oauth/callback`)), page.click('text=[ Cancel ]')]);
      expect(await page.locator('h1').textContent()).toBe('Access was not granted');
      expect(await page.locator('[role="alert"]').textContent()).toContain('You declined to give access to Upstream Identity');
      const row = (await rows('frank'))!;
      expect(row.status).toBe('PENDING_AUTH');
      expect(row.credentials_ciphertext).toBeNull();
      const reqs = await env.server.core.storage.db.selectFrom('authorization_requests').selectAll().where('account_id', '=', row.id).execute();
      expect(reqs.map((x) => x.status)).toEqual(['FAILED']);
      await context.close();
    }, 60_000);

    it('a state that expired while the person was at the provider is refused (HTTP 400) and activates nothing', async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${app.url}/connect?user=kim`);
      await page.waitForURL((u) => u.href.startsWith(env.upstream.issuer));
      const row = (await rows('kim'))!;
      await env.server.core.storage.db.updateTable('authorization_requests').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('account_id', '=', row.id).execute();
      await upstreamLoginAndConsent(page, 'kim');
      await page.waitForURL((u) => u.href.startsWith(`${env.server.url}/connect/oauth/callback`));
      expect(await page.locator('h1').textContent()).toBe('This sign-in took too long');
      expect((await rows('kim'))!.status).toBe('PENDING_AUTH');
      await context.close();
    }, 60_000);

    it('re-authorizes an ACTIVE account with a new link; it keeps working on its old tokens until the new consent is verified', async () => {
      app.autoVerify = false;
      app.signedInUser = 'alice';
      const r = await run('alice', 'alice', onAppVerify);
      const visit = app.visits.at(-1)!;
      const held = (await rows('alice'))!;
      expect(held.status).toBe('ACTIVE');
      expect(held.credentials_version).toBe(1);
      expect(((await credentialsOf(env, held)) as { access_token: string }).access_token).toBe(first.accessToken);

      const { postUserVerifyRedirectUrl } = await env.dev.actions.verifyConnectedAccountUser({ authRequestId: visit.authRequestId!, identifier: 'alice' });
      expect(postUserVerifyRedirectUrl).toMatch(new RegExp(`^${env.server.url}/connect/result/areq_`));
      const row = (await rows('alice'))!;
      expect(row.status).toBe('ACTIVE');
      expect(row.credentials_version).toBe(2);
      const creds = (await credentialsOf(env, row)) as { access_token: string };
      expect(creds.access_token).not.toBe(first.accessToken);

      await r.page.goto(postUserVerifyRedirectUrl);
      expect(await r.page.locator('h1').textContent()).toBe('Upstream Identity connected');
      await r.page.context().close();
    }, 90_000);

    it('keeps access alive, then revives it: refresh → upstream revocation → EXPIRED → new link → ACTIVE', async () => {
      const db = env.server.core.storage.db;
      const past = new Date(Date.now() - 1000).toISOString();
      const before = (await rows('alice'))!;
      expect(before.status).toBe('ACTIVE');
      const expireNow = async () => {
        await db.updateTable('connected_accounts').set({ token_expires_at: past }).where('id', '=', before.id).execute();
        env.server.credentials.invalidate(before.environment_id, before.id);
      };

      // Due for refresh: exactly one refresh at the upstream, rotated tokens stored.
      await expireNow();
      const refreshesBefore = env.upstream.refreshes.length;
      const refreshed = await env.server.credentials.getUsable(before.environment_id, before.id);
      expect(env.upstream.refreshes.length).toBe(refreshesBefore + 1);
      expect(env.upstream.refreshes.at(-1)!.ok).toBe(true);
      expect(refreshed.version).toBe(before.credentials_version + 1);
      const fresh = refreshed.credentials as { access_token: string; refresh_token: string };
      expect(fresh.access_token).not.toBe(((await credentialsOf(env, before)) as { access_token: string }).access_token);

      // The user revokes the app at the provider: the next refresh is refused → EXPIRED, record kept.
      await env.upstream.revoke(fresh.refresh_token);
      await expireNow();
      await expect(env.server.credentials.getUsable(before.environment_id, before.id)).rejects.toMatchObject({ reason: 'CONNECTED_ACCOUNT_EXPIRED' });
      expect(env.upstream.refreshes.at(-1)).toMatchObject({ ok: false, error: 'invalid_grant' });
      const expired = (await rows('alice'))!;
      expect(expired).toMatchObject({ id: before.id, status: 'EXPIRED' });

      // A new authorization link through the browser revives the same record.
      app.autoVerify = true;
      app.signedInUser = 'alice';
      const r = await run('alice', 'alice', onResultPage);
      const revived = (await rows('alice'))!;
      expect(revived).toMatchObject({ id: before.id, status: 'ACTIVE' });
      expect(revived.credentials_version).toBeGreaterThan(expired.credentials_version);
      const usable = await env.server.credentials.getUsable(before.environment_id, before.id);
      expect((usable.credentials as { access_token: string }).access_token).not.toBe(fresh.access_token);
      await r.page.context().close();
    }, 120_000);

    it('two concurrent verifications of one auth_request_id: exactly one succeeds', async () => {
      app.autoVerify = false;
      const r = await run('gina', 'gina', onAppVerify);
      const visit = app.visits.at(-1)!;
      const results = await Promise.allSettled([1, 2, 3].map(() => env.dev.actions.verifyConnectedAccountUser({ authRequestId: visit.authRequestId!, identifier: 'gina' })));
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      const row = (await rows('gina'))!;
      expect(row.status).toBe('ACTIVE');
      expect(row.credentials_version).toBe(1);
      await r.page.context().close();
    }, 90_000);

    it('collects account_fields before consent, validates them, and stores them on the account', async () => {
      const ws = await createProviderAndConnection(env, {
        envName: 'development',
        definition: oauthProvider(env.upstream, {
          display_name: 'Upstream Workspaces',
          account_fields: [{ field_name: 'workspace', label: 'Workspace', input_type: 'text', hint: 'The name in your workspace address', required: true }],
          proxy_url: 'https://{{workspace}}.example.test/api',
        }),
        connectionName: 'upstream-ws',
        oauth: { scopes: ['email'] },
      });
      const wsApp = await startTestApp(env.dev, 'upstream-ws');
      wsApp.signedInUser = 'hana';
      try {
        const context = await newContext(browser);
        const page = await context.newPage();
        const docs = collectLatchkeyDocuments(page, env.server.url);
        const first = await page.goto(`${wsApp.url}/connect?user=hana`);
        expect(first!.url()).toContain('/connect/l/');
        expect(await page.locator('h1').textContent()).toBe('Connect Upstream Workspaces');
        expect(await page.locator('label[for="f-workspace"]').textContent()).toContain('Workspace');
        expect(await page.locator('#f-workspace').getAttribute('aria-describedby')).toBe('f-workspace-hint');
        expect(await page.locator('main').textContent()).toContain('Your identity — Know which account you signed in with');
        expect(first!.headers()['content-security-policy']).toContain(`form-action 'self' ${env.upstream.issuer};`);

        let res = await Promise.all([page.waitForResponse((x) => x.request().method() === 'POST'), page.click('button[type="submit"]')]).then(([x]) => x);
        expect(res.status()).toBe(400);
        expect(await page.locator('#f-workspace-error').textContent()).toBe('Workspace is required.');
        expect(await page.locator('#f-workspace').getAttribute('aria-invalid')).toBe('true');

        await page.fill('#f-workspace', 'acme/../evil');
        res = await Promise.all([page.waitForResponse((x) => x.request().method() === 'POST'), page.click('button[type="submit"]')]).then(([x]) => x);
        expect(res.status()).toBe(400);
        expect(await page.locator('#f-workspace-error').textContent()).toContain("may only contain letters, digits, '.', '_', '~' and '-'");

        await page.fill('#f-workspace', 'acme');
        await Promise.all([page.waitForURL((u) => u.href.startsWith(env.upstream.issuer)), page.click('button[type="submit"]')]);
        await upstreamLoginAndConsent(page, 'hana');
        await page.waitForURL(onResultPage);
        const row = (await accountRow(env, env.devEnvId, ws.connectionId, 'hana'))!;
        expect(row.status).toBe('ACTIVE');
        expect(JSON.parse(row.account_fields)).toEqual({ workspace: 'acme' });
        expect(docs.some((d) => d.includes('Workspace is required.'))).toBe(true);
        await context.close();
      } finally {
        await wsApp.close();
      }
    }, 90_000);

    it('never logs tokens or secrets', () => {
      const logs = env.server.logs.join('\n');
      expect(logs).not.toContain(env.upstreamSecret);
      expect(logs).not.toContain(first.accessToken);
      expect(logs).not.toContain(first.authRequestId);
      expect(logs).not.toContain(first.run.link.split('/connect/l/')[1]);
      expect(logs).not.toContain(new URL(first.run.callbackUrl).searchParams.get('state')!);
      expect(logs).toContain('"path":"/connect/l/:token"');
    });
  });
}
