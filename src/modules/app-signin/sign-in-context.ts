import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { UserRow } from '../../storage/schema-users.js';
import type { SessionState } from '../sessions/check-session.js';
import { toSignInGrant, type SignInGrant } from './signin-grants.js';
import { compiledOnce } from '../../storage/compiled-once.js';

/** The membership a token's roles come from: active, in the sign-in's organization; the role names it holds. */
export interface HeldRoles {
  membershipId: string;
  roleNames: string[];
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

/** The grant with its user, session, active membership and the roles it holds: one row per role, at least one. */
const contextRows = compiledOnce(['grantId'], (db, p) =>
  db
    .selectFrom('app_signin_grants as g')
    .leftJoin('users as u', 'u.id', 'g.user_id')
    .leftJoin('user_sessions as s', 's.id', 'g.session_id')
    .leftJoin('memberships as m', (j) => j.onRef('m.organization_id', '=', 'g.organization_id').onRef('m.user_id', '=', 'g.user_id').on('m.status', '=', 'ACTIVE'))
    .leftJoin('membership_roles as mr', 'mr.membership_id', 'm.id')
    .selectAll('g')
    .select(USER_COLUMNS.map((c) => `u.${c} as u_${c}` as const))
    .select(SESSION_COLUMNS.map((c) => `s.${c} as s_${c}` as const))
    .select(['m.id as m_id', 'mr.role_name as mr_role_name'])
    .where('g.grant_id', '=', p.grantId),
);

/** One query instead of four on every code exchange and refresh. */
export async function findSignInContext(db: Kysely<Tables>, grantId: string): Promise<SignInContext | undefined> {
  const rows = await contextRows(db, { grantId });
  const first = rows[0] as (typeof rows)[number] & Record<string, unknown>;
  if (!first) return undefined;
  const user = first.u_id ? (Object.fromEntries(USER_COLUMNS.map((c) => [c, first[`u_${c}`]])) as unknown as UserRow) : undefined;
  const held = first.m_id ? { membershipId: String(first.m_id), roleNames: rows.map((r) => r.mr_role_name).filter((n): n is string => typeof n === 'string') } : undefined;
  const session = first.s_status ? (Object.fromEntries(SESSION_COLUMNS.map((c) => [c, first[`s_${c}`]])) as unknown as SessionState) : undefined;
  return { signIn: toSignInGrant(first), user, held, session };
}
