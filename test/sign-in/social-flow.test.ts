import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { setAllowedHosts } from '../../src/modules/egress/allowed-hosts.js';
import { createOutboundFetch } from '../../src/modules/egress/outbound-fetch.js';
import { completeSocialLogin, createSocialProvider, socialCallbackUrl, startSocialLogin, type SocialLoginDeps } from '../../src/modules/social-login/index.js';
import { linkExternalIdentity } from '../../src/modules/sign-in/account-linking.js';
import type { SignInInteraction } from '../../src/modules/sign-in/sign-in-outcome.js';
import { followRedirects, startSocialOidcUpstream, type SocialOidcUpstream } from './helpers/oidc-upstream.js';
import { startGitHubOAuthFake, type GitHubOAuthFake } from '../fakes/providers/github-oauth.js';

/**
 * The social sign-in flow below the pages: start (state, PKCE, nonce) → a real OpenID provider
 * (oidc-provider) or the GitHub fake → callback (code exchange, id_token checks, GitHub's email
 * API) → the identity, against real storage and the egress guard. The routes around it are
 * covered once the authorization server's interactions exist (social-login-e2e.test.ts).
 */
for (const dialect of DIALECTS) {
  describe(`social sign-in flow (${dialect.name})`, () => {
    let server: TestServer;
    let envId: string;
    let deps: SocialLoginDeps;
    let google: SocialOidcUpstream;
    let strict: SocialOidcUpstream;
    let github: GitHubOAuthFake;
    const interaction = (uid: string, params: SignInInteraction['params'] = {}): SignInInteraction => ({ uid, environmentId: envId, clientId: 'skc_app', params });
    const callbackUrl = () => socialCallbackUrl(server.url);
    const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

    /** A browser's round trip: start → the upstream's pages → our callback URL (not yet called). */
    async function roundTrip(key: string, uid = 'uid-1', browser?: string) {
      const started = await startSocialLogin(deps, { interaction: interaction(uid, { loginHint: 'ada@example.com' }), providerKey: key, browser });
      const back = await followRedirects(started.location, callbackUrl());
      return { ...started, back, query: queryOf(back) };
    }

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      const db = server.core.storage.db;
      envId = (await findEnvironmentByName(db, 'development')).id;
      deps = { db, vault: server.core.vault, publicUrl: server.url, outbound: createOutboundFetch() };
      google = await startSocialOidcUpstream({ clientId: 'google-client', clientSecret: 'google-secret-0123456789', redirectUri: callbackUrl(), emailInIdToken: true });
      strict = await startSocialOidcUpstream({ clientId: 'oidc-client', clientSecret: 'oidc-secret-0123456789', redirectUri: callbackUrl() });
      github = await startGitHubOAuthFake({ clientId: 'gh-client', clientSecret: 'gh-secret-0123456789' });
      await createSocialProvider(db, deps.vault, envId, { key: 'google', client_id: 'google-client', client_secret: 'google-secret-0123456789', issuer: google.issuer });
      await createSocialProvider(db, deps.vault, envId, { key: 'acme-idp', display_name: 'Acme ID', client_id: 'oidc-client', client_secret: 'oidc-secret-0123456789', issuer: strict.issuer });
      await createSocialProvider(db, deps.vault, envId, {
        key: 'github', client_id: 'gh-client', client_secret: 'gh-secret-0123456789',
        endpoints: { authorization_url: `${github.url}/login/oauth/authorize`, token_url: `${github.url}/login/oauth/access_token`, api_url: github.url },
      });
      await setAllowedHosts(db, envId, ['127.0.0.1'], server.core.changes);
    });
    afterAll(async () => {
      await deps?.outbound.close();
      await Promise.all([google?.close(), strict?.close(), github?.close()]);
      await server?.close();
    });

    it('signs in with a Google-like OIDC provider: PKCE S256, nonce, id_token checked, email from the id_token', async () => {
      google.signInAs('google-sub-1', { email: 'Ada@Example.com', email_verified: true, name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' });
      const { query, browser } = await roundTrip('google');
      const sent = google.authorizations.at(-1)!;
      expect(sent.get('code_challenge_method')).toBe('S256');
      expect(sent.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(sent.get('login_hint')).toBe('ada@example.com');
      expect(sent.get('redirect_uri')).toBe(callbackUrl());
      const done = await completeSocialLogin(deps, query, browser);
      expect(done).toMatchObject({ environmentId: envId, interactionUid: 'uid-1', identity: { providerKey: 'google', subject: 'google-sub-1', email: 'Ada@Example.com', emailVerified: true, givenName: 'Ada' } });
      expect(done.provider.provider_key).toBe('google');
    });

    it('reads the email from userinfo when a strict OIDC provider keeps it out of the id_token', async () => {
      strict.signInAs('acme-7', { email: 'grace@acme.test', email_verified: false });
      const { query, browser } = await roundTrip('acme-idp', 'uid-2');
      const done = await completeSocialLogin(deps, query, browser);
      expect(done.identity).toMatchObject({ providerKey: 'acme-idp', subject: 'acme-7', email: 'grace@acme.test', emailVerified: false });
    });

    it('signs in with the GitHub fake: numeric id as subject, only the primary verified address counts', async () => {
      github.signInAs({ id: 583231, login: 'octocat', name: 'The Octocat', emails: [
        { email: 'octocat@public.test', primary: false, verified: true, visibility: 'public' },
        { email: 'octo@example.com', primary: true, verified: true, visibility: 'private' },
      ] });
      const { query, browser } = await roundTrip('github', 'uid-3');
      const done = await completeSocialLogin(deps, query, browser);
      expect(done.identity).toEqual({ providerKey: 'github', subject: '583231', email: 'octo@example.com', emailVerified: true, name: 'The Octocat', picture: 'https://avatars.githubusercontent.com/u/583231?v=4' });
      const form = github.tokenRequests.at(-1)!;
      expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(form.get('redirect_uri')).toBe(callbackUrl());

      github.signInAs({ id: 9, login: 'mallory', name: null, emails: [{ email: 'victim@example.com', primary: true, verified: false, visibility: 'public' }] });
      const second = await roundTrip('github', 'uid-4');
      const unverified = await completeSocialLogin(deps, second.query, second.browser);
      expect(unverified.identity).toMatchObject({ subject: '9', email: 'victim@example.com', emailVerified: false });
      await expect(linkExternalIdentity(deps.db, envId, unverified.identity)).rejects.toMatchObject({ reason: 'SOCIAL_EMAIL_NOT_VERIFIED' });
    });

    it('refuses an id_token signed by a key that is not the issuer\'s, and one without this sign-in\'s nonce', async () => {
      await createSocialProvider(deps.db, deps.vault, envId, { key: 'wrong-keys', display_name: 'Google', client_id: 'google-client', client_secret: 'google-secret-0123456789', issuer: google.issuer, endpoints: { jwks_url: `${strict.issuer}/jwks` } });
      google.signInAs('google-sub-9', { email: 'keys@example.com', email_verified: true });
      const forged = await roundTrip('wrong-keys', 'uid-20');
      await expect(completeSocialLogin(deps, forged.query, forged.browser)).rejects.toMatchObject({ error: 'invalid_grant', title: 'Google sent a sign-in Latchkey cannot trust' });

      const other = await roundTrip('google', 'uid-21');
      const row = await deps.db.selectFrom('social_login_states').selectAll().where('interaction_uid', '=', 'uid-21').executeTakeFirstOrThrow();
      const aad = `${envId}:social_login_states:${row.id}:secrets`;
      const secrets = JSON.parse(await deps.vault.decrypt(row.secrets_ciphertext, aad));
      await deps.db.updateTable('social_login_states').set({ secrets_ciphertext: deps.vault.encrypt(JSON.stringify({ ...secrets, nonce: 'n'.repeat(43) }), aad) }).where('id', '=', row.id).execute();
      await expect(completeSocialLogin(deps, other.query, other.browser)).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('refuses a replayed callback: the state is single use', async () => {
      google.signInAs('google-sub-2', { email: 'replay@example.com', email_verified: true });
      const { query, browser } = await roundTrip('google', 'uid-5');
      await completeSocialLogin(deps, query, browser);
      await expect(completeSocialLogin(deps, query, browser)).rejects.toMatchObject({ error: 'invalid_request', title: 'This sign-in cannot be completed' });
    });

    it('refuses a callback in another browser (login CSRF), and the right browser can still finish', async () => {
      google.signInAs('google-sub-3', { email: 'csrf@example.com', email_verified: true });
      const { query, browser } = await roundTrip('google', 'uid-6');
      await expect(completeSocialLogin(deps, query, undefined)).rejects.toMatchObject({ title: 'This sign-in was started in another browser' });
      await expect(completeSocialLogin(deps, query, 'A'.repeat(43))).rejects.toMatchObject({ title: 'This sign-in was started in another browser' });
      expect((await completeSocialLogin(deps, query, browser)).identity.subject).toBe('google-sub-3');
    });

    it('refuses unknown, forged and racing states', async () => {
      await expect(completeSocialLogin(deps, { state: 'not-a-state', code: 'x' }, undefined)).rejects.toMatchObject({ title: 'This sign-in cannot be completed' });
      await expect(completeSocialLogin(deps, { state: 'B'.repeat(43), code: 'x' }, 'A'.repeat(43))).rejects.toMatchObject({ title: 'This sign-in cannot be completed' });
      google.signInAs('google-sub-4', { email: 'race@example.com', email_verified: true });
      const { query, browser } = await roundTrip('google', 'uid-7');
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => completeSocialLogin(deps, query, browser)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('binds every state of one browser to it: a second sign-in reuses the cookie value', async () => {
      google.signInAs('google-sub-5', { email: 'two@example.com', email_verified: true });
      const first = await roundTrip('google', 'uid-8');
      const second = await roundTrip('google', 'uid-9', first.browser);
      expect(second.browser).toBe(first.browser);
      expect((await completeSocialLogin(deps, second.query, first.browser)).interactionUid).toBe('uid-9');
    });

    it('passes a provider error through as a page error and claims the state', async () => {
      const started = await startSocialLogin(deps, { interaction: interaction('uid-10'), providerKey: 'google', browser: undefined });
      const state = new URL(started.location).searchParams.get('state')!;
      await expect(completeSocialLogin(deps, { state, error: 'access_denied' }, started.browser)).rejects.toMatchObject({ error: 'access_denied' });
      await expect(completeSocialLogin(deps, { state, code: 'late' }, started.browser)).rejects.toMatchObject({ title: 'This sign-in cannot be completed' });
    });

    it('refuses a disabled or unknown provider, and an upstream the environment does not allow', async () => {
      await expect(startSocialLogin(deps, { interaction: interaction('uid-11'), providerKey: 'microsoft', browser: undefined })).rejects.toMatchObject({ title: 'This sign-in option is not available', status: 404 });
      await setAllowedHosts(deps.db, envId, [], server.core.changes);
      try {
        await expect(startSocialLogin(deps, { interaction: interaction('uid-12'), providerKey: 'google', browser: undefined })).rejects.toMatchObject({
          title: 'Could not reach Google', detail: expect.stringMatching(/127\.0\.0\.1.*loopback/),
        });
      } finally {
        await setAllowedHosts(deps.db, envId, ['127.0.0.1'], server.core.changes);
      }
    });
  });
}
