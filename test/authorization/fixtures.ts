import crypto, { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { ScalekitClient } from '@scalekit-sdk/node';
import { freePort, startTestServer, type TestServer } from '../helpers/test-server.js';
import { allowHosts, environmentAccess, restCall } from '../helpers/agent-auth-env.js';
import { upstreamHost } from '../helpers/oauth-upstream-fixtures.js';
import { startOidcUpstream, type OidcUpstream } from '../fakes/oidc-upstream.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { readAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { hashToken } from '../../src/modules/authorization/flow-secrets.js';
import { BROWSER_MISSING, findBrowser } from '../setup/find-browser.js';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Chromium from CHROMIUM_PATH or PATH (test/setup installs Debian's when it can); headless by default. */
export function launchBrowser(): Promise<Browser> {
  const executablePath = findBrowser();
  if (!executablePath) throw new Error(BROWSER_MISSING);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** A fresh browser profile; the upstream's self-signed certificate is accepted. */
export const newContext = (browser: Browser): Promise<BrowserContext> => browser.newContext({ ignoreHTTPSErrors: true });

export const UPSTREAM_CLIENT_ID = 'latchkey-e2e-client';

/** A custom OAUTH provider pointing at the loopback oidc-provider. */
export function oauthProvider(up: OidcUpstream, extra: { display_name?: string; account_fields?: unknown[]; proxy_url?: string } = {}) {
  return {
    display_name: extra.display_name ?? 'Upstream Identity',
    description: 'A real OpenID provider on loopback HTTPS',
    auth_patterns: [
      {
        type: 'OAUTH',
        display_name: 'OAuth 2.0',
        description: 'Sign in with Upstream Identity',
        fields: [],
        ...(extra.account_fields ? { account_fields: extra.account_fields } : {}),
        oauth_config: {
          authorize_uri: up.authorizeUri,
          token_uri: up.tokenUri,
          user_info_uri: up.userinfoUri,
          available_scopes: [
            { scope: 'openid', display_name: 'Your identity', description: 'Know which account you signed in with', required: true },
            { scope: 'email', display_name: 'Email address', description: 'Read the email address of your account' },
            { scope: 'offline_access', display_name: 'Offline access', description: 'Keep access while you are away' },
          ],
          user_info_id_path: 'sub',
          authorize_params: { ui_locales: 'en' },
        },
      },
    ],
    proxy_url: extra.proxy_url ?? `${up.issuer}/api`,
    proxy_enabled: true,
  };
}

/** What the test app's verify route saw. */
export interface VerifyVisit {
  authRequestId: string | null;
  state: string | null;
  stateMatchesCookie: boolean;
  verified: boolean;
  error?: string;
}

/**
 * The app of the seed "Verify user identity": `/connect?user=…` runs the seed's getAuthorizationLink
 * snippet (state in an HttpOnly cookie) and redirects to the link; `/user/verify` checks the state
 * cookie and, when autoVerify is on, runs the seed's verifyConnectedAccountUser snippet for the
 * user "signed in" to the app, then redirects to postUserVerifyRedirectUrl.
 */
export interface TestApp {
  url: string;
  /** Who the app thinks is signed in (its session), used as the identifier at verify time. */
  signedInUser: string;
  autoVerify: boolean;
  connector: string;
  visits: VerifyVisit[];
  close(): Promise<void>;
}

export async function startTestApp(scalekit: ScalekitClient, connector: string): Promise<TestApp> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app: TestApp = { url: base, signedInUser: 'alice', autoVerify: true, connector, visits: [], close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };

  server.on('request', async (req, res) => {
    const u = new URL(req.url!, base);
    const cookie = /(?:^|;\s*)app_state=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    try {
      if (u.pathname === '/connect') {
        const userId = u.searchParams.get('user') ?? app.signedInUser;
        const connector = app.connector;
        // --- seed "Generate the authorization link" (Node.js), unchanged but for the verify URL ---
        // Generate a state value to prevent CSRF
        const state = crypto.randomUUID();
        // Store state in a secure, HTTP-only cookie to validate on callback

        const { link } = await scalekit.actions.getAuthorizationLink({
          identifier: userId,
          connectionName: connector,
          userVerifyUrl: `${base}/user/verify`,
          state,
        });
        // --- end of seed snippet ---
        res.writeHead(302, { location: link, 'set-cookie': `app_state=${state}; Path=/; HttpOnly; SameSite=Lax` }).end();
        return;
      }
      if (u.pathname === '/user/verify') {
        const auth_request_id = u.searchParams.get('auth_request_id');
        const state = u.searchParams.get('state');
        const visit: VerifyVisit = { authRequestId: auth_request_id, state, stateMatchesCookie: !!state && state === cookie, verified: false };
        app.visits.push(visit);
        if (!visit.stateMatchesCookie) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('state does not match');
          return;
        }
        if (!app.autoVerify) {
          res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>App</title><h1>Waiting to verify</h1>');
          return;
        }
        const userId = app.signedInUser;
        try {
          // --- seed "Handle the verification callback" (Node.js), unchanged ---
          // 1. Validate state from query param matches state in cookie
          // 2. Read user identity from your session, not from the URL

          const { postUserVerifyRedirectUrl } =
            await scalekit.actions.verifyConnectedAccountUser({
              authRequestId: auth_request_id!,
              identifier: userId, // must match what was stored at link creation
            });
          // On success: redirect to postUserVerifyRedirectUrl
          // --- end of seed snippet ---
          visit.verified = true;
          res.writeHead(302, { location: postUserVerifyRedirectUrl }).end();
        } catch (err) {
          visit.error = (err as Error).message;
          res.writeHead(403, { 'content-type': 'text/html' }).end(`<!doctype html><title>App</title><h1>Verification refused</h1><p id="error">${(err as Error).message.replace(/</g, '&lt;')}</p>`);
        }
        return;
      }
      res.writeHead(404).end();
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String((err as Error).message));
    }
  });
  return app;
}

export interface FlowEnv {
  server: TestServer;
  upstream: OidcUpstream;
  upstreamSecret: string;
  devToken: string;
  prodToken: string;
  dev: ScalekitClient;
  prod: ScalekitClient;
  devEnvId: string;
  prodEnvId: string;
  close(): Promise<void>;
}

/**
 * Latchkey (PUBLIC_URL known up front) + the upstream registered with Latchkey's callback URL. Both
 * environments may reach the upstream's loopback host (proxy_allowed_hosts), which the SSRF guard
 * of the token, userinfo and refresh calls would otherwise refuse.
 */
export async function startFlowEnv(databaseUrl: string | undefined): Promise<FlowEnv> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const upstreamSecret = `upstream-secret-${randomBytes(16).toString('hex')}`;
  const upstream = await startOidcUpstream({ clientId: UPSTREAM_CLIENT_ID, clientSecret: upstreamSecret, redirectUris: [`${publicUrl}/connect/oauth/callback`] });
  const server = await startTestServer({ databaseUrl, env: { PORT: String(port), PUBLIC_URL: publicUrl, UPSTREAM_CA_FILE: upstream.cert.certFile } });
  const dev = await environmentAccess(server, 'development');
  const prod = await environmentAccess(server, 'production');
  for (const { envId } of [dev, prod]) await allowHosts(server.core.storage.db, envId, [upstreamHost(upstream)]);
  return {
    server,
    upstream,
    upstreamSecret,
    devToken: dev.token,
    prodToken: prod.token,
    dev: dev.sdk,
    prod: prod.sdk,
    devEnvId: dev.envId,
    prodEnvId: prod.envId,
    async close() {
      await server.close();
      await upstream.close();
    },
  };
}

/** A REST call with the development token unless given; status and JSON only, so tests can compare it whole. */
export async function api(env: FlowEnv, path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const { status, json } = await restCall(env.server.url + path, { ...init, token: init.token ?? env.devToken });
  return { status, json };
}

/** Creates a custom provider through the REST API and a connection to it; returns the connection name. */
export async function createProviderAndConnection(
  env: FlowEnv,
  opts: { envName: 'development' | 'production'; definition: object; connectionName: string; oauth?: { scopes: string[]; authorizeParams?: Record<string, string> } },
): Promise<{ providerKey: string; connectionId: string }> {
  const token = opts.envName === 'development' ? env.devToken : env.prodToken;
  const created = await api(env, '/api/v1/custom-providers', { method: 'POST', body: opts.definition, token });
  if (created.status !== 201) throw new Error(`provider create failed: ${JSON.stringify(created.json)}`);
  const providerKey = created.json.provider.identifier as string;
  const envId = opts.envName === 'development' ? env.devEnvId : env.prodEnvId;
  const c = await createConnection(env.server.core.storage.db, env.server.core.vault, envId, {
    providerKey,
    connectionName: opts.connectionName,
    ...(opts.oauth ? { clientId: UPSTREAM_CLIENT_ID, clientSecret: env.upstreamSecret, scopes: opts.oauth.scopes, authorizeParams: opts.oauth.authorizeParams } : {}),
  });
  return { providerKey, connectionId: c.id };
}

export async function accountRow(env: FlowEnv, envId: string, connectionId: string, identifier: string) {
  return env.server.core.storage.db
    .selectFrom('connected_accounts')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('connection_id', '=', connectionId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
}

export async function credentialsOf(env: FlowEnv, row: { id: string; environment_id: string; credentials_ciphertext: string | null }) {
  return readAccountCredentials(env.server.core.vault, row);
}

/** The link row behind a link URL (looked up the way the server does: by hash). */
export async function linkRow(env: FlowEnv, link: string) {
  const token = link.split('/connect/l/')[1];
  return env.server.core.storage.db.selectFrom('authorization_links').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
}

/** Signs in on the upstream's dev login page (any login name works) and approves consent when asked. */
export async function upstreamLoginAndConsent(page: Page, login: string): Promise<void> {
  if (await page.locator('input[name="login"]').count()) {
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'any-password');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
  }
  if (await page.locator('button.login-submit', { hasText: 'Continue' }).count()) {
    await Promise.all([page.waitForLoadState('load'), page.click('button.login-submit')]);
  }
}

/** Collects every HTML document Latchkey served in this page (to prove no secret is ever in one). */
export function collectLatchkeyDocuments(page: Page, latchkeyUrl: string): string[] {
  const docs: string[] = [];
  page.on('response', async (r) => {
    if (!r.url().startsWith(latchkeyUrl) || r.request().resourceType() !== 'document' || r.status() === 303) return;
    try {
      docs.push(await r.text());
    } catch {
      /* a redirect or an aborted navigation has no body */
    }
  });
  return docs;
}
