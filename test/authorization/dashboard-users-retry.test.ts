import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIALECTS } from '../helpers/test-server.js';
import { accountRow, api, createProviderAndConnection, launchBrowser, newContext, oauthProvider, startFlowEnv, upstreamLoginAndConsent, type FlowEnv } from './fixtures.js';
import { createAdminLoginLink } from '../../src/modules/authorization/admin-sessions.js';

for (const dialect of DIALECTS) {
  describe(`user verification 'dashboard_users': a callback refused for a missing admin session can be retried (${dialect.name})`, () => {
    let env: FlowEnv;
    let browser: Browser;
    let connectionId: string;
    const rows = (identifier: string) => accountRow(env, env.prodEnvId, connectionId, identifier);
    const requests = (accountId: string) =>
      env.server.core.storage.db.selectFrom('authorization_requests').select(['status', 'secrets_ciphertext']).where('account_id', '=', accountId).execute();

    async function signIn(context: BrowserContext): Promise<void> {
      const { link } = await createAdminLoginLink(env.server.core.storage.db, env.prodEnvId, env.server.core.config.publicUrl);
      const page = await context.newPage();
      await page.goto(link);
      await Promise.all([page.waitForURL((u) => u.pathname === '/connect/admin/session'), page.click('button[type="submit"]')]);
      await page.close();
    }

    /** Signs in, opens a link, loses the session at the provider, consents: the callback page without a session. */
    async function refusedCallback(identifier: string): Promise<{ context: BrowserContext; page: Page; callbackUrl: string }> {
      const context = await newContext(browser);
      await signIn(context);
      const { link } = await env.prod.actions.getAuthorizationLink({ connectionName: 'upstream', identifier });
      const page = await context.newPage();
      await page.goto(link);
      await page.waitForURL((u) => u.href.startsWith(env.upstream.issuer));
      await context.clearCookies({ name: 'latchkey_admin_session' });
      await upstreamLoginAndConsent(page, identifier);
      await page.waitForURL((u) => u.href.startsWith(`${env.server.url}/connect/oauth/callback`));
      expect(await page.locator('h1').textContent()).toBe('Administrator sign-in required');
      return { context, page, callbackUrl: page.url() };
    }

    beforeAll(async () => {
      env = await startFlowEnv(dialect.databaseUrl);
      browser = await launchBrowser();
      ({ connectionId } = await createProviderAndConnection(env, { envName: 'production', definition: oauthProvider(env.upstream), connectionName: 'upstream', oauth: { scopes: ['email'] } }));
      const set = await api(env, '/api/v1/agent-auth/user-verification', { method: 'PUT', body: { mode: 'dashboard_users' }, token: env.prodToken });
      expect(set.status).toBe(200);
    });
    afterAll(async () => {
      await browser?.close();
      await env?.close();
    });

    it('the page says how to sign in; after signing in, reloading the callback completes the flow once', async () => {
      const { context, page, callbackUrl } = await refusedCallback('kim');
      const alert = await page.locator('[role="alert"]').textContent();
      expect(alert).toContain('npx latchkey admin login-link --env production');
      expect(alert).toContain('reload this page');
      // Nothing claimed, nothing exchanged: the request still waits for its callback, the account for its tokens.
      const pending = (await rows('kim'))!;
      expect(pending.status).toBe('PENDING_AUTH');
      expect(pending.credentials_ciphertext).toBeNull();
      const [held] = await requests(pending.id);
      expect(held.status).toBe('AWAITING_CALLBACK');
      expect(held.secrets_ciphertext).not.toBeNull();
      // Reloading without a session changes nothing.
      expect((await page.reload())!.status()).toBe(403);

      await signIn(context);
      // The provider's code is single use (oidc-provider refuses a replay), so success shows it was exchanged only now.
      await page.reload();
      await page.waitForURL((u) => u.href.startsWith(`${env.server.url}/connect/result/`));
      expect(await page.locator('h1').textContent()).toBe('Upstream Identity connected');
      const active = (await rows('kim'))!;
      expect(active.status).toBe('ACTIVE');
      expect(active.credentials_version).toBe(1);
      expect(active.authorized_user_id).toBe('kim');
      expect(await requests(active.id)).toEqual([{ status: 'COMPLETED', secrets_ciphertext: null }]);

      // Single use still holds once it succeeded.
      const again = await page.goto(callbackUrl);
      expect(again!.status()).toBe(400);
      expect(await page.locator('h1').textContent()).toBe('This sign-in response was already used');
      expect((await rows('kim'))!.credentials_version).toBe(1);
      await context.close();
    }, 90_000);

    it('two concurrent retries after signing in: exactly one completes', async () => {
      const { context, callbackUrl } = await refusedCallback('lee');
      await signIn(context);
      const results = await Promise.all([0, 1].map(() => context.request.get(callbackUrl, { maxRedirects: 0 })));
      const statuses = results.map((r) => r.status()).sort();
      expect(statuses).toEqual([303, 400]);
      expect(results.find((r) => r.status() === 303)!.headers().location).toContain('/connect/result/');
      expect(await results.find((r) => r.status() === 400)!.text()).toContain('This sign-in response was already used');
      const row = (await rows('lee'))!;
      expect(row.status).toBe('ACTIVE');
      expect(row.credentials_version).toBe(1);
      expect(await requests(row.id)).toEqual([{ status: 'COMPLETED', secrets_ciphertext: null }]);
      await context.close();
    }, 90_000);
  });
}
