import type { Kysely } from 'kysely';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import type { Tables } from '../../storage/schema.js';
import type { Sessions } from '../sessions/index.js';
import { AUTHORIZE_PATH, JWKS_PATH, LOGOUT_PATH, TOKEN_PATH, USERINFO_PATH, loginPageUrl } from './app-signin-paths.js';
import { appSignInAdapter } from './provider-adapter.js';
import { AppSignInEntriesSweep } from './expired-entries-sweep.js';
import { accessTokenClaims, identityClaims, signInOf, userRow } from './token-claims.js';

export interface ProviderPages {
  error(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void;
  /** The logout confirmation: `form` is the provider's hidden-xsrf form, submitted by a same-origin script. */
  logout(ctx: KoaContextWithOIDC, form: string): void;
  loggedOut(ctx: KoaContextWithOIDC): void;
}

export interface AppSignInProviderOptions {
  db: Kysely<Tables>;
  sessions: Sessions;
  publicUrl: string;
  signingJwk: JWK;
  cookieKeys: string[];
  pages: ProviderPages;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  reuseGraceMs: number;
}

const DAY = 86_400;
/** The scopes an app may ask for (the SDK asks for `openid profile email`, optionally `offline_access`). */
export const SIGN_IN_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/**
 * Latchkey as the OpenID Provider of the environment's apps, on panva/oidc-provider, at the
 * SDK's paths: code flow (PKCE S256 accepted, required for public clients), confidential API
 * clients, JWT access tokens for the app (aud = client id) signed with the server's key, rotating
 * refresh tokens, RP-initiated logout. Every authorization goes through the hosted login page
 * (no provider-side SSO): the page applies the request's organization and HRD rules each time.
 */
export function createAppSignInProvider(opts: AppSignInProviderOptions): Provider {
  const { db, publicUrl } = opts;
  const resource = publicUrl;
  const sweep = new AppSignInEntriesSweep(db);
  const configuration = {
    adapter: appSignInAdapter(db, opts.sessions, { reuseGraceMs: opts.reuseGraceMs, sweep }),
    jwks: { keys: [opts.signingJwk] },
    cookies: {
      keys: opts.cookieKeys,
      names: { session: 'lk_signin_session', interaction: 'lk_signin_interaction', resume: 'lk_signin_resume' },
    },
    clients: [],
    responseTypes: ['code'],
    scopes: SIGN_IN_SCOPES,
    claims: {
      openid: ['sub', 'sid', 'oid', 'identities', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'picture', 'locale'],
    },
    // The SDK reads the profile from the id_token (authenticateWithCode), not from userinfo.
    conformIdTokenClaims: false,
    clientAuthMethods: ['client_secret_post', 'client_secret_basic'],
    pkce: { required: (_ctx: unknown, client: { clientAuthMethod: string }) => client.clientAuthMethod === 'none' },
    extraParams: ['domain_hint', 'domain', 'organization_id', 'connection_id', 'provider'],
    routes: { authorization: AUTHORIZE_PATH, token: TOKEN_PATH, end_session: LOGOUT_PATH, jwks: JWKS_PATH, userinfo: USERINFO_PATH },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: false },
      introspection: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => opts.pages.logout(ctx, form),
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => opts.pages.loggedOut(ctx),
      },
      resourceIndicators: {
        enabled: true,
        // The app's own API: tokens name the app (client id) as their audience, as the SDK expects.
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, _resource: string, client: { clientId: string }) => ({
          scope: SIGN_IN_SCOPES.join(' '),
          audience: client.clientId,
          accessTokenTTL: opts.accessTokenTtlSeconds,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // The claims depend on the sign-in (organization, identity, session), found through the token's grant.
    findAccount: async (ctx: KoaContextWithOIDC, sub: string, token?: { grantId?: string }) => {
      const user = await userRow(db, sub);
      if (!user) return undefined;
      const grantId = () => token?.grantId ?? ctx.oidc?.entities?.Grant?.jti ?? (ctx.oidc?.result as { consent?: { grantId?: string } } | undefined)?.consent?.grantId;
      return {
        accountId: sub,
        claims: async () => {
          const signIn = await signInOf(db, grantId());
          return signIn && signIn.userId === sub ? identityClaims(db, signIn) : { sub };
        },
      };
    },
    extraTokenClaims: async (_ctx: unknown, token: { kind?: string; grantId?: string; scope?: string }) => {
      if (token.kind !== 'AccessToken') return undefined;
      const signIn = await signInOf(db, token.grantId);
      return signIn ? accessTokenClaims(db, signIn, token.scope) : undefined;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => loginPageUrl(publicUrl, interaction.uid) },
    // Only the grant the login page just made: an earlier one (the browser's provider session) is never reused,
    // so each authorization goes through the login page (organization, HRD, a new session).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = (ctx.oidc.result as { consent?: { grantId?: string } } | undefined)?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // The SDK asks for `openid profile email` and still needs a refresh token (refreshAccessToken).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    revokeGrantPolicy: () => true,
    // The sign-in session (src/modules/sessions) decides how long tokens live, not the provider's browser session.
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: opts.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      Interaction: 900,
      Session: DAY,
      // Each sign-in's grant is saved with its session's absolute deadline (sign-in-interactions.ts); this is the fallback.
      Grant: opts.refreshTokenTtlSeconds,
      // A refresh token lives as long as its grant, so a session policy longer than the fallback is not cut short.
      RefreshToken: (ctx: KoaContextWithOIDC | undefined) => Math.max(1, (ctx?.oidc?.entities?.Grant as { remainingTTL?: number } | undefined)?.remainingTTL ?? opts.refreshTokenTtlSeconds),
      IdToken: opts.accessTokenTtlSeconds,
    },
    renderError: async (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => opts.pages.error(ctx, out),
  };
  const provider = new Provider(publicUrl, configuration as unknown as Configuration);
  // The route pins Host and X-Forwarded-Proto to PUBLIC_URL, so every URL the provider builds is under it.
  provider.proxy = true;
  return provider;
}

export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 30 * DAY;
