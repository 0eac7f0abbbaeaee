import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { DIALECTS } from '../helpers/test-server.js';
import { runCli } from '../helpers/run-cli.js';
import {
  accountRow,
  api,
  createProviderAndConnection,
  launchBrowser,
  newContext,
  oauthProvider,
  startFlowEnv,
  upstreamLoginAndConsent,
  type FlowEnv,
} from './fixtures.js';
import { createAdminLoginLink } from '../../src/modules/authorization/admin-sessions.js';

for (const dialect of DIALECTS) {
  describe(`user verification 'dashboard_users': admin sessions (${dialect.name})`, () => {
    let env: FlowEnv;
    let browser: Browser;
    let connectionId: string;
    let cliEnv: Record<string, string>;
    const rows = (identifier: string) => accountRow(env, env.prodEnvId, connectionId, identifier);
    const cli = (...args: string[]) => runCli(args, cliEnv);

    /** Signs a browser in through an admin login link (made by the module; the CLI is tested below). */
    async function signIn(context: BrowserContext, envName: 'development' | 'production'): Promise<void> {
      const { link } = await createAdminLoginLink(env.server.core.storage.db, envName === 'production' ? env.prodEnvId : env.devEnvId, env.server.core.config.publicUrl);
      const page = await context.newPage();
      await page.goto(link);
      await Promise.all([page.waitForURL((u) => u.pathname === '/connect/admin/session'), page.click('button[type="submit"]')]);
      expect(await page.locator('[role="status"]').textContent()).toBe(`Signed in as a Latchkey administrator of the ${envName} environment.`);
      await page.close();
    }

    beforeAll(async () => {
      env = await startFlowEnv(dialect.databaseUrl);
      browser = await launchBrowser();
      ({ connectionId } = await createProviderAndConnection(env, {
        envName: 'production',
        definition: oauthProvider(env.upstream),
        connectionName: 'upstream',
        oauth: { scopes: ['email'] },
      }));
      cliEnv = {
        DATA_DIR: env.server.dataDir,
        PUBLIC_URL: env.server.core.config.publicUrl,
        LOG_LEVEL: 'error',
        ...(env.server.core.config.databaseUrl ? { DATABASE_URL: env.server.core.config.databaseUrl } : {}),
      };
    });
    afterAll(async () => {
      await browser?.close();
      await env?.close();
    });

    it('`latchkey verification set|show` configures the mode; the REST route reads it back', async () => {
      const bad = await cli('verification', 'set', '--env', 'production', '--mode', 'everyone');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("mode must be 'custom'");
      const before = await cli('verification', 'show', '--env', 'production');
      expect(before.stdout).toContain('user verification for production: not configured');
      // A new development starts in dashboard_users; production's setting is its own.
      expect((await cli('verification', 'show', '--env', 'development')).stdout).toContain('user verification for development: dashboard_users');
      const set = await cli('verification', 'set', '--env', 'production', '--mode', 'dashboard_users');
      expect(set.code).toBe(0);
      expect(set.stdout).toContain('user verification for production: dashboard_users');
      expect((await api(env, '/api/v1/agent-auth/user-verification', { token: env.prodToken })).json).toEqual({ mode: 'dashboard_users' });
      expect((await api(env, '/api/v1/agent-auth/user-verification')).json).toEqual({ mode: 'dashboard_users' });
    }, 120_000);

    it('without an admin session: a clear page, nothing sent to the provider, nothing activated', async () => {
      // dashboard_users needs no user_verify_url.
      const { link } = await env.prod.actions.getAuthorizationLink({ connectionName: 'upstream', identifier: 'ivan' });
      const context = await newContext(browser);
      const page = await context.newPage();
      const upstreamHits: string[] = [];
      page.on('request', (r) => r.url().startsWith(env.upstream.issuer) && upstreamHits.push(r.url()));
      const nav = await page.goto(link);
      expect(nav!.status()).toBe(403);
      expect(await page.locator('h1').textContent()).toBe('Administrator sign-in required');
      expect(await page.locator('[role="alert"]').textContent()).toContain('npx latchkey admin login-link --env production');
      expect(await page.locator('main .code').first().textContent()).toBe('npx latchkey admin login-link --env production');
      expect(upstreamHits).toEqual([]);
      expect((await rows('ivan'))!.status).toBe('PENDING_AUTH');

      // A session for another environment does not count.
      await signIn(context, 'development');
      const other = await page.goto(link);
      expect(other!.status()).toBe(403);
      await context.close();
    }, 60_000);

    it('the admin login link: a GET does not consume it, the POST sets an HttpOnly SameSite=Lax cookie, then it is spent', async () => {
      const out = await cli('admin', 'login-link', '--env', 'production');
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('Open this link in the browser that will authorize accounts in production');
      const link = /(http:\/\/\S+\/connect\/admin\/login\/[A-Za-z0-9_-]{43})\n/.exec(out.stdout)![1];
      const context = await newContext(browser);
      const page = await context.newPage();
      for (let i = 0; i < 2; i++) {
        const nav = await page.goto(link);
        expect(nav!.status()).toBe(200);
        expect(await page.locator('h1').textContent()).toBe('Sign in to Latchkey');
        expect(await page.locator('main').textContent()).toContain('production');
      }
      await Promise.all([page.waitForURL((u) => u.pathname === '/connect/admin/session'), page.click('button[type="submit"]')]);
      const session = (await context.cookies()).find((c) => c.name === 'latchkey_admin_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/connect' });
      expect(await page.content()).not.toContain(session.value);
      const spent = await page.goto(link);
      expect(spent!.status()).toBe(410);
      expect(await page.locator('h1').textContent()).toBe('This sign-in link has already been used');
      await context.close();
    }, 60_000);

    it('with an admin session: consent activates the account at once and shows the result page', async () => {
      const context = await newContext(browser);
      await signIn(context, 'production');
      const { link } = await env.prod.actions.getAuthorizationLink({ connectionName: 'upstream', identifier: 'ivan' });
      const page = await context.newPage();
      await page.goto(link);
      await page.waitForURL((u) => u.href.startsWith(env.upstream.issuer));
      await upstreamLoginAndConsent(page, 'ivan');
      await page.waitForURL((u) => u.href.startsWith(`${env.server.url}/connect/result/`));
      expect(await page.locator('h1').textContent()).toBe('Upstream Identity connected');
      const row = (await rows('ivan'))!;
      expect(row.status).toBe('ACTIVE');
      expect(row.credentials_version).toBe(1);
      expect(row.authorized_user_id).toBe('ivan');
      expect(row.authorized_user_email).toBe('ivan@upstream.test');
      await context.close();
    }, 60_000);

    it('a browser that loses its session before the callback gets a clear page and nothing is activated', async () => {
      const context = await newContext(browser);
      await signIn(context, 'production');
      const { link } = await env.prod.actions.getAuthorizationLink({ connectionName: 'upstream', identifier: 'judy' });
      const page = await context.newPage();
      await page.goto(link);
      await page.waitForURL((u) => u.href.startsWith(env.upstream.issuer));
      await context.clearCookies({ name: 'latchkey_admin_session' });
      await upstreamLoginAndConsent(page, 'judy');
      await page.waitForURL((u) => u.href.startsWith(`${env.server.url}/connect/oauth/callback`));
      expect(await page.locator('h1').textContent()).toBe('Administrator sign-in required');
      const row = (await rows('judy'))!;
      expect(row.status).toBe('PENDING_AUTH');
      expect(row.credentials_ciphertext).toBeNull();
      const reqs = await env.server.core.storage.db.selectFrom('authorization_requests').select(['status', 'secrets_ciphertext']).where('account_id', '=', row.id).execute();
      // Not consumed: signing in and reloading the callback completes it (dashboard-users-retry.test.ts).
      expect(reqs).toEqual([{ status: 'AWAITING_CALLBACK', secrets_ciphertext: expect.any(String) }]);
      await context.close();
    }, 60_000);
  });
}
