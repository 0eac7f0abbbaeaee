import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { invalidArgument } from '../errors/domain-error.js';
import { getOrganization } from './organizations.js';
import { upsertPolicyRow } from './policy-row.js';

export interface UserManagementSettings {
  /** At most this many memberships (pending invitations included); undefined = no limit. */
  maxAllowedUsers: number | undefined;
}

const MAX = 1_000_000;

export async function getUserManagementSettings(db: Kysely<Tables>, envId: string, organizationId: string): Promise<UserManagementSettings> {
  if (!organizationId) throw invalidArgument('organization_id', 'is required');
  const org = await getOrganization(db, envId, { id: organizationId });
  const row = await db.selectFrom('organization_policies').select('max_allowed_users').where('organization_id', '=', org.id).executeTakeFirst();
  return { maxAllowedUsers: row?.max_allowed_users ?? undefined };
}

/** Sets or (with no value) removes the limit; members already over a lowered limit stay, new ones are refused. */
export async function upsertUserManagementSettings(db: Kysely<Tables>, envId: string, organizationId: string, s: UserManagementSettings): Promise<UserManagementSettings> {
  if (!organizationId) throw invalidArgument('organization_id', 'is required');
  if (s.maxAllowedUsers !== undefined && (!Number.isInteger(s.maxAllowedUsers) || s.maxAllowedUsers < 1 || s.maxAllowedUsers > MAX)) {
    throw invalidArgument('settings.max_allowed_users', `must be a whole number from 1 to ${MAX} (leave it out to remove the limit)`);
  }
  const org = await getOrganization(db, envId, { id: organizationId });
  await upsertPolicyRow(db, envId, org.id, { max_allowed_users: s.maxAllowedUsers ?? null });
  return { maxAllowedUsers: s.maxAllowedUsers };
}
