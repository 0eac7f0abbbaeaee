import type { ChangeFeed } from '../../changes/change-feed.js';
import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { Vault } from '../../vault/vault.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import { sameSecret, hashToken, looksLikeFlowSecret } from '../flow-secrets.js';
import { openRequestSecrets } from '../request-secrets.js';
import { resultUrl } from '../result-url.js';
import { isExpired } from '../ttl.js';
import { activateAccount } from '../steps/activate-account.js';
import { REQUEST_STATUS } from '../steps/create-authorization-request.js';
import { AUTH_REQUEST_ID_PREFIX } from '../steps/hold-for-verification.js';

/**
 * Scalekit's answer for an auth_request_id it cannot act on, word for word: apps match this message
 * (and NOT_FOUND). The ErrorInfo reason still tells unknown, used and expired apart.
 */
export const AUTH_REQUEST_NOT_VALID_MESSAGE = 'auth request not found or no longer valid';
const notValid = (reason: 'AUTH_REQUEST_NOT_FOUND' | 'AUTH_REQUEST_ALREADY_USED' | 'AUTH_REQUEST_EXPIRED') =>
  new DomainError('not_found', AUTH_REQUEST_NOT_VALID_MESSAGE, { reason });
const used = () => notValid('AUTH_REQUEST_ALREADY_USED');

/** Consumes a pending auth request without activating anything; returns whether this call did it. */
async function discard(db: Kysely<Tables>, requestId: string, status: string): Promise<boolean> {
  const r = await db
    .updateTable('authorization_requests')
    .set({ status, secrets_ciphertext: null, completed_at: new Date().toISOString() })
    .where('id', '=', requestId)
    .where('status', '=', REQUEST_STATUS.awaitingVerification)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * VerifyConnectedAccountUser (seed "Verify user identity"): the app asserts which of its users came
 * back to its verify route. Steps: load_auth_request (by hash, this environment) → check_expiry →
 * compare_identifier (constant time) → claim_auth_request + activate_account (one transaction).
 *
 * On a mismatch the auth request is consumed (REJECTED, held tokens wiped) and the account stays as
 * it was (PENDING_VERIFICATION, or ACTIVE on its previous credentials): an auth_request_id is a
 * one-shot assertion, so a leaked one cannot be replayed to try identifiers one by one.
 */
export async function verifyConnectedAccountUser(
  db: Kysely<Tables>,
  vault: Vault,
  publicUrl: string,
  envId: string,
  input: { authRequestId: string; identifier: string },
  changes?: ChangeFeed,
): Promise<{ postUserVerifyRedirectUrl: string }> {
  const id = input.authRequestId?.trim() ?? '';
  const identifier = input.identifier?.trim() ?? '';
  if (!id) throw invalidArgument('auth_request_id', 'is required: the auth_request_id query parameter Latchkey added to your user_verify_url');
  if (!identifier) throw invalidArgument('identifier', 'is required: the identifier of the user signed in to your app');
  const notFound = () => notValid('AUTH_REQUEST_NOT_FOUND');
  if (!looksLikeFlowSecret(id, AUTH_REQUEST_ID_PREFIX)) throw notFound();

  const request = await db
    .selectFrom('authorization_requests')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('verification_hash', '=', hashToken(id))
    .executeTakeFirst();
  if (!request) throw notFound();
  if (request.status !== REQUEST_STATUS.awaitingVerification) throw used();
  if (isExpired(request.expires_at)) {
    await discard(db, request.id, 'EXPIRED');
    throw notValid('AUTH_REQUEST_EXPIRED');
  }
  const account = await db.selectFrom('connected_accounts').selectAll().where('environment_id', '=', envId).where('id', '=', request.account_id).executeTakeFirstOrThrow();

  if (!sameSecret(identifier, account.identifier)) {
    if (!(await discard(db, request.id, REQUEST_STATUS.rejected))) throw used();
    throw new DomainError(
      'permission_denied',
      'identifier does not match the user this authorization link was created for, so the connected account was not activated; ' +
        'this auth_request_id is now void. Create a new authorization link for the user signed in to your app.',
      { reason: 'USER_VERIFICATION_MISMATCH' },
    );
  }

  const { grant } = await openRequestSecrets(vault, request);
  if (!grant) throw used();
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('authorization_requests')
      .set({ status: REQUEST_STATUS.completed, secrets_ciphertext: null, completed_at: new Date().toISOString() })
      .where('id', '=', request.id)
      .where('status', '=', REQUEST_STATUS.awaitingVerification)
      .where('completed_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw used();
    await activateAccount(trx, vault, account, grant);
  });
  changes?.accountChanged(account.environment_id, account.id);
  return { postUserVerifyRedirectUrl: resultUrl(publicUrl, request.id) };
}
