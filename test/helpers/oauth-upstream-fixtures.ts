import type { Kysely } from 'kysely';
import type { Tables } from '../../src/storage/schema.js';
import type { Vault } from '../../src/modules/vault/vault.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createOutboundFetch, type OutboundFetch } from '../../src/modules/egress/outbound-fetch.js';
import { AllowList } from '../../src/modules/egress/ssrf-guard.js';
import { startOidcUpstream, type OidcUpstream } from '../fakes/oidc-upstream.js';
import { customProvider } from './agent-auth-fixtures.js';

/**
 * The OAuth client Latchkey's connections use at the fake upstream when tests take tokens from it
 * directly (issueTokensFor) instead of through a browser flow, so its redirect URI is never used.
 */
export const REFRESH_CLIENT = { clientId: 'latchkey-refresh-tests', clientSecret: 'refresh-tests-client-secret-7f3a9c' };

/** The real OpenID provider, rotating refresh tokens, access tokens valid one hour. */
export function startRefreshUpstream(): Promise<OidcUpstream> {
  return startOidcUpstream({
    ...REFRESH_CLIENT,
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
 * A custom OAUTH provider on the upstream (rotating refresh tokens) and a connection to it with
 * REFRESH_CLIENT; returns the connection's id. `tokenUri` replaces the upstream's (an unreachable
 * one, say); `proxyUrl` is the upstream itself unless given.
 */
export async function upstreamOAuthConnection(
  db: Kysely<Tables>,
  vault: Vault,
  envId: string,
  upstream: OidcUpstream,
  opts: { key: string; connectionName?: string; tokenUri?: string; proxyUrl?: string },
): Promise<string> {
  await customProvider(
    db,
    envId,
    opts.key,
    {
      type: 'OAUTH',
      oauth_config: {
        authorize_uri: upstream.authorizeUri,
        token_uri: opts.tokenUri ?? upstream.tokenUri,
        user_info_uri: upstream.userinfoUri,
        available_scopes: [{ scope: 'openid', required: true }, { scope: 'offline_access', required: true }, { scope: 'email' }],
        refresh_token_rotates: true,
      },
    },
    opts.proxyUrl ?? upstream.issuer,
  );
  const connection = await createConnection(db, vault, envId, { providerKey: opts.key, connectionName: opts.connectionName ?? opts.key, ...REFRESH_CLIENT });
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
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token, client_id: REFRESH_CLIENT.clientId, client_secret: REFRESH_CLIENT.clientSecret }).toString(),
  });
  if (res.status !== 200) throw new Error(`warm-up refresh answered ${res.status}`);
  await res.arrayBuffer();
  upstream.refreshes.length = 0;
}
