import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { launchBrowser, newContext } from '../authorization/fixtures.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { addRedirectUri } from '../../src/modules/clients/redirect-uris.js';
import { setAllowedHosts } from '../../src/modules/egress/allowed-hosts.js';
import { createSocialProvider } from '../../src/modules/social-login/index.js';
import { findOrCreateUser } from '../../src/modules/users/users.js';
import { createOrganization, updateOrganizationSettings } from '../../src/modules/organizations/organizations.js';
import { createDomain } from '../../src/modules/domains/domains.js';
import { verifyDomainByAdmin } from '../../src/modules/domains/verify-domain.js';
import { createMailer } from '../../src/modules/email/mailer.js';
import { createUserAndMembership } from '../../src/modules/users/create-user-and-membership.js';
import { captureLogger } from '../helpers/test-utils.js';
import { alertIn, LoginBrowser, startSampleApp, type DriverResponse, type SampleApp } from './helpers/hosted-login-driver.js';
import { followRedirects, startSocialOidcUpstream, type SocialOidcUpstream } from './helpers/oidc-upstream.js';
import { startGitHubOAuthFake, type GitHubAccount, type GitHubOAuthFake } from '../fakes/providers/github-oauth.js';

/**
 * Social login through the real pieces: the sample app on the official SDK → the authorization
 * server → the hosted login page's buttons → /ui/login/social/<key>/start → a Google-like
 * oidc-provider or the GitHub fake → /ui/login/social/callback → account linking → the app's
 * callback (authenticateWithCode). In Chromium for the two happy paths; over plain HTTP (cookie
 * jar) for replay, login CSRF and the pre-account-takeover case. One dialect: the storage steps
 * run on both in social-linking.test.ts and social-flow.test.ts.
 */
const dialect = DIALECTS[0];

describe(`social login end to end (${dialect.name}, official SDK)`, () => {
  let server: TestServer;
  let app: SampleApp;
  let sdk: ScalekitClient;
  let envId: string;
  let google: SocialOidcUpstream;
  let github: GitHubOAuthFake;
  let browser: Browser;
  const db = () => server.core.storage.db;
  const callbackUrl = () => `${server.url}/ui/login/social/callback`;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: dialect.databaseUrl });
    envId = (await findEnvironmentByName(db(), 'development')).id;
    const client = await server.newClient();
    sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
    app = await startSampleApp(sdk);
    await addRedirectUri(db(), envId, client.clientId, 'redirect', app.redirectUri);
    google = await startSocialOidcUpstream({ clientId: 'google-client', clientSecret: 'google-secret-0123456789', redirectUri: callbackUrl(), emailInIdToken: true });
    github = await startGitHubOAuthFake({ clientId: 'gh-client', clientSecret: 'gh-secret-0123456789' });
    await createSocialProvider(db(), server.core.vault, envId, { key: 'google', client_id: 'google-client', client_secret: 'google-secret-0123456789', issuer: google.issuer });
    await createSocialProvider(db(), server.core.vault, envId, {
      key: 'github', client_id: 'gh-client', client_secret: 'gh-secret-0123456789',
      endpoints: { authorization_url: `${github.url}/login/oauth/authorize`, token_url: `${github.url}/login/oauth/access_token`, api_url: github.url },
    });
    await setAllowedHosts(db(), envId, ['127.0.0.1'], server.core.changes);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await Promise.all([google?.close(), github?.close()]);
    await server?.close();
  });

  const authorizationUrl = async () => (await fetch(`${app.url}/login`, { redirect: 'manual' })).headers.get('location')!;

  /** Over HTTP: the app's login → the page → the provider's button → the upstream → our callback URL (not opened yet). */
  async function toCallback(b: LoginBrowser, key: string): Promise<{ page: DriverResponse; callback: string }> {
    const page = await b.openLogin(await authorizationUrl());
    const href = new RegExp(`href="(/ui/login/social/${key}/start\\?interaction=[^"]+)"`).exec(page.html)?.[1];
    if (!href) throw new Error(`no ${key} button on the login page:\n${page.html.slice(0, 1500)}`);
    const started = await b.request(new URL(href.replace(/&amp;/g, '&'), server.url).toString());
    expect(started.status).toBe(303);
    // The upstream is another site: its cookies live in their own jar, as a browser keeps them.
    return { page, callback: await followRedirects(started.location!, callbackUrl()) };
  }

  it('signs in with Google in Chromium: the SDK gets the user and the social identity in the id_token', async () => {
    google.signInAs('g-ada', { email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' });
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${app.url}/login`);
    await page.waitForURL((u) => u.pathname === '/ui/login');
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(app.redirectUri)), page.click('a:has-text("Continue with Google")')]);
    expect(await page.textContent('#result')).toBe('signed in as ada@example.com');
    await ctx.close();
    const signIn = app.signIns.at(-1)!;
    expect(signIn.user).toMatchObject({ email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace' });
    expect(await sdk.validateAccessToken(signIn.accessToken)).toBe(true);
    const id = decodeJwt(signIn.idToken);
    expect(id.identities).toEqual([expect.objectContaining({ connection_type: 'SOCIAL', provider_name: 'google', social: true })]);
    expect((await sdk.refreshAccessToken(signIn.refreshToken)).refreshToken).not.toBe(signIn.refreshToken);
  });

  it('signs in with GitHub in Chromium, linking to the user a Google sign-in made (same verified email)', async () => {
    github.signInAs({ id: 583231, login: 'ada-gh', name: 'Ada L.', emails: [{ email: 'ADA@example.com', primary: true, verified: true, visibility: 'private' }] });
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${app.url}/login`);
    await page.waitForURL((u) => u.pathname === '/ui/login');
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(app.redirectUri)), page.click('a:has-text("Continue with GitHub")')]);
    expect(await page.textContent('#result')).toBe('signed in as ada@example.com');
    await ctx.close();
    const [viaGoogle, viaGithub] = app.signIns.slice(-2);
    expect(viaGithub.user.id).toBe(viaGoogle.user.id);
    expect(decodeJwt(viaGithub.idToken).identities).toEqual([expect.objectContaining({ provider_name: 'github', social: true })]);
    const links = await db().selectFrom('social_identities').select(['provider_key', 'subject']).where('user_id', '=', viaGoogle.user.id).orderBy('provider_key').execute();
    expect(links).toEqual([{ provider_key: 'github', subject: '583231' }, { provider_key: 'google', subject: 'g-ada' }]);
  });

  it('refuses a replayed callback and a callback opened in another browser', async () => {
    google.signInAs('g-bob', { email: 'bob@example.com', email_verified: true });
    const b = new LoginBrowser();
    const { callback } = await toCallback(b, 'google');
    const elsewhere = await new LoginBrowser().request(callback);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.html).toContain('This sign-in was started in another browser');
    const landed = await b.landAt(await b.request(callback), app.redirectUri);
    expect(landed.code).toBeTruthy();
    const replay = await b.request(callback);
    expect(replay.status).toBe(400);
    expect(alertIn(replay.html)).toMatch(/already used, has expired/);
    expect(replay.headers.get('content-security-policy')).toContain("default-src 'none'");
    // No secret of the flow reaches a log line: client secrets, the upstream's code, our state.
    const q = new URL(callback).searchParams;
    const logs = server.logs.join('\n');
    for (const secret of ['google-secret-0123456789', 'gh-secret-0123456789', q.get('code')!, q.get('state')!]) expect(logs).not.toContain(secret);
    expect(logs).toContain('"event":"social_login.signed_in"');
  });

  it('pre-account takeover: an unverified GitHub email neither enters the existing account nor creates one', async () => {
    const { row: victim } = await findOrCreateUser(db(), envId, { email: 'victim@example.com' });
    const attacker = (email: string): GitHubAccount => ({ id: 666, login: 'mallory', name: null, emails: [{ email, primary: true, verified: false, visibility: 'public' }] });
    for (const email of ['victim@example.com', 'not-yet@example.com']) {
      github.signInAs(attacker(email));
      const b = new LoginBrowser();
      const { page, callback } = await toCallback(b, 'github');
      const refused = await b.request(callback);
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('Your email address is not verified');
      expect(refused.html).toContain(`href="/ui/login?interaction=${new URL(page.url).searchParams.get('interaction')}"`);
    }
    expect(await db().selectFrom('social_identities').select('id').where('subject', '=', '666').execute()).toEqual([]);
    expect(await db().selectFrom('users').select('id').where('email', '=', 'not-yet@example.com').execute()).toEqual([]);
    expect((await db().selectFrom('users').selectAll().where('id', '=', victim.id).executeTakeFirstOrThrow()).last_login_at).toBeNull();
  });

  it('finds a returning identity by subject after its email changed at the provider', async () => {
    const before = app.signIns.find((s) => s.user.email === 'ada@example.com')!;
    google.signInAs('g-ada', { email: 'ada.new@example.com', email_verified: true });
    const b = new LoginBrowser();
    const { callback } = await toCallback(b, 'google');
    const landed = await b.landAt(await b.request(callback), app.redirectUri);
    expect(landed.code).toBeTruthy();
    await b.request(landed.last.location!);
    expect(app.signIns.at(-1)!.user).toMatchObject({ id: before.user.id, email: 'ada@example.com' });
  });

  it('runs home realm discovery after social login: an SSO organization\'s email goes to SSO, nothing is created', async () => {
    const org = await createOrganization(db(), envId, { displayName: 'Samecorp' });
    await updateOrganizationSettings(db(), envId, org.id, [{ name: 'sso', enabled: true }]);
    const d = await createDomain(db(), envId, { id: org.id }, { domain: 'samecorp.example', domainType: 'ORGANIZATION_DOMAIN' });
    await verifyDomainByAdmin(db(), envId, d.id);
    google.signInAs('g-sam', { email: 'sam@samecorp.example', email_verified: true });
    const b = new LoginBrowser();
    const { callback } = await toCallback(b, 'google');
    const sso = await b.request(callback);
    expect(sso.status).toBe(200);
    expect(sso.html).toContain('Single sign-on is not set up yet');
    expect(sso.html).toContain('Samecorp');
    expect(await db().selectFrom('users').select('id').where('email', '=', 'sam@samecorp.example').execute()).toEqual([]);
  });

  it('sends a member of several organizations to the pick page, and the tokens carry the org and the social identity', async () => {
    const a = await createOrganization(db(), envId, { displayName: 'Alpha Org' });
    const b2 = await createOrganization(db(), envId, { displayName: 'Beta Org' });
    const dir = { db: db(), mailer: createMailer({ smtpUrl: undefined, from: 'x@example.test', db: db(), vault: server.core.vault, log: captureLogger([]) }), publicUrl: server.url, log: captureLogger([]) };
    for (const org of [a, b2]) await createUserAndMembership(dir, envId, { organizationId: org.id, user: { email: 'two.orgs@example.com' }, membership: {}, sendInvitation: false });
    github.signInAs({ id: 4242, login: 'two-orgs', name: null, emails: [{ email: 'two.orgs@example.com', primary: true, verified: true, visibility: null }] });
    const b = new LoginBrowser();
    const { page, callback } = await toCallback(b, 'github');
    const toPick = await b.request(callback);
    expect(toPick.status).toBe(303);
    expect(toPick.location).toBe(page.url);
    const pick = await b.request(toPick.location!);
    expect(pick.html).toContain('Choose an organization');
    const done = await b.landAt(await b.submit(pick, 'organization', { organization_id: b2.id }), app.redirectUri);
    expect(done.code).toBeTruthy();
    await b.request(done.last.location!);
    const signIn = app.signIns.at(-1)!;
    expect((await sdk.validateToken<Record<string, unknown>>(signIn.accessToken)).oid).toBe(b2.id);
    expect(decodeJwt(signIn.idToken).identities).toEqual([expect.objectContaining({ connection_type: 'SOCIAL', provider_name: 'github', social: true })]);
  });

  it('answers an unknown or disabled provider and an expired interaction with a page', async () => {
    const b = new LoginBrowser();
    const page = await b.openLogin(await authorizationUrl());
    const uid = new URL(page.url).searchParams.get('interaction')!;
    const unknown = await b.request(`${server.url}/ui/login/social/microsoft/start?interaction=${uid}`);
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('This sign-in option is not available');
    const expired = await new LoginBrowser().request(`${server.url}/ui/login/social/google/start?interaction=${uid}`);
    expect(expired.status).toBe(410);
    expect((await new LoginBrowser().request(`${server.url}/ui/login/social/callback?state=x&code=y`)).status).toBe(400);
  });
});
