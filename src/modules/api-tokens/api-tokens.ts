import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { ApiTokenRow } from '../../storage/schema-roles-domains-tokens.js';
import { newId, randomToken } from '../../storage/ids.js';
import { hashToken } from '../authorization/flow-secrets.js';
import { DomainError, invalidArgument, notFound } from '../errors/domain-error.js';
import { getOrganization } from '../organizations/organizations.js';
import { keysetPage } from '../paging/keyset-page.js';
import { pageSizeOf } from '../paging/page-token.js';
import { TOKEN_ID_PREFIX, TOKEN_PREFIX, type ApiTokenInfo } from './api-token.js';
import { checkCustomClaims } from './custom-claims.js';
import { findToken } from './find-token.js';
import { tokenInfo } from './token-info.js';

type Db = Kysely<Tables>;
const DESCRIPTION_MAX = 1000;
const MAX_PAGE_SIZE = 100;

export interface CreateTokenInput {
  organizationId: string;
  userId?: string;
  customClaims: Record<string, string>;
  expiry?: Date;
  description?: string;
}

/** A user-scoped token speaks for a member: the user must hold an ACTIVE membership of the organization. */
export async function assertActiveMember(db: Db, envId: string, organizationId: string, userId: string, field: string): Promise<void> {
  const user = await db.selectFrom('users').select('id').where('environment_id', '=', envId).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user', userId);
  const m = await db.selectFrom('memberships').select('status').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  if (m?.status !== 'ACTIVE') {
    throw new DomainError('failed_precondition', `${field}: user '${userId}' has no ACTIVE membership of organization '${organizationId}'${m ? ` (it is ${m.status})` : ''}`, {
      reason: 'MEMBERSHIP_NOT_ACTIVE',
      violations: [{ field, description: 'must name a user with an ACTIVE membership of the organization' }],
    });
  }
}

/** CreateToken: the opaque token is in this return value only; the database keeps its hash. */
export async function createToken(db: Db, envId: string, input: CreateTokenInput): Promise<{ token: string; info: ApiTokenInfo }> {
  if (!input.organizationId) throw invalidArgument('token.organization_id', 'is required');
  checkCustomClaims(input.customClaims, 'token.custom_claims');
  if (input.description && input.description.length > DESCRIPTION_MAX) throw invalidArgument('token.description', `must be at most ${DESCRIPTION_MAX} characters`);
  if (input.expiry && input.expiry.getTime() <= Date.now()) throw invalidArgument('token.expiry', 'must be in the future');
  const org = await getOrganization(db, envId, { id: input.organizationId });
  if (input.userId) await assertActiveMember(db, envId, org.id, input.userId, 'token.user_id');
  const token = TOKEN_PREFIX + randomToken(32);
  const now = new Date().toISOString();
  const row: ApiTokenRow = {
    id: newId(TOKEN_ID_PREFIX),
    environment_id: envId,
    organization_id: org.id,
    user_id: input.userId || null,
    token_hash: hashToken(token),
    token_suffix: token.slice(-4),
    custom_claims: JSON.stringify(input.customClaims),
    description: input.description || null,
    expires_at: input.expiry?.toISOString() ?? null,
    invalidated_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, info: await tokenInfo(db, row) };
}

/** ValidateToken: a live token, and (user-scoped) a user who is still an active member. */
export async function validateToken(db: Db, envId: string, token: string): Promise<ApiTokenInfo> {
  const row = await findToken(db, envId, token);
  if (row.user_id) {
    const m = await db.selectFrom('memberships').select('status').where('organization_id', '=', row.organization_id).where('user_id', '=', row.user_id).executeTakeFirst();
    if (m?.status !== 'ACTIVE') throw new DomainError('permission_denied', "the API token's user is no longer an active member of its organization", { reason: 'MEMBERSHIP_NOT_ACTIVE' });
  }
  return tokenInfo(db, row);
}

export async function listTokens(db: Db, envId: string, opts: { organizationId: string; userId?: string; pageSize?: number; pageToken?: string }) {
  if (!opts.organizationId) throw invalidArgument('organization_id', 'is required');
  const pageSize = pageSizeOf(opts.pageSize, MAX_PAGE_SIZE);
  const org = await getOrganization(db, envId, { id: opts.organizationId });
  let q = db.selectFrom('api_tokens').selectAll().where('environment_id', '=', envId).where('organization_id', '=', org.id).where('invalidated_at', 'is', null);
  if (opts.userId) q = q.where('user_id', '=', opts.userId);
  const page = await keysetPage(q, { pageSize, pageToken: opts.pageToken });
  return { ...page, items: await Promise.all(page.items.map((r) => tokenInfo(db, r))) };
}

/** UpdateToken: custom_claims are replaced as a whole; description changes only when sent. */
export async function updateToken(db: Db, envId: string, token: string, patch: { customClaims: Record<string, string>; description?: string }): Promise<ApiTokenInfo> {
  checkCustomClaims(patch.customClaims, 'custom_claims');
  if (patch.description && patch.description.length > DESCRIPTION_MAX) throw invalidArgument('description', `must be at most ${DESCRIPTION_MAX} characters`);
  const row = await findToken(db, envId, token);
  const set: Partial<ApiTokenRow> = { custom_claims: JSON.stringify(patch.customClaims), updated_at: new Date().toISOString() };
  if (patch.description !== undefined) set.description = patch.description || null;
  await db.updateTable('api_tokens').set(set).where('id', '=', row.id).execute();
  return tokenInfo(db, { ...row, ...set });
}

/** InvalidateToken: idempotent; the row stays (for audit) and never validates again. */
export async function invalidateToken(db: Db, envId: string, token: string): Promise<void> {
  const row = await findToken(db, envId, token, { includeInvalidated: true });
  if (row.invalidated_at) return;
  const now = new Date().toISOString();
  await db.updateTable('api_tokens').set({ invalidated_at: now, updated_at: now }).where('id', '=', row.id).execute();
}
