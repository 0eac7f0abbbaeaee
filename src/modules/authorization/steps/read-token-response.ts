import type { ResolvedOAuthConfig } from '../../providers/definition/provider-definition.js';
import { readResponsePath } from '../../providers/definition/provider-definition.js';
import type { AccountCredentials } from '../../accounts/account.js';
import { FlowError, providerErrorCode } from '../flow-error.js';

export interface TokenGrant {
  credentials: Extract<AccountCredentials, { kind: 'oauth' }>;
  tokenExpiresAt: string | null;
  scopes: string[];
  accountFields: Record<string, string>;
  /** The parsed response, for user ids read from it when the provider has no userinfo endpoint. */
  json: unknown;
}

const MAX_BODY = 1024 * 1024;

/** The definition's path first; the standard field when the path is absent (see TokenResponsePaths). */
const pick = (json: unknown, path: string, standard: string) => readResponsePath(json, path) ?? readResponsePath(json, standard);

/**
 * read_token_response — RFC 6749 §5.1 (success) and §5.2 (error), with the definition's
 * token_response paths (nested layouts such as Slack's `authed_user.access_token`) and
 * account_field_paths (`|host` keeps a URL's host). oauth4webapi's processAuthorizationCodeResponse
 * is not used: it requires a top-level `access_token` and `token_type` and checks ID tokens
 * against an issuer that plain OAuth 2.0 provider definitions do not declare.
 */
export async function readTokenResponse(res: Response, oauth: ResolvedOAuthConfig, requested: string[], providerName: string): Promise<TokenGrant> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text.length <= MAX_BODY ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const body = json && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
  if (!body) {
    throw new FlowError('server_error', `${providerName} sent an unreadable answer`, `${providerName} did not answer the token request with JSON (HTTP ${res.status}), so nothing was connected. Tell the app's administrator.`, 502);
  }
  if (typeof body.error === 'string' || res.status < 200 || res.status > 299) {
    const raw = typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
    const code = raw === 'invalid_grant' ? 'invalid_grant' : providerErrorCode(raw);
    const shown = /^[A-Za-z0-9_. -]{1,64}$/.test(raw) ? raw : 'unknown error';
    throw new FlowError(code, `${providerName} refused to finish the sign-in`, `${providerName} answered "${shown}" when Latchkey asked for tokens, so nothing was connected. Try again with a new link.`, 502);
  }
  const p = oauth.token_response;
  const accessToken = pick(json, p.access_token_path, 'access_token');
  if (!accessToken) {
    throw new FlowError('server_error', `${providerName} sent no access token`, `The answer from ${providerName} had no access token, so nothing was connected. Tell the app's administrator.`, 502);
  }
  const refreshToken = pick(json, p.refresh_token_path, 'refresh_token');
  const expiresIn = Number(pick(json, p.expires_in_path, 'expires_in'));
  const granted = pick(json, p.scope_path, 'scope');
  const accountFields: Record<string, string> = {};
  for (const [field, path] of Object.entries(p.account_field_paths)) {
    const v = readResponsePath(json, path);
    if (v !== undefined) accountFields[field] = v;
  }
  const tokenType = readResponsePath(json, 'token_type');
  const idToken = readResponsePath(json, 'id_token');
  return {
    credentials: { kind: 'oauth', access_token: accessToken, ...(refreshToken ? { refresh_token: refreshToken } : {}), ...(tokenType ? { token_type: tokenType } : {}), ...(idToken ? { id_token: idToken } : {}) },
    tokenExpiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000).toISOString() : null,
    // §5.1: an absent `scope` means the requested scope was granted.
    scopes: granted !== undefined ? granted.split(/[\s,]+/).filter(Boolean) : requested,
    accountFields,
    json,
  };
}
