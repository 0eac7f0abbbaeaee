import type { Kysely } from 'kysely';
import type { AuthorizationRequestRow, Tables } from '../../../storage/schema.js';
import { FlowError } from '../flow-error.js';
import { hashToken, looksLikeFlowSecret } from '../flow-secrets.js';
import { isExpired } from '../ttl.js';
import { REQUEST_STATUS } from './create-authorization-request.js';

const UNKNOWN_STATE = () =>
  new FlowError(
    'invalid_request',
    'This sign-in response is not valid',
    'It does not match an authorization started here, so nothing was connected. Start again from the link the app gave you.',
    400,
  );
export const STATE_USED = () =>
  new FlowError('invalid_request', 'This sign-in response was already used', 'Nothing more was connected. To connect again, ask the app for a new link.', 400);

/**
 * load_authorization_request — RFC 6749 §10.12: the callback's `state` must name a request this
 * server started (looked up by hash), still waiting for its callback and not expired.
 */
export async function loadAuthorizationRequest(db: Kysely<Tables>, state: unknown): Promise<AuthorizationRequestRow> {
  if (!looksLikeFlowSecret(state)) throw UNKNOWN_STATE();
  const row = await db.selectFrom('authorization_requests').selectAll().where('state_hash', '=', hashToken(state)).executeTakeFirst();
  if (!row) throw UNKNOWN_STATE();
  if (row.status !== REQUEST_STATUS.awaitingCallback) throw STATE_USED();
  if (isExpired(row.expires_at)) {
    throw new FlowError('expired_token', 'This sign-in took too long', 'Signing in must finish within 10 minutes, so nothing was connected. Open the link again, or ask the app for a new one.', 400);
  }
  return row;
}

/**
 * claim_callback — the state is single use: claimed (AWAITING_CALLBACK → CALLBACK_RECEIVED) before
 * the provider is contacted, so a replayed or concurrent callback can never exchange a code twice.
 */
export async function claimCallback(db: Kysely<Tables>, row: AuthorizationRequestRow): Promise<void> {
  const r = await db
    .updateTable('authorization_requests')
    .set({ status: REQUEST_STATUS.callbackReceived })
    .where('id', '=', row.id)
    .where('status', '=', REQUEST_STATUS.awaitingCallback)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw STATE_USED();
}

/** fail_request — the round trip ended without a grant: nothing held, nothing activated. */
export async function failRequest(db: Kysely<Tables>, requestId: string): Promise<void> {
  await db
    .updateTable('authorization_requests')
    .set({ status: REQUEST_STATUS.failed, secrets_ciphertext: null, completed_at: new Date().toISOString() })
    .where('id', '=', requestId)
    .where('status', 'in', [REQUEST_STATUS.awaitingCallback, REQUEST_STATUS.callbackReceived])
    .execute();
}
