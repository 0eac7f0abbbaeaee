import type { Kysely } from 'kysely';
import * as oauth from 'oauth4webapi';
import type { AuthorizationLinkRow, Tables } from '../../../storage/schema.js';
import { newId } from '../../../storage/ids.js';
import type { Vault } from '../../vault/vault.js';
import { hashToken } from '../flow-secrets.js';
import { sealRequestSecrets } from '../request-secrets.js';
import { TTL, inMs } from '../ttl.js';

export const REQUEST_STATUS = Object.freeze({
  awaitingCallback: 'AWAITING_CALLBACK',
  callbackReceived: 'CALLBACK_RECEIVED',
  awaitingVerification: 'AWAITING_VERIFICATION',
  completed: 'COMPLETED',
  rejected: 'REJECTED',
  failed: 'FAILED',
});

export interface StartedRequest {
  requestId: string;
  state: string;
  codeChallenge: string | undefined;
}

/**
 * create_authorization_request — one OAuth round trip. `state` (RFC 6749 §10.12: binds the
 * callback to this request) is stored hashed and expires in TTL.stateMs; the PKCE verifier
 * (RFC 7636 §4.1) is sealed in `secrets_ciphertext` and its S256 challenge (§4.2) returned.
 */
export async function createAuthorizationRequest(
  db: Kysely<Tables>,
  vault: Vault,
  link: AuthorizationLinkRow,
  opts: { pkce: boolean; scopes: string[]; accountFields: Record<string, string> },
): Promise<StartedRequest> {
  const id = newId('areq');
  const state = oauth.generateRandomState();
  const verifier = opts.pkce ? oauth.generateRandomCodeVerifier() : undefined;
  const now = new Date();
  await db
    .insertInto('authorization_requests')
    .values({
      id,
      environment_id: link.environment_id,
      link_id: link.id,
      account_id: link.account_id,
      state_hash: hashToken(state),
      verification_hash: null,
      secrets_ciphertext: sealRequestSecrets(vault, link.environment_id, id, { code_verifier: verifier, requested_scopes: opts.scopes }),
      account_fields: JSON.stringify(opts.accountFields),
      status: REQUEST_STATUS.awaitingCallback,
      expires_at: inMs(TTL.stateMs, now),
      completed_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return { requestId: id, state, codeChallenge: verifier ? await oauth.calculatePKCECodeChallenge(verifier) : undefined };
}
