import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleScope } from './role.js';

type Db = Kysely<Tables>;

/** Memberships holding role `name`: across the environment for an environment role, in the organization for its own. */
function holders(db: Db, scope: RoleScope, name: string) {
  let q = db
    .selectFrom('membership_roles')
    .innerJoin('memberships', 'memberships.id', 'membership_roles.membership_id')
    .where('memberships.environment_id', '=', scope.envId)
    .where('membership_roles.role_name', '=', name);
  if (scope.organizationId) q = q.where('memberships.organization_id', '=', scope.organizationId);
  return q;
}

/** How many users hold the role directly (a user counts once however many organizations they hold it in). */
export async function roleUsersCount(db: Db, scope: RoleScope, name: string): Promise<number> {
  const row = await holders(db, scope, name)
    .select((eb) => eb.fn.count<number>('memberships.user_id').distinct().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Moves every holder of `from` to `to` (a holder of both keeps one `to`), then drops `from`. Run it in the caller's transaction. */
export async function reassignRole(trx: Db, scope: RoleScope, from: string, to: string): Promise<void> {
  await trx
    .insertInto('membership_roles')
    .columns(['membership_id', 'role_name'])
    .expression(holders(trx, scope, from).select(['membership_roles.membership_id', sql<string>`cast(${to} as text)`.as('role_name')]))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx
    .deleteFrom('membership_roles')
    .where('role_name', '=', from)
    .where('membership_id', 'in', holders(trx, scope, from).select('membership_roles.membership_id'))
    .execute();
}
