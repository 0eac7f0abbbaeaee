import * as oauth from 'oauth4webapi';
import type { OutboundFetch } from '../egress/outbound-fetch.js';
import { refusalIn } from '../egress/ssrf-guard.js';
import { oauthCallOptions } from '../egress/oauth-call-options.js';
import { readResponsePath, type TokenResponsePaths } from '../providers/definition/provider-definition.js';
import { REFRESH_REQUEST_TIMEOUT_MS } from './refresh-timing.js';

/** Where and how to send the refresh_token grant for one connection. */
export interface RefreshClient {
  connectionName: string;
  /** `refresh_uri`, else `token_uri`, with account-field templates filled. */
  endpoint: string;
  clientId: string;
  clientSecret: string | undefined;
  authMethod: 'client_secret_post' | 'client_secret_basic';
  extraParams: Record<string, string>;
  paths: Required<Omit<TokenResponsePaths, 'account_field_paths'>>;
}

export interface RefreshedTokens {
  accessToken: string;
  /** Present when the provider rotated (or re-sent) the refresh token. */
  refreshToken: string | undefined;
  expiresInSeconds: number | undefined;
  scopes: string[] | undefined;
  tokenType: string | undefined;
  idToken: string | undefined;
}

/** What the token endpoint said; never carries the refresh token that was sent. */
export type RefreshOutcome =
  | { kind: 'tokens'; tokens: RefreshedTokens }
  /** RFC 6749 §5.2 invalid_grant: the refresh token is revoked, expired or already used. */
  | { kind: 'grant_refused'; error: string; status: number }
  /** invalid_client / unauthorized_client: the connection's client credentials are at fault. */
  | { kind: 'client_refused'; error: string; status: number }
  /** Any other answer (5xx, 429, malformed body, other error codes). */
  | { kind: 'failed'; error: string; status: number }
  /** No answer: DNS, TLS, connection refused, timeout. */
  | { kind: 'unreachable'; reason: string }
  /** Not sent: the endpoint is not a public address and the environment does not allow it (SSRF guard). */
  | { kind: 'refused'; destination: string; addressKind: string };

/** `invalid_refresh_token`: Slack's name for invalid_grant (sent with HTTP 200 and `ok: false`). */
const GRANT_REFUSED = new Set(['invalid_grant', 'invalid_refresh_token']);
const CLIENT_REFUSED = new Set(['invalid_client', 'unauthorized_client']);

/**
 * RFC 6749 §6 refresh_token grant, sent with oauth4webapi through the outbound fetch. The response
 * is read here rather than by processRefreshTokenResponse: provider definitions may move fields
 * (`token_response` paths) and we know token endpoints, not issuers, so an id_token cannot be
 * validated; it is stored as received.
 */
export async function requestRefreshTokenGrant(fetch: OutboundFetch, client: RefreshClient, refreshToken: string): Promise<RefreshOutcome> {
  const as: oauth.AuthorizationServer = { issuer: new URL(client.endpoint).origin, token_endpoint: client.endpoint };
  const auth =
    client.clientSecret === undefined
      ? oauth.None()
      : client.authMethod === 'client_secret_basic'
        ? oauth.ClientSecretBasic(client.clientSecret)
        : oauth.ClientSecretPost(client.clientSecret);
  let res: Response;
  let body: unknown;
  try {
    res = await oauth.refreshTokenGrantRequest(as, { client_id: client.clientId }, auth, refreshToken, {
      additionalParameters: client.extraParams,
      signal: AbortSignal.timeout(REFRESH_REQUEST_TIMEOUT_MS),
      ...oauthCallOptions(fetch, client.endpoint),
    });
    body = await res.text().then(parseJson);
  } catch (err) {
    const refused = refusalIn(err);
    if (refused) return { kind: 'refused', destination: refused.destination, addressKind: refused.kind };
    return { kind: 'unreachable', reason: describeNetworkError(err) };
  }
  return readTokenResponse(res.status, body, client.paths);
}

function readTokenResponse(status: number, body: unknown, paths: RefreshClient['paths']): RefreshOutcome {
  const error = readResponsePath(body, 'error');
  if (error !== undefined || status < 200 || status > 299) {
    const code = error ?? `http_${status}`;
    if (GRANT_REFUSED.has(code)) return { kind: 'grant_refused', error: code, status };
    if (CLIENT_REFUSED.has(code)) return { kind: 'client_refused', error: code, status };
    return { kind: 'failed', error: code, status };
  }
  // A configured path missing from the response falls back to the standard field (definition docs).
  const read = (path: string, standard: string) => readResponsePath(body, path) ?? readResponsePath(body, standard);
  const accessToken = read(paths.access_token_path, 'access_token');
  if (accessToken === undefined) return { kind: 'failed', error: 'no_access_token_in_response', status };
  const expiresIn = Number(read(paths.expires_in_path, 'expires_in'));
  const scope = read(paths.scope_path, 'scope');
  return {
    kind: 'tokens',
    tokens: {
      accessToken,
      refreshToken: read(paths.refresh_token_path, 'refresh_token'),
      expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
      // RFC 6749 §3.3 separates with spaces; some providers (Slack) use commas.
      scopes: scope === undefined ? undefined : scope.split(/[\s,]+/).filter(Boolean),
      tokenType: readResponsePath(body, 'token_type'),
      idToken: readResponsePath(body, 'id_token'),
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A reason safe to log and show: error names and codes only, never request contents. */
function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `no answer within ${REFRESH_REQUEST_TIMEOUT_MS} ms`;
  return e?.cause?.code ?? e?.code ?? e?.name ?? 'network error';
}
