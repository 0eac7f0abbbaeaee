import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { ApiTokenRow } from '../../storage/schema-roles-domains-tokens.js';
import { hashToken } from '../authorization/flow-secrets.js';
import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { isTokenId } from './api-token.js';

// One message for every miss, whatever the cause: a caller probing tokens learns nothing.
const tokenNotFound = () => new DomainError('not_found', 'the API token was not found, has been invalidated or has expired', { reason: 'TOKEN_NOT_FOUND' });

/**
 * The token a request's `token` field names: its id (`apit_…`) or the opaque token itself, looked
 * up by hash. Invalidated and expired tokens are not found unless `includeInvalidated` (InvalidateToken).
 */
export async function findToken(db: Kysely<Tables>, envId: string, token: string, opts: { includeInvalidated?: boolean } = {}): Promise<ApiTokenRow> {
  if (!token) throw invalidArgument('token', 'is required (the token or its id, apit_…)');
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('environment_id', '=', envId)
    .where(isTokenId(token) ? 'id' : 'token_hash', '=', isTokenId(token) ? token : hashToken(token))
    .executeTakeFirst();
  if (!row) throw tokenNotFound();
  if (!opts.includeInvalidated && (row.invalidated_at || (row.expires_at && new Date(row.expires_at) <= new Date()))) throw tokenNotFound();
  return row;
}
