import type { Kysely } from 'kysely';
import type { AuthorizationLinkRow, Tables } from '../../../storage/schema.js';
import { FlowError } from '../flow-error.js';
import { hashToken, looksLikeFlowSecret } from '../flow-secrets.js';
import { isExpired } from '../ttl.js';

export const LINK_NOT_VALID = () =>
  new FlowError(
    'invalid_request',
    'This link is not valid',
    'Check that you opened the whole link. If it still does not work, ask the app that sent it for a new one.',
    404,
  );
export const LINK_USED = () =>
  new FlowError('invalid_request', 'This link has already been used', 'Each authorization link works once. To connect again, ask the app for a new link.', 410);
export const LINK_EXPIRED = () =>
  new FlowError('expired_token', 'This link has expired', 'Authorization links are valid for 15 minutes. Ask the app for a new link.', 410);

/** The link a token names, if it is still usable (exists, not completed, not expired). */
export async function loadLink(db: Kysely<Tables>, token: string): Promise<AuthorizationLinkRow> {
  if (!looksLikeFlowSecret(token)) throw LINK_NOT_VALID();
  const link = await db.selectFrom('authorization_links').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!link) throw LINK_NOT_VALID();
  if (link.completed_at) throw LINK_USED();
  if (isExpired(link.expires_at)) throw LINK_EXPIRED();
  return link;
}
