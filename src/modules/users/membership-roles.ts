import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { resolveMembershipRoles } from '../roles/resolve-membership-roles.js';

/** The role names a membership gets: those asked for (validated by the roles module), else the environment's default member role. */
export const roleNamesFor = (db: Kysely<Tables>, envId: string, organizationId: string, asked: string[], field: string): Promise<string[]> =>
  resolveMembershipRoles(db, envId, organizationId, asked.length ? asked : undefined, field);

/** Replaces a membership's roles. */
export async function writeMembershipRoles(trx: Transaction<Tables> | Kysely<Tables>, membershipId: string, roles: string[]): Promise<void> {
  await trx.deleteFrom('membership_roles').where('membership_id', '=', membershipId).execute();
  if (roles.length) await trx.insertInto('membership_roles').values([...new Set(roles)].map((role_name) => ({ membership_id: membershipId, role_name }))).execute();
}
