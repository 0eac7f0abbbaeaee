import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { captureLogger } from '../helpers/test-utils.js';
import { startSmtpFake } from '../users/smtp-fake.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { addRedirectUri } from '../../src/modules/clients/redirect-uris.js';
import { createOrganization } from '../../src/modules/organizations/organizations.js';
import { createUserAndMembership } from '../../src/modules/users/create-user-and-membership.js';
import { createPermission } from '../../src/modules/roles/permissions.js';
import { createRole } from '../../src/modules/roles/roles.js';
import { createMailer } from '../../src/modules/email/mailer.js';
import { createSessions, sessionDefaultsFrom } from '../../src/modules/sessions/index.js';
import { SigningKeys } from '../../src/modules/tokens/signing-keys.js';
import { LoginBrowser } from './helpers/hosted-login-driver.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const POST_LOGOUT = 'http://127.0.0.1:9/logged-out';
// Generous: the 200 concurrent refreshes of one token all count as duplicates, however loaded the machine.
const GRACE_SECONDS = 60;

/**
 * App sign-in end to end over plain HTTP: the SDK's authorization URL → B's hosted page (email
 * OTP from a real SMTP server) → code → tokens → refresh (rotation, reuse, 200 concurrent) →
 * session revoke → logout; and key rotation. Both dialects.
 */
for (const dialect of DIALECTS) {
  describe(`app sign-in: code → tokens → refresh → logout (${dialect.name})`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtpFake>>;
    let sdk: ScalekitClient;
    let client: { clientId: string; clientSecret: string };
    let envId: string;
    const db = () => server.core.storage.db;

    beforeAll(async () => {
      smtp = await startSmtpFake();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SMTP_URL: smtp.url, REFRESH_TOKEN_REUSE_GRACE_SECONDS: String(GRACE_SECONDS) } });
      envId = (await findEnvironmentByName(db(), 'development')).id;
      client = await server.newClient();
      sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      await addRedirectUri(db(), envId, client.clientId, 'redirect', REDIRECT);
      await addRedirectUri(db(), envId, client.clientId, 'post_logout', POST_LOGOUT);
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
    });

    const login = async (email: string, opts: { organizationId?: string } = {}) => {
      const verifier = randomBytes(32).toString('base64url');
      const url = sdk.getAuthorizationUrl(REDIRECT, { state: 'st-1', nonce: 'n-1', codeChallenge: createHash('sha256').update(verifier).digest('base64url'), codeChallengeMethod: 'S256', ...opts });
      const browser = new LoginBrowser();
      const landed = await browser.otpLogin(url, email, smtp.received, REDIRECT);
      expect(landed.error, landed.last.html.slice(0, 500)).toBeUndefined();
      expect(landed.state).toBe('st-1');
      const auth = await sdk.authenticateWithCode(landed.code!, REDIRECT, { codeVerifier: verifier });
      return { auth, browser, code: landed.code!, verifier };
    };

    const refresh = (refreshToken: string) =>
      fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: client.clientId, client_secret: client.clientSecret }),
      });

    it('signs in through the hosted page; the id_token and the JWT access token carry the claims the SDK maps', async () => {
      const { auth } = await login('ada@example.com');
      expect(auth.user).toMatchObject({ email: 'ada@example.com', emailVerified: true });
      expect(auth.user.id).toMatch(/^usr_/);
      const id = decodeJwt(auth.idToken);
      expect(id).toMatchObject({ iss: server.url, aud: client.clientId, nonce: 'n-1', email: 'ada@example.com', amr: ['otp'] });
      expect(id.sid).toMatch(/^ses_/);
      expect(id.identities).toEqual([expect.objectContaining({ connection_type: 'PASSWORDLESS', social: false })]);
      const at = decodeJwt(auth.accessToken);
      expect(decodeProtectedHeader(auth.accessToken).kid).toBe(server.core.signingKeys.signingKey().kid);
      expect(at).toMatchObject({ iss: server.url, sub: id.sub, sid: id.sid, aud: client.clientId, roles: [], permissions: [] });
      expect(at.scopes).toEqual(['openid', 'profile', 'email']);
      expect(typeof at.exp === 'number' && typeof at.iat === 'number').toBe(true);
      expect(await sdk.validateAccessToken(auth.accessToken, { issuer: server.url, audience: [client.clientId] })).toBe(true);
      expect(auth.expiresIn).toBeGreaterThan(0);
    });

    it("puts the organization, the membership's roles and permissions into the tokens", async () => {
      const org = await createOrganization(db(), envId, { displayName: 'Acme' });
      await createPermission(db(), envId, { name: 'invoices:read', description: 'Read invoices' });
      await createRole(db(), { envId }, { name: 'billing', displayName: 'Billing', permissions: ['invoices:read'] });
      const dir = { db: db(), mailer: createMailer({ smtpUrl: undefined, from: 'x@example.test', db: db(), vault: server.core.vault, log: captureLogger([]) }), publicUrl: server.url, log: captureLogger([]) };
      await createUserAndMembership(dir, envId, { organizationId: org.id, user: { email: 'grace@example.com', profile: { givenName: 'Grace', familyName: 'Hopper' } }, membership: { roles: ['billing'] }, sendInvitation: false });
      const { auth } = await login('grace@example.com', { organizationId: org.id });
      const id = decodeJwt(auth.idToken);
      expect(id).toMatchObject({ oid: org.id, given_name: 'Grace', family_name: 'Hopper' });
      expect(id.identities).toEqual([expect.objectContaining({ organization_id: org.id })]);
      const at = decodeJwt(auth.accessToken);
      expect(at).toMatchObject({ oid: org.id, roles: ['billing'], permissions: ['invoices:read'] });
    });

    it('refuses a second exchange of the same code', async () => {
      const { code, verifier } = await login('once@example.com');
      await expect(sdk.authenticateWithCode(code, REDIRECT, { codeVerifier: verifier })).rejects.toThrow();
    });

    it('rotates the refresh token on every use; a duplicate within the grace window fails without revoking the family', async () => {
      const { auth } = await login('rotate@example.com');
      const r1 = await sdk.refreshAccessToken(auth.refreshToken);
      expect(r1.refreshToken).not.toBe(auth.refreshToken);
      expect(await sdk.validateAccessToken(r1.accessToken)).toBe(true);
      expect(decodeJwt(r1.accessToken).sid).toBe(decodeJwt(auth.accessToken).sid);
      const duplicate = await refresh(auth.refreshToken);
      expect(await duplicate.json()).toMatchObject({ error: 'invalid_grant' });
      const r2 = await sdk.refreshAccessToken(r1.refreshToken);
      expect(r2.refreshToken).not.toBe(r1.refreshToken);
    });

    it('under 200 concurrent refreshes of one token exactly one succeeds and the family keeps a live token', async () => {
      const { auth } = await login('race@example.com');
      const answers = await Promise.all(Array.from({ length: 200 }, () => refresh(auth.refreshToken)));
      const ok = answers.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      for (const r of answers.filter((a) => a.status !== 200)) expect(r.status).toBe(400);
      const winner = (await ok[0].json()) as { refresh_token: string };
      const next = await refresh(winner.refresh_token);
      expect(next.status).toBe(200);
    }, 60_000);

    it('a revoked session makes its refresh token fail', async () => {
      const { auth } = await login('revoked@example.com');
      const sid = String(decodeJwt(auth.accessToken).sid);
      await createSessions({ db: db(), defaults: sessionDefaultsFrom(server.core.config) }).revokeSession(envId, sid);
      const r = await refresh(auth.refreshToken);
      expect(await r.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('logs out: the session ends, the browser lands on the registered post-logout URI with its state', async () => {
      const { auth, browser } = await login('bye@example.com');
      const sid = String(decodeJwt(auth.accessToken).sid);
      const page = await browser.request(sdk.getLogoutUrl({ idTokenHint: auth.idToken, postLogoutRedirectUri: POST_LOGOUT, state: 'bye' }));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.html)![1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)![1];
      const done = await browser.request(action, { form: { xsrf, logout: 'yes' } });
      expect(done.status).toBe(303);
      expect(done.location).toBe(`${POST_LOGOUT}?state=bye`);
      expect(await createSessions({ db: db(), defaults: sessionDefaultsFrom(server.core.config) }).checkSession(sid)).toMatchObject({ active: false });
      expect((await refresh(auth.refreshToken)).status).toBe(400);
    });

    it('refuses a post-logout URI the client has not registered', async () => {
      const { auth, browser } = await login('evil-logout@example.com');
      const page = await browser.request(sdk.getLogoutUrl({ idTokenHint: auth.idToken, postLogoutRedirectUri: 'https://evil.example/landing' }));
      expect(page.status).toBe(400);
      expect(page.html).toContain('post_logout_redirect_uri not registered');
    });

    it('signs with the new key after a rotation, and /keys verifies tokens of both keys', async () => {
      const before = await login('keys@example.com');
      const kid = await server.core.signingKeys.rotate();
      const after = await login('keys2@example.com');
      expect(decodeProtectedHeader(after.auth.accessToken).kid).toBe(kid);
      expect(decodeProtectedHeader(after.auth.idToken).kid).toBe(kid);
      const fresh = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      expect(await fresh.validateAccessToken(after.auth.accessToken)).toBe(true);
      expect(await fresh.validateAccessToken(before.auth.accessToken)).toBe(true);
      // A refresh of a token issued before the rotation is signed with the new key too.
      const r = await fresh.refreshAccessToken(before.auth.refreshToken);
      expect(decodeProtectedHeader(r.accessToken).kid).toBe(kid);
    });

    it('signs with a key another process rotated to from its first token a second later', async () => {
      const { auth } = await login('replica-keys@example.com');
      // Another replica (or the CLI) rotates: this process's SigningKeys learns it only from the database.
      const other = new SigningKeys(db(), server.core.vault, 60);
      await other.init();
      const kid = await other.rotate();
      expect(server.core.signingKeys.signingKey().kid).not.toBe(kid);
      // The active key is checked at most once a second (a retired key still verifies for the token lifetime + 60 s).
      await new Promise((r) => setTimeout(r, 1100));
      const r = await sdk.refreshAccessToken(auth.refreshToken);
      expect(decodeProtectedHeader(r.accessToken).kid).toBe(kid);
      expect(await new ScalekitClient(server.url, client.clientId, client.clientSecret).validateAccessToken(r.accessToken)).toBe(true);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`app sign-in: refresh token reuse detection (${dialect.name})`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtpFake>>;

    beforeAll(async () => {
      smtp = await startSmtpFake();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SMTP_URL: smtp.url, REFRESH_TOKEN_REUSE_GRACE_SECONDS: '0' } });
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
    });

    it('reusing a rotated refresh token revokes the whole family and ends the session', async () => {
      const envId = (await findEnvironmentByName(server.core.storage.db, 'development')).id;
      const client = await server.newClient();
      const sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      await addRedirectUri(server.core.storage.db, envId, client.clientId, 'redirect', REDIRECT);
      const verifier = randomBytes(32).toString('base64url');
      const url = sdk.getAuthorizationUrl(REDIRECT, { state: 's', codeChallenge: createHash('sha256').update(verifier).digest('base64url'), codeChallengeMethod: 'S256' });
      const landed = await new LoginBrowser().otpLogin(url, 'reuse@example.com', smtp.received, REDIRECT);
      const auth = await sdk.authenticateWithCode(landed.code!, REDIRECT, { codeVerifier: verifier });
      const r1 = await sdk.refreshAccessToken(auth.refreshToken);
      const r2 = await sdk.refreshAccessToken(r1.refreshToken);
      // The stolen first token comes back: the family (r2 included) is revoked.
      await expect(sdk.refreshAccessToken(auth.refreshToken)).rejects.toThrow(/400/);
      await expect(sdk.refreshAccessToken(r2.refreshToken)).rejects.toThrow(/400/);
      const sid = String(decodeJwt(auth.accessToken).sid);
      expect(await createSessions({ db: server.core.storage.db, defaults: sessionDefaultsFrom(server.core.config) }).checkSession(sid)).toMatchObject({ active: false, status: 'revoked' });
    });
  });
}
