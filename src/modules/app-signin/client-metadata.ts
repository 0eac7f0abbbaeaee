import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AdapterPayload } from 'oidc-provider';
import type { Tables } from '../../storage/schema.js';
import { secretMatches } from '../clients/secret-hash.js';
import { clientWithUris } from '../clients/redirect-uris.js';
import { presentedSecret } from './token-request.js';

/**
 * Never presented by anyone, so a client whose secret was not proven fails oidc-provider's own
 * constant-time comparison. One per process: the provider caches clients by their metadata's hash.
 */
const UNPROVEN_SECRET = randomBytes(32).toString('base64url');

/**
 * An environment API client as oidc-provider client metadata: its registered redirect and
 * post-logout URIs (exact match), confidential (client_secret_post / _basic), code flow only.
 */
export async function clientMetadata(db: Kysely<Tables>, clientId: string): Promise<AdapterPayload | undefined> {
  const found = await clientWithUris(db, clientId);
  if (!found) return undefined;
  const { secretHash, uris } = found;
  const presented = presentedSecret();
  const proven = presented !== undefined && secretMatches(presented, secretHash);
  return {
    client_id: clientId,
    client_secret: proven ? presented : UNPROVEN_SECRET,
    redirect_uris: uris.redirectUris,
    post_logout_redirect_uris: uris.postLogoutRedirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  };
}
