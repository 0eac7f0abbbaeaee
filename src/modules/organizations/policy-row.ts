import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { OrganizationPolicyRow } from '../../storage/schema-users.js';

/** Writes some columns of an organization's policy row, creating it on first use (it goes when the organization does). */
export async function upsertPolicyRow(
  db: Kysely<Tables>,
  envId: string,
  organizationId: string,
  set: Partial<Pick<OrganizationPolicyRow, 'session_policy' | 'max_allowed_users'>>,
): Promise<void> {
  const updated_at = new Date().toISOString();
  await db
    .insertInto('organization_policies')
    .values({ organization_id: organizationId, environment_id: envId, session_policy: null, max_allowed_users: null, ...set, updated_at })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...set, updated_at }))
    .execute();
}
