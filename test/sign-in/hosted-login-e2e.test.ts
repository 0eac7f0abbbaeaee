import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import type { Browser, BrowserContext } from 'playwright-core';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { launchBrowser, newContext } from '../authorization/fixtures.js';
import { startSmtpFake } from '../users/smtp-fake.js';
import { captureLogger } from '../helpers/test-utils.js';
import { createMailer } from '../../src/modules/email/mailer.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { addRedirectUri } from '../../src/modules/clients/redirect-uris.js';
import { setPasswordlessType } from '../../src/modules/passwordless/index.js';
import { createOrganization, updateOrganizationSettings } from '../../src/modules/organizations/organizations.js';
import { createDomain } from '../../src/modules/domains/domains.js';
import { verifyDomainByAdmin } from '../../src/modules/domains/verify-domain.js';
import { createUserAndMembership } from '../../src/modules/users/create-user-and-membership.js';
import { alertIn, chromiumOtpLogin, LoginBrowser, mailsTo, nthCodeTo, nthLinkTo, startSampleApp, type SampleApp } from './helpers/hosted-login-driver.js';

/**
 * The proof: a sample app on the official SDK signs people in through the hosted login
 * page in Debian Chromium (and, for the attack cases, over plain HTTP with a cookie jar), with the
 * emails read from a real SMTP server. One dialect: the page's storage steps run on both in
 * hosted-login-domain.test.ts.
 */
const dialect = DIALECTS[0];

describe(`hosted login end to end (${dialect.name}, Chromium, official SDK)`, () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpFake>>;
  let browser: Browser;
  let app: SampleApp;
  let sdk: ScalekitClient;
  let envId: string;
  const db = () => server.core.storage.db;
  const context = async (): Promise<BrowserContext> => newContext(browser);

  beforeAll(async () => {
    smtp = await startSmtpFake();
    server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SMTP_URL: smtp.url } });
    envId = (await findEnvironmentByName(db(), 'development')).id;
    const client = await server.newClient();
    sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
    app = await startSampleApp(sdk);
    await addRedirectUri(db(), envId, client.clientId, 'redirect', app.redirectUri);
    await addRedirectUri(db(), envId, client.clientId, 'post_logout', app.postLogoutUri);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await server?.close();
    await smtp?.close();
  });

  it('signs in with an email code, then the SDK validates, refreshes (rotating) and logs out', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const landed = await chromiumOtpLogin(page, `${app.url}/login?login_hint=${encodeURIComponent('Otp.User@Example.com')}`, 'otp.user@example.com', smtp.received, app.redirectUri);
    expect(landed.searchParams.get('code')).toBeTruthy();
    expect(await page.textContent('#result')).toBe('signed in as otp.user@example.com');
    const signIn = app.signIns.at(-1)!;
    expect(signIn.user).toMatchObject({ email: 'otp.user@example.com', emailVerified: true });
    const idClaims = await sdk.validateToken<Record<string, unknown>>(signIn.idToken);
    expect(idClaims).toMatchObject({ email: 'otp.user@example.com', amr: ['otp'], identities: [expect.objectContaining({ connection_type: 'PASSWORDLESS', provider_name: 'passwordless', social: false })] });
    expect(await sdk.validateAccessToken(signIn.accessToken)).toBe(true);
    const claims = await sdk.validateToken<Record<string, unknown>>(signIn.accessToken);
    expect(claims.sub).toMatch(/^usr_/);
    expect(claims.sid).toMatch(/^ses_/);

    const refreshed = await sdk.refreshAccessToken(signIn.refreshToken);
    expect(refreshed.refreshToken).not.toBe(signIn.refreshToken);
    expect(await sdk.validateAccessToken(refreshed.accessToken)).toBe(true);

    const logoutUrl = sdk.getLogoutUrl({ idTokenHint: signIn.idToken, postLogoutRedirectUri: app.postLogoutUri, state: 'bye' });
    await page.goto(logoutUrl);
    // oidc-provider may ask to confirm the logout: press its button when it does.
    if (!page.url().startsWith(app.postLogoutUri)) await Promise.all([page.waitForURL((u) => u.toString().startsWith(app.postLogoutUri)), page.click('button[type="submit"], button[autofocus]')]);
    expect(await page.textContent('#result')).toBe('signed out bye');
    // The logout ended the session: its refresh token no longer works.
    await expect(sdk.refreshAccessToken(refreshed.refreshToken)).rejects.toThrow();
    await ctx.close();
  });

  it('signs in with a magic link opened in the same browser (a button, then the POST verifies it)', async () => {
    await setPasswordlessType(db(), envId, 'LINK');
    try {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${app.url}/login`);
      await page.waitForURL((u) => u.pathname === '/ui/login');
      const before = mailsTo(smtp.received, 'link.user@example.com');
      await page.fill('#f-email', 'link.user@example.com');
      await Promise.all([page.waitForURL((u) => u.pathname === '/ui/login/email'), page.click('button[type="submit"]:has-text("Continue")')]);
      expect(await page.textContent('main')).toContain('Open the link in the email in this browser');
      const { link } = await nthLinkTo(smtp.received, 'link.user@example.com', before + 1);
      expect(new URL(link).pathname).toBe('/ui/login/link');
      await page.goto(link);
      const landed = page.waitForURL((u) => u.toString().startsWith(app.redirectUri));
      await page.click('button[type="submit"]:has-text("Continue signing in")');
      await landed;
      expect(await page.textContent('#result')).toBe('signed in as link.user@example.com');

      // Replayed: the same link in a new sign-in of the same browser is refused, and nobody is signed in.
      const count = app.signIns.length;
      await page.goto(`${app.url}/login`);
      await page.waitForURL((u) => u.pathname === '/ui/login');
      const uid = new URL(page.url()).searchParams.get('interaction')!;
      const replay = new URL(link);
      replay.searchParams.set('interaction', uid);
      await page.goto(replay.toString());
      await page.click('button[type="submit"]:has-text("Continue signing in")');
      await page.waitForLoadState();
      expect(await page.textContent('main')).toMatch(/no code waiting|not valid|already used/i);
      expect(app.signIns.length).toBe(count);
      await ctx.close();
    } finally {
      await setPasswordlessType(db(), envId, null);
    }
  });

  it('routes a verified SSO domain to the "SSO is not set up yet" page before sending any email', async () => {
    const org = await createOrganization(db(), envId, { displayName: 'Samecorp' });
    await updateOrganizationSettings(db(), envId, org.id, [{ name: 'sso', enabled: true }]);
    const d = await createDomain(db(), envId, { id: org.id }, { domain: 'samecorp.example', domainType: 'ORGANIZATION_DOMAIN' });
    await verifyDomainByAdmin(db(), envId, d.id);
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${app.url}/login`);
    await page.waitForURL((u) => u.pathname === '/ui/login');
    await page.fill('#f-email', 'user@samecorp.example');
    await Promise.all([page.waitForURL((u) => u.pathname === '/ui/login/email'), page.click('button[type="submit"]:has-text("Continue")')]);
    expect(await page.textContent('h1')).toBe('Single sign-on is not set up yet');
    expect(await page.textContent('main')).toContain('Samecorp');
    expect(mailsTo(smtp.received, 'user@samecorp.example')).toBe(0);
    // Cancelling returns to the app with access_denied, not a sign-in.
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(app.redirectUri)), page.click('button:has-text("Cancel and return to the app")')]);
    expect(app.errors.at(-1)).toMatchObject({ error: 'access_denied' });
    await ctx.close();
  });

  it('refuses brute force: after 5 wrong codes even the right one is refused', async () => {
    const b = new LoginBrowser();
    const page = await b.openLogin(await authorizationUrl(app));
    const sent = await b.submit(page, 'email', { email: 'brute@example.com' });
    const code = await nthCodeTo(smtp.received, 'brute@example.com', 1);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    let last = sent;
    for (let i = 0; i < 5; i++) last = await b.submit({ ...last, url: page.url }, 'code', { code: wrong });
    expect(last.status).toBe(400);
    const right = await b.submit({ ...last, url: page.url }, 'code', { code });
    expect(right.status).toBe(409);
    expect(alertIn(right.html)).toMatch(/Too many wrong codes/);
    expect(right.location).toBeUndefined();
  });

  it('refuses a form POST without its CSRF token (no email is sent)', async () => {
    const b = new LoginBrowser();
    const page = await b.openLogin(await authorizationUrl(app));
    const uid = new URL(page.url).searchParams.get('interaction')!;
    const forged = await b.request(`${server.url}/ui/login/email?interaction=${uid}`, { form: { email: 'csrf@example.com' } });
    expect(forged.status).toBe(403);
    const wrongToken = await b.request(`${server.url}/ui/login/email?interaction=${uid}`, { form: { email: 'csrf@example.com', csrf_token: 'x'.repeat(43) } });
    expect(wrongToken.status).toBe(403);
    // A fresh browser (no cookie) with a token copied from the page is refused too.
    const other = new LoginBrowser();
    const copied = await other.request(`${server.url}/ui/login/email?interaction=${uid}`, { form: { email: 'csrf@example.com', csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.html)![1] } });
    expect(copied.status).toBe(403);
    expect(mailsTo(smtp.received, 'csrf@example.com')).toBe(0);
  });

  it('lets a member of several organizations pick one, and the tokens carry it', async () => {
    const a = await createOrganization(db(), envId, { displayName: 'First Org' });
    const b2 = await createOrganization(db(), envId, { displayName: 'Second Org' });
    const dir = { db: db(), mailer: createMailer({ smtpUrl: undefined, from: 'x@example.test', db: db(), vault: server.core.vault, log: captureLogger([]) }), publicUrl: server.url, log: captureLogger([]) };
    await createUserAndMembership(dir, envId, { organizationId: a.id, user: { email: 'two.orgs@example.com' }, membership: {}, sendInvitation: false });
    await createUserAndMembership(dir, envId, { organizationId: b2.id, user: { email: 'two.orgs@example.com' }, membership: {}, sendInvitation: false });
    const b = new LoginBrowser();
    const page = await b.openLogin(await authorizationUrl(app));
    await b.submit(page, 'email', { email: 'two.orgs@example.com' });
    const pick = await b.submit(page, 'code', { code: await nthCodeTo(smtp.received, 'two.orgs@example.com', 1) });
    expect(pick.status).toBe(200);
    expect(pick.html).toContain('Choose an organization');
    const done = await b.landAt(await b.submit({ ...pick, url: page.url }, 'organization', { organization_id: b2.id }), app.redirectUri);
    expect(done.code).toBeTruthy();
    // The sample app exchanges the code itself when the browser lands on its callback.
    await b.request(done.last.location!);
    const claims = await sdk.validateToken<Record<string, unknown>>(app.signIns.at(-1)!.accessToken);
    expect(claims.oid).toBe(b2.id);
  });
});

/** The sample app's /login answers a redirect to the SDK's authorization URL. */
async function authorizationUrl(app: SampleApp, query = ''): Promise<string> {
  const res = await fetch(`${app.url}/login${query}`, { redirect: 'manual' });
  return res.headers.get('location')!;
}
