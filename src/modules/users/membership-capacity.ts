import { DomainError } from '../errors/domain-error.js';
import type { Transaction } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/**
 * `max_allowed_users` (UpsertUserManagementSettings) bounds an organization's memberships, pending
 * invitations included. Called inside the creating transaction after the organization row is locked
 * (lockOrganization), so two concurrent creates cannot both take the last seat.
 */
export async function assertSeatAvailable(trx: Transaction<Tables>, organizationId: string): Promise<void> {
  const policy = await trx.selectFrom('organization_policies').select('max_allowed_users').where('organization_id', '=', organizationId).executeTakeFirst();
  const max = policy?.max_allowed_users;
  if (max === null || max === undefined) return;
  const row = await trx.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirst();
  if (Number(row?.n ?? 0) >= max) {
    throw new DomainError('failed_precondition', `organization '${organizationId}' already has its max_allowed_users (${max}) members; raise the limit with UpsertUserManagementSettings or remove a member`, {
      reason: 'MAX_ALLOWED_USERS_REACHED',
    });
  }
}

/**
 * A no-op write to the organization row: PostgreSQL holds the row lock until commit, SQLite takes
 * its write lock; either way the count above and the insert after it see no concurrent member.
 */
export async function lockOrganization(trx: Transaction<Tables>, organizationId: string): Promise<void> {
  await trx.updateTable('organizations').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', organizationId).execute();
}
