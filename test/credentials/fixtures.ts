import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { ConnectedAccountRow, Tables } from '../../src/storage/schema.js';
import { newId } from '../../src/storage/ids.js';
import type { Vault } from '../../src/modules/vault/vault.js';
import { sealAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import { createOutboundFetch, type OutboundFetch } from '../../src/modules/egress/outbound-fetch.js';
import { AllowList } from '../../src/modules/egress/ssrf-guard.js';
import { updateEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';
import { startOidcUpstream, type OidcUpstream } from '../fakes/oidc-upstream.js';

export const CLIENT_ID = 'latchkey-refresh-tests';
export const CLIENT_SECRET = 'refresh-tests-client-secret-7f3a9c';

/** The real OpenID provider, rotating refresh tokens, access tokens valid one hour. */
export function startRefreshUpstream(): Promise<OidcUpstream> {
  return startOidcUpstream({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: ['https://127.0.0.1/unused-callback'],
    accessTokenTtl: 3600,
    rotateRefreshToken: true,
  });
}

/** The upstream's host (loopback), which environments must allow for Latchkey to reach it (proxy_allowed_hosts). */
export const upstreamHost = (upstream: OidcUpstream): string => new URL(upstream.issuer).hostname;

/** A fetch straight to the upstream, for the tests' own calls (its CA trusted, its loopback host allowed). */
export const upstreamFetch = (upstream: OidcUpstream): OutboundFetch =>
  createOutboundFetch({ upstreamCaFile: upstream.cert.certFile }).forAllowList(new AllowList([upstreamHost(upstream)]));

/**
 * A custom provider whose token endpoint is `tokenUri`, and an OAUTH connection to it with the test
 * client. The environment is allowed to reach the loopback upstream unless `allowUpstream` is false.
 */
export async function oauthConnection(db: Kysely<Tables>, vault: Vault, envId: string, name: string, upstream: OidcUpstream, tokenUri = upstream.tokenUri, allowUpstream = true) {
  if (allowUpstream) await updateEnvironmentSettings(db, envId, { proxy_allowed_hosts: [upstreamHost(upstream)] });
  const provider = await createCustomProvider(db, envId, {
    key: name,
    display_name: `Refresh ${name}`,
    auth_patterns: [
      {
        type: 'OAUTH',
        display_name: 'OAuth',
        oauth_config: {
          authorize_uri: upstream.authorizeUri,
          token_uri: tokenUri,
          user_info_uri: upstream.userinfoUri,
          available_scopes: [{ scope: 'openid', required: true }, { scope: 'offline_access', required: true }, { scope: 'email' }],
          refresh_token_rotates: true,
        },
      },
    ],
    proxy_url: upstream.issuer,
    proxy_enabled: true,
  });
  const connection = await createConnection(db, vault, envId, { providerKey: provider.identifier, connectionName: name, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  return connection.id;
}

/**
 * One refresh grant straight to the upstream, then its log entry dropped: a fresh oidc-provider
 * takes ~1 s over its first grant, and cross-process tests should hold the account lock for warm
 * requests only, far from LOCK_WAIT_MS even on a loaded machine.
 */
export async function warmUp(upstream: OidcUpstream): Promise<void> {
  const { refresh_token } = await upstream.issueTokensFor('warm-up');
  const res = await upstreamFetch(upstream)(upstream.tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }).toString(),
  });
  if (res.status !== 200) throw new Error(`warm-up refresh answered ${res.status}`);
  await res.arrayBuffer();
  upstream.refreshes.length = 0;
}

let accountCounter = 0;

/** A connected account row holding `tokens`, as the authorization flow would have stored them. */
export async function insertAccount(
  db: Kysely<Tables>,
  vault: Vault,
  opts: {
    envId: string;
    connectionId: string;
    tokens?: { access_token: string; refresh_token?: string };
    expiresAt: Date | null;
    status?: string;
  },
): Promise<ConnectedAccountRow> {
  const id = newId('ca');
  const now = new Date().toISOString();
  const row: ConnectedAccountRow = {
    id,
    environment_id: opts.envId,
    connection_id: opts.connectionId,
    identifier: `user-${process.pid}-${++accountCounter}@example.test`,
    organization_id: null,
    user_id: null,
    status: opts.status ?? 'ACTIVE',
    auth_type: 'OAUTH',
    credentials_ciphertext: opts.tokens ? sealAccountCredentials(vault, opts.envId, id, { kind: 'oauth', token_type: 'Bearer', ...opts.tokens }) : null,
    credentials_version: opts.tokens ? 1 : 0,
    token_expires_at: opts.expiresAt ? opts.expiresAt.toISOString() : null,
    scopes: JSON.stringify(['openid', 'offline_access', 'email']),
    account_fields: JSON.stringify({ team: 'blue' }),
    api_config: '{}',
    authorized_user_id: 'upstream-user',
    authorized_user_email: null,
    last_used_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('connected_accounts').values(row).execute();
  return row;
}

export const accountRow = (db: Kysely<Tables>, id: string) => db.selectFrom('connected_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A debug logger whose lines land in `lines` (as the test server's do). */
export function captureLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return createLogger('debug', sink as never);
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<{ code?: string; reason?: string; message: string }> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!outcome) throw new Error('expected a rejection, got a value');
  return outcome as { code?: string; reason?: string; message: string };
}
