import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { ApiTokenRow } from '../../storage/schema-roles-domains-tokens.js';
import type { ApiTokenInfo } from './api-token.js';

/** The token's row joined with its organization, user and the user's roles there. */
export async function tokenInfo(db: Kysely<Tables>, row: ApiTokenRow): Promise<ApiTokenInfo> {
  const org = await db.selectFrom('organizations').select('external_id').where('id', '=', row.organization_id).executeTakeFirst();
  const user = row.user_id ? await db.selectFrom('users').select(['external_id', 'email']).where('id', '=', row.user_id).executeTakeFirst() : undefined;
  const roles = row.user_id
    ? (
        await db
          .selectFrom('membership_roles')
          .innerJoin('memberships', 'memberships.id', 'membership_roles.membership_id')
          .select('membership_roles.role_name')
          .where('memberships.organization_id', '=', row.organization_id)
          .where('memberships.user_id', '=', row.user_id)
          .orderBy('membership_roles.role_name')
          .execute()
      ).map((r) => r.role_name)
    : [];
  return {
    tokenId: row.id,
    organizationId: row.organization_id,
    organizationExternalId: org?.external_id ?? '',
    userId: row.user_id ?? undefined,
    userExternalId: user?.external_id ?? undefined,
    email: user?.email,
    roles,
    customClaims: JSON.parse(row.custom_claims) as Record<string, string>,
    description: row.description ?? undefined,
    expiry: row.expires_at ? new Date(row.expires_at) : undefined,
    createdAt: new Date(row.created_at),
    tokenSuffix: row.token_suffix,
  };
}
