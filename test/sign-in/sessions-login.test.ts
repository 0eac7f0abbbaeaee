import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { decodeJwt } from 'jose';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { startSmtpFake } from '../users/smtp-fake.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { addRedirectUri } from '../../src/modules/clients/redirect-uris.js';
import { LoginBrowser } from './helpers/hosted-login-driver.js';
import { createSessions, sessionDefaultsFrom } from '../../src/modules/sessions/index.js';
import { hashEntryId } from '../../src/modules/mcp-oauth/provider/kysely-adapter.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const POST_LOGOUT = 'http://127.0.0.1:9/logged-out';
const MIN = 60_000;

/**
 * Sessions made by real sign-ins: the SDK's authorization URL → the hosted page (email OTP from a
 * real SMTP server) → authenticateWithCode; then SessionService through the SDK sees, and controls, them.
 */
for (const dialect of DIALECTS) {
  describe(`sessions of real sign-ins (${dialect.name})`, () => {
    let server: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtpFake>>;
    let sdk: ScalekitClient;
    let client: { clientId: string; clientSecret: string };

    beforeAll(async () => {
      smtp = await startSmtpFake();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SMTP_URL: smtp.url } });
      const envId = (await findEnvironmentByName(server.core.storage.db, 'development')).id;
      client = await server.newClient();
      sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      await addRedirectUri(server.core.storage.db, envId, client.clientId, 'redirect', REDIRECT);
      await addRedirectUri(server.core.storage.db, envId, client.clientId, 'post_logout', POST_LOGOUT);
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
    });

    const login = async (email: string, opts: { organizationId?: string } = {}) => {
      const verifier = randomBytes(32).toString('base64url');
      const url = sdk.getAuthorizationUrl(REDIRECT, { state: 'st', nonce: 'n', codeChallenge: createHash('sha256').update(verifier).digest('base64url'), codeChallengeMethod: 'S256', ...opts });
      const browser = new LoginBrowser();
      const landed = await browser.otpLogin(url, email, smtp.received, REDIRECT);
      expect(landed.error, landed.last.html.slice(0, 500)).toBeUndefined();
      const auth = await sdk.authenticateWithCode(landed.code!, REDIRECT, { codeVerifier: verifier });
      return { auth, browser, sid: String(decodeJwt(auth.accessToken).sid) };
    };

    it('a sign-in starts a session the SDK reads; each refresh counts as activity', async () => {
      const { auth, sid } = await login('reader@example.com');
      expect(sid).toMatch(/^ses_/);
      expect(decodeJwt(auth.idToken).sid).toBe(sid);
      const s = await sdk.session.getSession(sid);
      expect(s).toMatchObject({ sessionId: sid, userId: auth.user.id, status: 'active', authenticatedClients: [{ clientId: client.clientId }] });
      expect(s.device?.ip).toMatch(/127\.0\.0\.1$/);
      // The application defaults: 7 days, no idle timeout.
      expect(timestampDate(s.absoluteExpiresAt!).getTime() - timestampDate(s.createdAt!).getTime()).toBe(7 * 24 * 60 * MIN);
      const listed = await sdk.session.getUserSessions(auth.user.id, { filter: { status: ['active'] } });
      expect(listed.sessions.map((x) => x.sessionId)).toEqual([sid]);

      // Activity is recorded at most once a second.
      await new Promise((r) => setTimeout(r, 1100));
      const refreshed = await sdk.refreshAccessToken(auth.refreshToken);
      expect(decodeJwt(refreshed.accessToken).sid).toBe(sid);
      const after = await sdk.session.getSession(sid);
      expect(timestampDate(after.lastActiveAt!).getTime()).toBeGreaterThan(timestampDate(s.lastActiveAt!).getTime());
    });

    it("takes the deadlines from the organization's session policy", async () => {
      const org = (await sdk.organization.createOrganization('Strict Sign-in Org')).organization!.id;
      await sdk.organization.updateOrganizationSessionPolicy(org, {
        policySource: 'CUSTOM',
        absoluteSessionTimeout: 2,
        absoluteSessionTimeoutUnit: 'HOURS',
        idleSessionTimeoutEnabled: true,
        idleSessionTimeout: 30,
        idleSessionTimeoutUnit: 'MINUTES',
      });
      await sdk.user.createUserAndMembership(org, { email: 'strict@example.com', sendInvitationEmail: false });
      const { auth, sid } = await login('strict@example.com', { organizationId: org });
      const s = await sdk.session.getSession(sid);
      expect(s.organizationId).toBe(org);
      const created = timestampDate(s.createdAt!).getTime();
      // The refresh in authenticateWithCode's wake may have moved the idle window a little; never past +30 min of the last use.
      expect(timestampDate(s.absoluteExpiresAt!).getTime() - created).toBe(120 * MIN);
      expect(timestampDate(s.idleExpiresAt!).getTime() - timestampDate(s.lastActiveAt!).getTime()).toBe(30 * MIN);

      // 31 minutes later, unused: the module (the authorization server's own check, on a clock moved ahead)
      // finds it idle and stores it expired; from then on the app's refresh fails.
      const later = createSessions({ db: server.core.storage.db, defaults: sessionDefaultsFrom(server.core.config), now: () => timestampDate(s.lastActiveAt!).getTime() + 31 * MIN });
      expect(await later.checkSession(sid)).toEqual({ active: false, status: 'expired' });
      await expect(sdk.refreshAccessToken(auth.refreshToken)).rejects.toThrow();
      expect((await sdk.session.getSession(sid)).status).toBe('expired');
    });

    it('a session policy longer than 30 days keeps the grant and its refresh tokens for as long', async () => {
      const org = (await sdk.organization.createOrganization('Long Sign-in Org')).organization!.id;
      await sdk.organization.updateOrganizationSessionPolicy(org, { policySource: 'CUSTOM', absoluteSessionTimeout: 90, absoluteSessionTimeoutUnit: 'DAYS', idleSessionTimeoutEnabled: false });
      await sdk.user.createUserAndMembership(org, { email: 'long@example.com', sendInvitationEmail: false });
      const { auth, sid } = await login('long@example.com', { organizationId: org });
      const deadline = timestampDate((await sdk.session.getSession(sid)).absoluteExpiresAt!).getTime();
      expect(deadline - Date.now()).toBeGreaterThan(89 * 24 * 60 * MIN);
      const db = server.core.storage.db;
      const grant_id = String((await db.selectFrom('app_signin_grants').select('grant_id').where('session_id', '=', sid).executeTakeFirstOrThrow()).grant_id);
      const expiries = async (model: string) => (await db.selectFrom('app_signin_entries').select('expires_at').where('model', '=', model).where((eb) => (model === 'Grant' ? eb('id_hash', '=', hashEntryId(grant_id)) : eb('grant_id', '=', grant_id))).execute()).map((r) => Date.parse(r.expires_at ?? ''));
      const nearDeadline = (t: number) => Math.abs(t - deadline) < 10_000;
      expect((await expiries('Grant')).every(nearDeadline)).toBe(true);
      expect(await expiries('Grant')).toHaveLength(1);
      // The refresh token from the code exchange, and the one each rotation issues, end with the session too.
      const refreshed = await sdk.refreshAccessToken(auth.refreshToken);
      expect(refreshed.refreshToken).not.toBe(auth.refreshToken);
      const tokens = await expiries('RefreshToken');
      expect(tokens).toHaveLength(2);
      expect(tokens.every(nearDeadline)).toBe(true);
    });

    it('RevokeSession makes that sign-in\'s refresh token fail and leaves the user\'s other sign-in working', async () => {
      const first = await login('two-devices@example.com');
      const second = await login('two-devices@example.com');
      expect(first.sid).not.toBe(second.sid);
      expect((await sdk.session.revokeSession(first.sid)).revokedSession?.status).toBe('revoked');
      await expect(sdk.refreshAccessToken(first.auth.refreshToken)).rejects.toThrow();
      expect((await sdk.refreshAccessToken(second.auth.refreshToken)).accessToken).toBeTruthy();
      expect((await sdk.session.getSession(first.sid)).status).toBe('revoked');
    });

    it('RevokeAllUserSessions signs the user out everywhere', async () => {
      const a = await login('everywhere@example.com');
      const b = await login('everywhere@example.com');
      const res = await sdk.session.revokeAllUserSessions(a.auth.user.id);
      expect(res.totalRevoked).toBe(2);
      expect(res.revokedSessions.map((s) => s.sessionId).sort()).toEqual([a.sid, b.sid].sort());
      await expect(sdk.refreshAccessToken(a.auth.refreshToken)).rejects.toThrow();
      await expect(sdk.refreshAccessToken(b.auth.refreshToken)).rejects.toThrow();
      // Signing in again starts a fresh session.
      const c = await login('everywhere@example.com');
      expect((await sdk.session.getUserSessions(c.auth.user.id, { filter: { status: ['active'] } })).sessions.map((s) => s.sessionId)).toEqual([c.sid]);
    });

    it('logging out of the app marks the session logout, with logout_at', async () => {
      const { auth, browser, sid } = await login('leaver@example.com');
      const page = await browser.request(sdk.getLogoutUrl({ idTokenHint: auth.idToken, postLogoutRedirectUri: POST_LOGOUT, state: 'bye' }));
      const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.html)![1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)![1];
      expect((await browser.request(action, { form: { xsrf, logout: 'yes' } })).location).toBe(`${POST_LOGOUT}?state=bye`);
      const s = await sdk.session.getSession(sid);
      expect(s.status).toBe('logout');
      expect(s.logoutAt).toBeDefined();
      expect(s.expiredAt).toBeUndefined();
      await expect(sdk.session.revokeSession(sid)).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'SESSION_NOT_ACTIVE' });
    });

    it('logging out without an id_token_hint ends the session at the confirmation, before it answers', async () => {
      const { auth, browser, sid } = await login('hintless@example.com');
      const page = await browser.request(sdk.getLogoutUrl());
      expect((await sdk.session.getSession(sid)).status).toBe('active');
      const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.html)![1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)![1];
      expect((await browser.request(action, { form: { xsrf, logout: 'yes' } })).status).toBe(303);
      // Read at once: the grant's revocation ended its session before the provider answered.
      expect((await sdk.session.getSession(sid)).status).toBe('logout');
      await expect(sdk.refreshAccessToken(auth.refreshToken)).rejects.toThrow();
    });
  });
}
