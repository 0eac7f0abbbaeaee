import type { Kysely } from 'kysely';
import type { AuthorizationRequestRow, ConnectedAccountRow, Tables } from '../../../storage/schema.js';
import type { Vault } from '../../vault/vault.js';
import { hashToken, newFlowSecret } from '../flow-secrets.js';
import { sealRequestSecrets, type HeldGrant } from '../request-secrets.js';
import { TTL, inMs } from '../ttl.js';
import { completeLink } from './complete-link.js';
import { REQUEST_STATUS } from './create-authorization-request.js';
import { STATE_USED } from './load-authorization-request.js';

export const AUTH_REQUEST_ID_PREFIX = 'req_';

/**
 * hold_for_verification — user verification mode `custom` (seed "Verify user identity"): the grant
 * is sealed in the authorization request, never in the account, until the app confirms the user
 * with VerifyConnectedAccountUser. A fresh `auth_request_id` (stored hashed, valid
 * TTL.verificationMs) names it. The account goes to PENDING_VERIFICATION unless it is ACTIVE: an
 * active account keeps working on its current credentials until the new grant is verified.
 */
export async function holdForVerification(
  db: Kysely<Tables>,
  vault: Vault,
  request: AuthorizationRequestRow,
  account: ConnectedAccountRow,
  grant: HeldGrant,
): Promise<string> {
  const authRequestId = AUTH_REQUEST_ID_PREFIX + newFlowSecret();
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await completeLink(trx, request.link_id, now);
    const r = await trx
      .updateTable('authorization_requests')
      .set({
        status: REQUEST_STATUS.awaitingVerification,
        verification_hash: hashToken(authRequestId),
        secrets_ciphertext: sealRequestSecrets(vault, request.environment_id, request.id, { grant }),
        account_fields: JSON.stringify(grant.account_fields),
        expires_at: inMs(TTL.verificationMs, now),
      })
      .where('id', '=', request.id)
      .where('status', '=', REQUEST_STATUS.callbackReceived)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw STATE_USED();
    await trx
      .updateTable('connected_accounts')
      .set({ status: 'PENDING_VERIFICATION', updated_at: now.toISOString() })
      .where('id', '=', account.id)
      .where('status', '!=', 'ACTIVE')
      .execute();
  });
  return authRequestId;
}
