import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { captureLogger } from '../helpers/test-utils.js';
import { startSmtpFake } from '../users/smtp-fake.js';
import { nthMailTo } from '../passwordless/passwordless-mail.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { addRedirectUri } from '../../src/modules/clients/redirect-uris.js';
import { createMailer } from '../../src/modules/email/mailer.js';
import { setPasswordlessType } from '../../src/modules/passwordless/index.js';
import { createOrganization, updateOrganizationSettings } from '../../src/modules/organizations/organizations.js';
import { createDomain } from '../../src/modules/domains/domains.js';
import { verifyDomainByAdmin } from '../../src/modules/domains/verify-domain.js';
import { createUserAndMembership } from '../../src/modules/users/create-user-and-membership.js';
import { createSocialProvider } from '../../src/modules/social-login/index.js';
import { alertIn, LoginBrowser, mailsTo, nthCodeTo, nthLinkTo, startSampleApp, type SampleApp } from './helpers/hosted-login-driver.js';

/**
 * The hosted login page over plain HTTP (a cookie jar, as a browser without script): what it
 * shows, its headers, resend / different email, limits with the person's IP, scanner-safe magic
 * links, and the refusals after the email is proven. A finished login is the 303 into the
 * authorization flow (/oauth/authorize/<uid>) that interactions.finish answers.
 */
for (const dialect of DIALECTS) {
  describe(`hosted login page (${dialect.name})`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtpFake>>;
    let app: SampleApp;
    let envId: string;
    const db = () => server.core.storage.db;
    const authorizationUrl = async (query = '') => (await fetch(`${app.url}/login${query}`, { redirect: 'manual' })).headers.get('location')!;
    const resumesAuthorization = (r: { status: number; location?: string }) => r.status === 303 && r.location?.startsWith(`${server.url}/oauth/authorize/`);
    const directory = () => ({ db: db(), mailer: createMailer({ smtpUrl: undefined, from: 'x@example.test', db: db(), vault: server.core.vault, log: captureLogger([]) }), publicUrl: server.url, log: captureLogger([]) });

    beforeAll(async () => {
      smtp = await startSmtpFake();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SMTP_URL: smtp.url } });
      envId = (await findEnvironmentByName(db(), 'development')).id;
      const client = await server.newClient();
      app = await startSampleApp(new ScalekitClient(server.url, client.clientId, client.clientSecret));
      await addRedirectUri(db(), envId, client.clientId, 'redirect', app.redirectUri);
    });
    afterAll(async () => {
      await app?.close();
      await server?.close();
      await smtp?.close();
    });

    it('serves the email step with login_hint, a strict CSP naming only the app as extra form target, and a path-bound CSRF cookie', async () => {
      await createSocialProvider(db(), server.core.vault, envId, { key: 'github', kind: 'GITHUB', display_name: 'GitHub', client_id: 'gh-client', client_secret: 'gh-secret' });
      const b = new LoginBrowser();
      const page = await b.openLogin(await authorizationUrl(`?login_hint=${encodeURIComponent('hint@example.com')}`));
      expect(page.status).toBe(200);
      expect(page.html).toContain('value="hint@example.com"');
      expect(page.html).not.toMatch(/<script/i);
      expect(page.headers.get('content-security-policy')).toBe(`default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' ${app.url}; frame-ancestors 'none'; base-uri 'none'`);
      const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('latchkey_csrf='))!;
      expect(csrfCookie).toMatch(/Path=\/ui\/login; Max-Age=3600; HttpOnly; SameSite=Strict/);
      const uid = new URL(page.url).searchParams.get('interaction')!;
      expect(page.html).toContain(`href="/ui/login/social/github/start?interaction=${uid}"`);
      expect(page.html).toContain('Continue with GitHub');

      // getAuthorizationUrl's `provider` goes straight to that provider's start route; an unknown one says so.
      const direct = new LoginBrowser();
      const toGitHub = await direct.follow(await direct.request(await authorizationUrl('?provider=github')), (u) => u.includes('/ui/login/social/'));
      expect(toGitHub.location).toMatch(new RegExp(`^${server.url}/ui/login/social/github/start\\?interaction=[A-Za-z0-9_-]+$`));
      const unknown = await new LoginBrowser().openLogin(await authorizationUrl('?provider=myspace'));
      expect(alertIn(unknown.html)).toBe('The sign-in method this app asked for (myspace) is not available here. Sign in with your email instead.');
    });

    it('lets domain_hint, organization_id and connection_id route to SSO before the email step', async () => {
      const sso = await createOrganization(db(), envId, { displayName: 'Hinted Corp' });
      await updateOrganizationSettings(db(), envId, sso.id, [{ name: 'sso', enabled: true }]);
      const d = await createDomain(db(), envId, { id: sso.id }, { domain: 'hinted.example', domainType: 'ORGANIZATION_DOMAIN' });
      await verifyDomainByAdmin(db(), envId, d.id);
      for (const query of ['?domain_hint=hinted.example', `?organization_id=${sso.id}`]) {
        const page = await new LoginBrowser().openLogin(await authorizationUrl(query));
        expect(page.html).toContain('<h1 id="page-title">Single sign-on is not set up yet</h1>');
        expect(page.html).toContain('single sign-on of <strong>Hinted Corp</strong>');
        expect(page.html).not.toContain('id="f-email"');
      }
      const byConnection = await new LoginBrowser().openLogin(await authorizationUrl('?connection_id=conn_123'));
      expect(byConnection.html).toContain('single sign-on of this organization');
      // A hint naming no SSO domain changes nothing: the email step.
      expect((await new LoginBrowser().openLogin(await authorizationUrl('?domain_hint=elsewhere.example'))).html).toContain('id="f-email"');
    });

    it('answers an unknown interaction, or one of another browser, with the expired page', async () => {
      const b = new LoginBrowser();
      const page = await b.openLogin(await authorizationUrl());
      expect((await b.request(`${server.url}/ui/login?interaction=nope`)).status).toBe(410);
      expect((await b.request(`${server.url}/ui/login`)).status).toBe(410);
      const stranger = await new LoginBrowser().request(page.url);
      expect(stranger.status).toBe(410);
      expect(stranger.html).toContain('This sign-in has expired');
    });

    it('explains a bad address in words, resends (the old code stops working), and starts over with another email', async () => {
      const b = new LoginBrowser();
      const page = await b.openLogin(await authorizationUrl());
      const bad = await b.submit(page, 'email', { email: 'not-an-email' });
      expect(bad.status).toBe(400);
      expect(alertIn(bad.html)).toBe('Enter a valid email address, like name@example.com.');

      const sent = await b.submit(page, 'email', { email: 'resend@example.com' });
      expect(sent.html).toContain('We sent a 6-digit code to <strong>resend@example.com</strong>. It works for 5 minutes.');
      const first = await nthCodeTo(smtp.received, 'resend@example.com', 1);
      const again = await b.submit(page, 'resend');
      expect(alertIn(again.html)).toBe('We sent a new email. Earlier codes and links no longer work.');
      const second = await nthCodeTo(smtp.received, 'resend@example.com', 2);
      if (first !== second) expect(alertIn((await b.submit(page, 'code', { code: first })).html)).toMatch(/^That code is not right\. You can try 4 more times\.$/);

      const restarted = await b.follow(await b.submit(page, 'restart'));
      expect(restarted.html).toContain('id="f-email"');
      // The pending request is no longer this interaction's: its code proves nothing here.
      expect(alertIn((await b.submit(page, 'code', { code: second })).html)).toBe('There is no code waiting for this sign-in. Enter your email again.');

      await b.submit(page, 'email', { email: 'other@example.com' });
      expect(resumesAuthorization(await b.submit(page, 'code', { code: await nthCodeTo(smtp.received, 'other@example.com', 1) }))).toBe(true);
    });

    it('counts the page’s sends by the person’s IP address and per email, and says when to retry', async () => {
      const email = 'limited@example.com';
      for (let i = 0; i < 5; i++) {
        const b = new LoginBrowser();
        expect((await b.submit(await b.openLogin(await authorizationUrl()), 'email', { email })).status).toBe(200);
      }
      const b = new LoginBrowser();
      const refused = await b.submit(await b.openLogin(await authorizationUrl()), 'email', { email });
      expect(refused.status).toBe(429);
      expect(alertIn(refused.html)).toMatch(/^Too many sign-in emails were sent\. Wait \d+ (minutes|seconds) and try again\.$/);
      expect(mailsTo(smtp.received, email)).toBe(5);
      const sources = await db().selectFrom('passwordless_sends').select('source').distinct().where('email', '=', email).execute();
      expect(sources).toEqual([{ source: 'ip:127.0.0.1' }]);
    });

    it('shows a magic link as a button (opening it verifies nothing), then signs in on the POST, once', async () => {
      await setPasswordlessType(db(), envId, 'LINK_OTP');
      try {
        const b = new LoginBrowser();
        const page = await b.openLogin(await authorizationUrl());
        const sent = await b.submit(page, 'email', { email: 'both@example.com' });
        expect(sent.html).toContain('a sign-in link and a 6-digit code');
        expect(sent.html).toContain('id="f-code"');
        const { link } = await nthLinkTo(smtp.received, 'both@example.com', 1);
        const landing = await b.request(link);
        expect(landing.status).toBe(200);
        expect(landing.html).toContain('Continue signing in');
        const row = await db().selectFrom('passwordless_requests').select('status').where('email', '=', 'both@example.com').executeTakeFirstOrThrow();
        expect(row.status).toBe('pending');
        const token = new URL(link).searchParams.get('link_token')!;
        expect(resumesAuthorization(await b.submit(landing, 'link', { link_token: token }))).toBe(true);
        // Replayed in a new sign-in of the same browser: refused, nothing resumes.
        const next = await b.openLogin(await authorizationUrl());
        const replay = await b.submit(next, 'link', { link_token: token });
        expect(resumesAuthorization(replay)).toBe(false);
        expect(alertIn(replay.html)).toBe('There is no code waiting for this sign-in. Enter your email again.');
        await b.submit(next, 'email', { email: 'thief@example.com' });
        const foreign = await b.submit(next, 'link', { link_token: token });
        expect(resumesAuthorization(foreign)).toBe(false);
        expect(alertIn(foreign.html)).toBe('That sign-in link is not valid: it was replaced by a newer email, or it belongs to another sign-in.');
        // Neither the link token nor the code of the email reaches a log line.
        const code = /code to (?:sign in|finish signing up) is (\d{6})/.exec(await nthMailTo(smtp.received, 'both@example.com', 1))![1];
        expect(server.logs.some((l) => l.includes(token) || l.includes(code))).toBe(false);
      } finally {
        await setPasswordlessType(db(), envId, null);
      }
    });

    it('refuses organization_id for a non-member after the proof, and accepts an invitation at sign-in', async () => {
      const closed = await createOrganization(db(), envId, { displayName: 'Members Only' });
      const b = new LoginBrowser();
      const page = await b.openLogin(await authorizationUrl(`?organization_id=${closed.id}`));
      await b.submit(page, 'email', { email: 'outsider@example.com' });
      const refused = await b.submit(page, 'code', { code: await nthCodeTo(smtp.received, 'outsider@example.com', 1) });
      expect(refused.status).toBe(403);
      expect(alertIn(refused.html)).toBe('outsider@example.com is not a member of Members Only. Ask an administrator of Members Only for an invitation, or sign in with another email.');

      await createUserAndMembership(directory(), envId, { organizationId: closed.id, user: { email: 'invited@example.com' }, membership: {}, sendInvitation: true });
      const c = new LoginBrowser();
      const invitedPage = await c.openLogin(await authorizationUrl(`?organization_id=${closed.id}`));
      await c.submit(invitedPage, 'email', { email: 'invited@example.com' });
      const code = await nthCodeTo(smtp.received, 'invited@example.com', mailsTo(smtp.received, 'invited@example.com'));
      expect(resumesAuthorization(await c.submit(invitedPage, 'code', { code }))).toBe(true);
      const m = await db().selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('memberships.status').where('users.email', '=', 'invited@example.com').executeTakeFirstOrThrow();
      expect(m.status).toBe('ACTIVE');
    });
  });
}
