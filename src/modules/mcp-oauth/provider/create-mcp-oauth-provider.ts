import type { Kysely } from 'kysely';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Tables } from '../../../storage/schema.js';
import type { Vault } from '../../vault/vault.js';
import type { OutboundFetcher } from '../../egress/outbound-fetch.js';
import { interactionUrl, mcpOAuthIssuer } from '../mcp-oauth-paths.js';
import { defaultToMcpScope } from './default-scope.js';
import { parseSubjectId } from '../subject.js';
import { loadCookieKeys } from './cookie-keys.js';
import { KyselyAdapter } from './kysely-adapter.js';
import { ExpiredEntriesSweep } from './expired-entries-sweep.js';
import { ProviderEgress } from './request-egress.js';
import { resourceServerInfo } from './resource-server-info.js';
import { activeSigningJwk } from './signing-jwk.js';

export interface McpOAuthProviderOptions {
  db: Kysely<Tables>;
  vault: Vault;
  publicUrl: string;
  outbound: OutboundFetcher;
  /** Short: a stolen access token is good for this long at most (refresh tokens rotate). */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** The provider's error page (a hosted page: our layout and CSP). */
  renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void;
}

export interface McpOAuthProvider {
  provider: Provider;
  egress: ProviderEgress;
}

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 600;
const DAY = 86_400;

/**
 * Latchkey as the authorization server of its MCP endpoints (MCP authorization spec 2025-11-25),
 * on panva/oidc-provider: authorization code with PKCE S256 only, client ID metadata documents
 * with dynamic client registration (RFC 7591) as the fallback, RFC 8707 audience-bound opaque
 * access tokens, rotating refresh tokens, `iss` in every authorization response (RFC 9207).
 * The person signs in through the environment's user-verification mode (interaction pages).
 */
export async function createMcpOAuthProvider(opts: McpOAuthProviderOptions): Promise<McpOAuthProvider> {
  const { db, publicUrl } = opts;
  const egress = new ProviderEgress(db, publicUrl, opts.outbound);
  const sweep = new ExpiredEntriesSweep(db);
  const accessTtl = opts.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  const scopeToRequest = async (ctx: KoaContextWithOIDC) => egress.scopeTo(ctx.oidc?.params?.resource);
  const configuration = {
    // Codes and refresh tokens consumed atomically: a concurrent second exchange gets invalid_grant, a later reuse revokes the grant.
    adapter: (model: string) => new KyselyAdapter(db, model, sweep, { singleUse: { reuseGraceMs: 0, requestArrivedAt: () => undefined } }),
    jwks: { keys: [await activeSigningJwk(db, opts.vault)] },
    cookies: { keys: await loadCookieKeys(db, opts.vault) },
    clients: [],
    responseTypes: ['code'],
    // OIDC scopes only; an endpoint's `mcp` scope is a resource-server scope (resource-server-info.ts).
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub'] },
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    clientDefaults: { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      clientIdMetadataDocument: {
        enabled: true,
        ack: 'draft-02',
        allowFetch: async (ctx: KoaContextWithOIDC) => {
          await scopeToRequest(ctx);
          return true;
        },
        cacheDuration: { min: 60, max: DAY },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) => oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: resourceServerInfo(db, publicUrl, accessTtl),
      },
    },
    fetch: egress.fetch,
    findAccount: async (_ctx: unknown, sub: string) => (parseSubjectId(sub) ? { accountId: sub, claims: async () => ({ sub }) } : undefined),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => interactionUrl(publicUrl, interaction.uid) },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // An MCP client keeps its tokens after the browser that signed in is gone (the provider's default ties them to the sign-in session).
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: accessTtl,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: opts.refreshTokenTtlSeconds ?? 30 * DAY,
      RefreshToken: opts.refreshTokenTtlSeconds ?? 30 * DAY,
      IdToken: accessTtl,
    },
    renderError: async (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => opts.renderError(ctx, out),
  };
  const provider = new Provider(mcpOAuthIssuer(publicUrl), configuration as unknown as Configuration);
  // The route pins Host and X-Forwarded-Proto to PUBLIC_URL, so every URL the provider builds is under it.
  provider.proxy = true;
  defaultToMcpScope(provider);
  return { provider, egress };
}
