import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { UserRow } from '../../storage/schema-users.js';
import type { SessionState } from '../sessions/check-session.js';
import { toSignInGrant, type SignInGrant } from './signin-grants.js';
import { compiledOnce } from '../../storage/compiled-once.js';
import { MAX_INHERITANCE_DEPTH } from '../roles/role-chain.js';

/** The membership a token's roles come from (active, in the sign-in's organization), and what its roles grant. */
export interface HeldRoles {
  membershipId: string;
  /** Held role names, in the order the organization lists its roles (as membershipRoles). */
  roles: string[];
  /** Every permission they grant, their bases' included, each once, sorted (as effectivePermissions). */
  permissions: string[];
}

/** What a token request reads about its sign-in: the grant, the user, the membership's roles, the session's state. */
export interface SignInContext {
  signIn: SignInGrant;
  user: UserRow | undefined;
  held: HeldRoles | undefined;
  /** Undefined when the session row is gone. */
  session: SessionState | undefined;
}

const SESSION_COLUMNS = ['status', 'idle_timeout_seconds', 'last_active_at', 'idle_expires_at', 'absolute_expires_at'] as const;
const USER_COLUMNS = ['id', 'environment_id', 'email', 'external_id', 'given_name', 'family_name', 'name', 'profile', 'metadata', 'last_login_at', 'created_at', 'updated_at'] as const;

/**
 * The grant with its user, session and active membership, and per role the membership holds, each
 * role of its chain (the role, its base, the base's base…) with each permission it grants: one row per
 * (held role, chain role, permission), at least one. A base is looked up by name among the roles the
 * organization sees (names never clash between environment and organization roles, so this is the
 * role roleChain finds); the walk stops at a missing base, and a cycle at the depth writes allow.
 */
const contextRows = compiledOnce(['grantId'], (db, p) =>
  db
    .withRecursive('chain(held_name, held_org, held_created_at, role_id, base_role, env_id, org_id, depth)', (cte) =>
      cte
        .selectFrom('app_signin_grants as g')
        .innerJoin('memberships as m', (j) => j.onRef('m.organization_id', '=', 'g.organization_id').onRef('m.user_id', '=', 'g.user_id').on('m.status', '=', 'ACTIVE'))
        .innerJoin('membership_roles as mr', 'mr.membership_id', 'm.id')
        .innerJoin('roles as r', (j) =>
          j.onRef('r.environment_id', '=', 'g.environment_id').onRef('r.name', '=', 'mr.role_name').on((eb) => eb.or([eb('r.organization_id', 'is', null), eb('r.organization_id', '=', eb.ref('g.organization_id'))])),
        )
        .select(['r.name as held_name', 'r.organization_id as held_org', 'r.created_at as held_created_at', 'r.id as role_id', 'r.base_role', 'g.environment_id as env_id', 'g.organization_id as org_id', sql<number>`0`.as('depth')])
        .where('g.grant_id', '=', p.grantId)
        .unionAll((u) =>
          u
            .selectFrom('chain as c')
            .innerJoin('roles as b', (j) =>
              j.onRef('b.environment_id', '=', 'c.env_id').onRef('b.name', '=', 'c.base_role').on((eb) => eb.or([eb('b.organization_id', 'is', null), eb('b.organization_id', '=', eb.ref('c.org_id'))])),
            )
            .select(['c.held_name', 'c.held_org', 'c.held_created_at', 'b.id as role_id', 'b.base_role', 'c.env_id', 'c.org_id', sql<number>`c.depth + 1`.as('depth')])
            .where('c.depth', '<', MAX_INHERITANCE_DEPTH),
        ),
    )
    .selectFrom('app_signin_grants as g')
    .leftJoin('users as u', 'u.id', 'g.user_id')
    .leftJoin('user_sessions as s', 's.id', 'g.session_id')
    .leftJoin('memberships as m', (j) => j.onRef('m.organization_id', '=', 'g.organization_id').onRef('m.user_id', '=', 'g.user_id').on('m.status', '=', 'ACTIVE'))
    .leftJoin('chain as c', (j) => j.on(sql<boolean>`1 = 1`))
    .leftJoin('role_permissions as rp', 'rp.role_id', 'c.role_id')
    .leftJoin('permissions as pm', 'pm.id', 'rp.permission_id')
    .selectAll('g')
    .select(USER_COLUMNS.map((c) => `u.${c} as u_${c}` as const))
    .select(SESSION_COLUMNS.map((c) => `s.${c} as s_${c}` as const))
    .select(['m.id as m_id', 'c.held_name', 'pm.name as permission'])
    .where('g.grant_id', '=', p.grantId)
    // Held roles in visibleRoles' order: environment roles, then the organization's, each oldest first, name breaking ties.
    .orderBy(sql`c.held_org is not null`)
    .orderBy('c.held_created_at')
    .orderBy('c.held_name'),
);

type ContextRow = Awaited<ReturnType<typeof contextRows>>[number];

/** The held roles in the rows' order (the query's), and the permissions they grant. */
function heldOf(membershipId: string, rows: ContextRow[]): HeldRoles {
  const roles = new Set<string>();
  const permissions = new Set<string>();
  for (const r of rows) {
    if (r.held_name) roles.add(r.held_name);
    if (r.permission) permissions.add(r.permission);
  }
  return { membershipId, roles: [...roles], permissions: [...permissions].sort() };
}

/** One query instead of four, and of two more per role, on every code exchange and refresh. */
export async function findSignInContext(db: Kysely<Tables>, grantId: string): Promise<SignInContext | undefined> {
  const rows = await contextRows(db, { grantId });
  const first = rows[0] as ContextRow & Record<string, unknown>;
  if (!first) return undefined;
  const user = first.u_id ? (Object.fromEntries(USER_COLUMNS.map((c) => [c, first[`u_${c}`]])) as unknown as UserRow) : undefined;
  const held = first.m_id ? heldOf(String(first.m_id), rows) : undefined;
  const session = first.s_status ? (Object.fromEntries(SESSION_COLUMNS.map((c) => [c, first[`s_${c}`]])) as unknown as SessionState) : undefined;
  return { signIn: toSignInGrant(first), user, held, session };
}
