import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIALECTS } from '../helpers/test-server.js';
import {
  accountRow,
  api,
  collectLatchkeyDocuments,
  createProviderAndConnection,
  credentialsOf,
  launchBrowser,
  linkRow,
  newContext,
  startFlowEnv,
  type FlowEnv,
} from './fixtures.js';
import { STATIC_PROVIDERS } from '../helpers/agent-auth-fixtures.js';
import { forgetVerificationMode } from '../helpers/verification-mode.js';

async function submit(page: Page): Promise<number> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/connect/l/')), page.click('button[type="submit"]')]);
  await page.waitForLoadState('load');
  return res.status();
}

for (const dialect of DIALECTS) {
  describe(`static-credential forms (${dialect.name})`, () => {
    let env: FlowEnv;
    let browser: Browser;
    const connections: Record<string, string> = {};

    beforeAll(async () => {
      env = await startFlowEnv(dialect.databaseUrl);
      browser = await launchBrowser();
      for (const [type, definition] of Object.entries(STATIC_PROVIDERS)) {
        connections[type] = (await createProviderAndConnection(env, { envName: 'development', definition, connectionName: `static-${type.toLowerCase()}` })).connectionId;
      }
      // No user verification mode: static credentials need none (seed "Verify user identity").
      await forgetVerificationMode(env.server.core.storage.db, env.devEnvId);
      expect((await api(env, '/api/v1/agent-auth/user-verification')).json).toEqual({ mode: null });
    });
    afterAll(async () => {
      await browser?.close();
      await env?.close();
    });

    it('BASIC: labels, hints, password input, required marks, errors shown, values never echoed, stored encrypted → ACTIVE', async () => {
      const { link } = await env.dev.actions.getAuthorizationLink({ connectionName: 'static-basic', identifier: 'user-basic' });
      expect((await accountRow(env, env.devEnvId, connections.BASIC, 'user-basic'))!.status).toBe('PENDING_AUTH');
      const context = await newContext(browser);
      const page = await context.newPage();
      const docs = collectLatchkeyDocuments(page, env.server.url);
      const nav = await page.goto(link);
      expect(nav!.status()).toBe(200);
      const headers = nav!.headers();
      expect(headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['cache-control']).toBe('no-store');

      expect(await page.locator('h1').textContent()).toBe('Connect My Freshdesk');
      expect(await page.locator('main').textContent()).toContain('using Basic Auth');
      expect(await page.locator('label[for="f-domain"]').textContent()).toBe('Freshdesk Domain * (required)');
      expect(await page.locator('label[for="f-username"]').textContent()).toBe('API Key * (required)');
      expect(await page.locator('label[for="f-password"]').textContent()).toBe('Password');
      expect(await page.locator('#f-domain').getAttribute('type')).toBe('text');
      expect(await page.locator('#f-password').getAttribute('type')).toBe('password');
      expect(await page.locator('#f-domain').getAttribute('required')).toBe('');
      expect(await page.locator('#f-password').getAttribute('required')).toBeNull();
      expect(await page.locator('#f-domain-hint').textContent()).toBe('Your Freshdesk domain (e.g., yourcompany.freshdesk.com)');
      expect(await page.locator('#f-domain').getAttribute('aria-describedby')).toBe('f-domain-hint');
      // No script on the page; the form posts to the page itself (no token in the HTML).
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('form').getAttribute('action')).toBeNull();

      // Nothing filled: both required fields reported, next to the inputs and in a summary.
      expect(await submit(page)).toBe(400);
      expect(await page.locator('[role="alert"]').textContent()).toContain('Please correct the following');
      expect(await page.locator('#f-domain-error').textContent()).toBe('Freshdesk Domain is required.');
      expect(await page.locator('#f-username-error').textContent()).toBe('API Key is required.');
      expect(await page.locator('#f-password-error').count()).toBe(0);
      expect(await page.locator('#f-username').getAttribute('aria-describedby')).toBe('f-username-hint f-username-error');

      // Password typed, a required field missing: the password is not written back into the page.
      await page.fill('#f-domain', 'acme.freshdesk.com');
      await page.fill('#f-password', 'basic-pass-Zx81');
      expect(await submit(page)).toBe(400);
      expect(await page.locator('#f-domain').inputValue()).toBe('acme.freshdesk.com');
      expect(await page.locator('#f-password').inputValue()).toBe('');
      expect(await page.content()).not.toContain('basic-pass-Zx81');

      // A domain that would change the proxied URL's host is refused.
      await page.fill('#f-domain', 'evil.example/x?');
      await page.fill('#f-username', 'fd-api-key-77');
      await page.fill('#f-password', 'basic-pass-Zx81');
      expect(await submit(page)).toBe(400);
      expect(await page.locator('#f-domain-error').textContent()).toContain("may only contain letters, digits, '.', '_', '~' and '-'");

      await page.fill('#f-domain', 'acme.freshdesk.com');
      await page.fill('#f-password', 'basic-pass-Zx81');
      await Promise.all([page.waitForURL((u) => u.href.startsWith(`${env.server.url}/connect/result/`)), page.click('button[type="submit"]')]);
      expect(await page.locator('h1').textContent()).toBe('My Freshdesk connected');
      expect(await page.locator('[role="status"]').textContent()).toBe('Your My Freshdesk account is connected.');

      const row = (await accountRow(env, env.devEnvId, connections.BASIC, 'user-basic'))!;
      expect(row.status).toBe('ACTIVE');
      expect(row.credentials_version).toBe(1);
      expect(await credentialsOf(env, row)).toEqual({ kind: 'static', fields: { domain: 'acme.freshdesk.com', username: 'fd-api-key-77', password: 'basic-pass-Zx81' } });
      expect(row.credentials_ciphertext).not.toContain('fd-api-key-77');
      expect(row.credentials_ciphertext).not.toContain('basic-pass-Zx81');
      // The non-secret template value is an account field too (proxy_url https://{{domain}}/api).
      expect(JSON.parse(row.account_fields)).toEqual({ domain: 'acme.freshdesk.com' });
      for (const d of docs) {
        expect(d).not.toContain('basic-pass-Zx81');
        expect(d).not.toContain(link.split('/connect/l/')[1]);
      }

      // The link completed once.
      const again = await page.goto(link);
      expect(again!.status()).toBe(410);
      expect(await page.locator('h1').textContent()).toBe('This link has already been used');
      await context.close();
    }, 60_000);

    for (const [type, label, value] of [
      ['BEARER', 'Bearer Token', 'bearer-token-Q9x2'],
      ['API_KEY', 'Integration Token', 'attention-key-P3k7'],
    ] as const) {
      it(`${type}: a password input labelled '${label}', required error, stored encrypted → ACTIVE`, async () => {
        const identifier = `user-${type.toLowerCase()}`;
        const { link } = await env.dev.actions.getAuthorizationLink({ connectionName: `static-${type.toLowerCase()}`, identifier });
        const context = await newContext(browser);
        const page = await context.newPage();
        await page.goto(link);
        const field = type === 'BEARER' ? 'token' : 'api_key';
        expect(await page.locator(`label[for="f-${field}"]`).textContent()).toBe(`${label} * (required)`);
        expect(await page.locator(`#f-${field}`).getAttribute('type')).toBe('password');
        expect(await submit(page)).toBe(400);
        expect(await page.locator(`#f-${field}-error`).textContent()).toBe(`${label} is required.`);
        expect((await accountRow(env, env.devEnvId, connections[type], identifier))!.status).toBe('PENDING_AUTH');

        await page.fill(`#f-${field}`, value);
        await Promise.all([page.waitForURL((u) => u.href.startsWith(`${env.server.url}/connect/result/`)), page.click('button[type="submit"]')]);
        expect(await page.locator('h1').textContent()).toContain('connected');
        const row = (await accountRow(env, env.devEnvId, connections[type], identifier))!;
        expect(row.status).toBe('ACTIVE');
        expect(await credentialsOf(env, row)).toEqual({ kind: 'static', fields: { [field]: value } });
        expect(row.credentials_ciphertext).not.toContain(value);
        expect(JSON.parse(row.account_fields)).toEqual({});
        await context.close();
      }, 60_000);
    }

    it('refuses a POST without the page CSRF token, with a token of another link, and unknown fields', async () => {
      const a = await env.dev.actions.getAuthorizationLink({ connectionName: 'static-bearer', identifier: 'csrf-a' });
      const b = await env.dev.actions.getAuthorizationLink({ connectionName: 'static-bearer', identifier: 'csrf-b' });
      const form = (fields: Record<string, string>, cookie?: string) => ({
        method: 'POST',
        redirect: 'manual' as const,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(fields).toString(),
      });

      // Cross-site style: no cookie, no token.
      const bare = await fetch(a.link, form({ token: 'x' }));
      expect(bare.status).toBe(403);
      expect(await bare.text()).toContain('This form could not be accepted');

      // A real browser's cookie and the token of link B, sent to link A.
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(b.link);
      const tokenB = await page.locator('input[name="csrf_token"]').getAttribute('value');
      const csrfCookie = (await context.cookies()).find((c) => c.name === 'latchkey_csrf')!;
      expect(csrfCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/connect' });
      const cookie = `latchkey_csrf=${csrfCookie.value}`;
      const crossed = await fetch(a.link, form({ csrf_token: tokenB!, token: 'x' }, cookie));
      expect(crossed.status).toBe(403);

      // The right token, but a field the pattern does not define.
      const extra = await fetch(b.link, form({ csrf_token: tokenB!, token: 'fine-token', is_admin: 'true' }, cookie));
      expect(extra.status).toBe(400);
      expect(await extra.text()).toContain('The form contained fields this connection does not accept (is_admin)');
      // A field sent twice.
      const twice = await fetch(b.link, { ...form({}, cookie), body: `csrf_token=${encodeURIComponent(tokenB!)}&token=a&token=b` });
      expect(twice.status).toBe(400);
      expect(await twice.text()).toContain('Bearer Token was sent more than once.');
      // Oversized.
      const big = await fetch(b.link, form({ csrf_token: tokenB!, token: 'x'.repeat(9000) }, cookie));
      expect(big.status).toBe(400);
      expect(await big.text()).toContain('Bearer Token must be at most 8192 characters.');

      for (const id of ['csrf-a', 'csrf-b']) expect((await accountRow(env, env.devEnvId, connections.BEARER, id))!.status).toBe('PENDING_AUTH');
      expect((await linkRow(env, a.link)).completed_at).toBeNull();

      // And the right token alone works.
      const ok = await fetch(b.link, form({ csrf_token: tokenB!, token: 'fine-token' }, cookie));
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toMatch(new RegExp(`^${env.server.url}/connect/result/areq_`));
      expect((await accountRow(env, env.devEnvId, connections.BEARER, 'csrf-b'))!.status).toBe('ACTIVE');
      await context.close();
    }, 60_000);

    it('serves the stylesheet the CSP allows, and unknown links get a 404 page', async () => {
      const css = await fetch(`${env.server.url}/connect/assets/latchkey.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toContain('text/css');
      const missing = await fetch(`${env.server.url}/connect/l/${'A'.repeat(43)}`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('This link is not valid');
      const junk = await fetch(`${env.server.url}/connect/l/..%2F..%2Fetc`);
      expect(junk.status).toBe(404);
    });
  });
}
