/**
 * The SDK's full-stack-auth wire (node_modules/@scalekit-sdk/node/lib/scalekit.js, core.js): paths
 * relative to the environment URL, which is PUBLIC_URL; the issuer is PUBLIC_URL itself.
 */
export const AUTHORIZE_PATH = '/oauth/authorize';
export const TOKEN_PATH = '/oauth/token';
export const USERINFO_PATH = '/oauth/userinfo';
export const LOGOUT_PATH = '/oidc/logout';
/** Served by the server's own keys route (src/server/routes/keys.ts), named in discovery. */
export const JWKS_PATH = '/keys';
export const DISCOVERY_PATH = '/.well-known/openid-configuration';

/** The hosted login page (B) the provider sends the browser to. */
export const loginPageUrl = (publicUrl: string, uid: string): string => `${publicUrl}/ui/login?interaction=${encodeURIComponent(uid)}`;

/** A request URL without its query. */
export const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0];

/** Paths answered on the raw request, by oidc-provider or beside it under /oidc/logout/ (the token endpoint is dispatched by grant in src/server/routes/token-route.ts). */
export const isAppSignInPath = (url: string | undefined): boolean => {
  const path = pathOf(url);
  return path === DISCOVERY_PATH || path === USERINFO_PATH || path === AUTHORIZE_PATH || path.startsWith(`${AUTHORIZE_PATH}/`) || path === LOGOUT_PATH || path.startsWith(`${LOGOUT_PATH}/`);
};

/** The grants oidc-provider answers at the token endpoint; `client_credentials` stays with Latchkey's own handler. */
export const PROVIDER_GRANTS: ReadonlySet<string> = new Set(['authorization_code', 'refresh_token']);
