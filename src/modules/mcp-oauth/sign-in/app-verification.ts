import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { newId } from '../../../storage/ids.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import { hashToken, looksLikeFlowSecret, newFlowSecret } from '../../authorization/flow-secrets.js';
import { AUTH_REQUEST_NOT_VALID_MESSAGE } from '../../authorization/flows/verify-user.js';
import { AUTH_REQUEST_ID_PREFIX } from '../../authorization/steps/hold-for-verification.js';
import { TTL, inMs, isExpired } from '../../authorization/ttl.js';
import { interactionUrl } from '../mcp-oauth-paths.js';
import { checkIdentifier } from './identifier.js';

/**
 * User verification mode `custom` for MCP sign-in: the browser goes to the endpoint's
 * user_verify_url with an `auth_request_id`; the app's server names the signed-in person with
 * VerifyConnectedAccountUser (the same RPC as for connected accounts), which sends the browser
 * back to the sign-in page. The id is stored hashed, works once, for TTL.verificationMs.
 */
export async function startAppVerification(db: Kysely<Tables>, envId: string, uid: string): Promise<string> {
  const authRequestId = AUTH_REQUEST_ID_PREFIX + newFlowSecret();
  const now = new Date();
  await db
    .insertInto('mcp_oauth_verifications')
    .values({
      id: newId('mcpov'),
      environment_id: envId,
      interaction_uid: uid,
      verification_hash: hashToken(authRequestId),
      status: 'PENDING',
      identifier: null,
      expires_at: inMs(TTL.verificationMs, now),
      created_at: now.toISOString(),
    })
    .execute();
  return authRequestId;
}

/** The identifier the app confirmed for this sign-in, if it has (and the confirmation is still fresh). */
export async function verifiedIdentifier(db: Kysely<Tables>, envId: string, uid: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('mcp_oauth_verifications')
    .select(['identifier', 'expires_at'])
    .where('environment_id', '=', envId)
    .where('interaction_uid', '=', uid)
    .where('status', '=', 'VERIFIED')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.identifier && !isExpired(row.expires_at) ? row.identifier : undefined;
}

/** Uses the confirmation up (once, even under concurrency); the identifier, or undefined when it is gone. */
export async function claimVerifiedIdentifier(db: Kysely<Tables>, envId: string, uid: string): Promise<string | undefined> {
  const identifier = await verifiedIdentifier(db, envId, uid);
  if (!identifier) return undefined;
  const r = await db
    .updateTable('mcp_oauth_verifications')
    .set({ status: 'USED' })
    .where('environment_id', '=', envId)
    .where('interaction_uid', '=', uid)
    .where('status', '=', 'VERIFIED')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) >= 1 ? identifier : undefined;
}

/**
 * VerifyConnectedAccountUser for an MCP sign-in's auth_request_id: undefined when the id is not
 * one (the connected-account flow then handles it). Errors read as that flow's, word for word.
 */
export async function verifyMcpSignInUser(
  db: Kysely<Tables>,
  publicUrl: string,
  envId: string,
  input: { authRequestId: string; identifier: string },
): Promise<{ postUserVerifyRedirectUrl: string } | undefined> {
  const id = input.authRequestId?.trim() ?? '';
  if (!looksLikeFlowSecret(id, AUTH_REQUEST_ID_PREFIX)) return undefined;
  const row = await db
    .selectFrom('mcp_oauth_verifications')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('verification_hash', '=', hashToken(id))
    .executeTakeFirst();
  if (!row) return undefined;
  if (!input.identifier?.trim()) throw invalidArgument('identifier', 'is required: the identifier of the user signed in to your app');
  const identifier = checkIdentifier(input.identifier);
  if (row.status !== 'PENDING') throw new DomainError('not_found', AUTH_REQUEST_NOT_VALID_MESSAGE, { reason: 'AUTH_REQUEST_ALREADY_USED' });
  if (isExpired(row.expires_at)) throw new DomainError('not_found', AUTH_REQUEST_NOT_VALID_MESSAGE, { reason: 'AUTH_REQUEST_EXPIRED' });
  const r = await db
    .updateTable('mcp_oauth_verifications')
    .set({ status: 'VERIFIED', identifier })
    .where('id', '=', row.id)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError('not_found', AUTH_REQUEST_NOT_VALID_MESSAGE, { reason: 'AUTH_REQUEST_ALREADY_USED' });
  return { postUserVerifyRedirectUrl: interactionUrl(publicUrl, row.interaction_uid) };
}
