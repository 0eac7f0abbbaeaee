import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { authenticateApiClient } from '../../modules/clients/api-clients.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import { clientCredentialsOf } from './client-credentials.js';

/** A token endpoint answer: JSON body, status, and headers beyond `content-type`. */
export interface TokenAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface ClientCredentialsDeps {
  db: Kysely<Tables>;
  tokens: AccessTokens;
  /** Whether authorization_code and refresh_token are answered too (named in the unsupported-grant message). */
  withSignInGrants: boolean;
}

/**
 * RFC 6749 §4.4 client credentials, and the §5.2 error of a request with no grant Latchkey answers
 * (`error`, `error_description`). Served by the raw token route and the Fastify one alike.
 */
export async function clientCredentialsGrant(deps: ClientCredentialsDeps, authorization: string | undefined, body: Record<string, unknown>): Promise<TokenAnswer> {
  const noStore = { 'cache-control': 'no-store' };
  const fail = (status: number, error: string, description: string, extra: Record<string, string> = {}): TokenAnswer => ({ status, headers: { ...noStore, ...extra }, body: { error, error_description: description } });
  if (body.grant_type !== 'client_credentials') {
    const supported = deps.withSignInGrants ? 'client_credentials, authorization_code or refresh_token' : 'client_credentials';
    return body.grant_type
      ? fail(400, 'unsupported_grant_type', `grant_type '${String(body.grant_type).slice(0, 40)}' is not supported; use ${supported}`)
      : fail(400, 'invalid_request', `grant_type is required (${supported})`);
  }
  const credentials = clientCredentialsOf(authorization, body);
  if ('error' in credentials) return fail(400, 'invalid_request', credentials.error);
  const client = await authenticateApiClient(deps.db, credentials.id, credentials.secret);
  if (!client) {
    const challenge: Record<string, string> = credentials.method === 'basic' ? { 'www-authenticate': 'Basic realm="latchkey"' } : {};
    return fail(401, 'invalid_client', 'client authentication failed: unknown client_id or wrong client_secret', challenge);
  }
  const issued = await deps.tokens.issue(client.clientId, client.environmentId);
  return { status: 200, headers: noStore, body: { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn } };
}
