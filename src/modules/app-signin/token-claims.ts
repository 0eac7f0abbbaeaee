import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { membershipRoles } from '../roles/membership-roles.js';
import { effectivePermissions } from '../roles/role-permissions.js';
import { findSignInGrant, type SignInGrant } from './signin-grants.js';
import { memoized } from './token-request.js';

/** The id_token / userinfo claims of a sign-in (the names the SDK maps into `user`, scalekit.js). */
export async function identityClaims(db: Kysely<Tables>, g: SignInGrant): Promise<Record<string, unknown>> {
  const user = await userRow(db, g.userId);
  if (!user) return { sub: g.userId };
  const profile = JSON.parse(user.profile || '{}') as Record<string, unknown>;
  return {
    sub: user.id,
    sid: g.sessionId,
    ...(g.organizationId ? { oid: g.organizationId } : {}),
    amr: g.amr,
    email: user.email,
    // Every sign-in method proves the email (passwordless) or links only a provider-verified one (account linking).
    email_verified: true,
    name: user.name || [user.given_name, user.family_name].filter(Boolean).join(' ') || undefined,
    given_name: user.given_name || undefined,
    family_name: user.family_name || undefined,
    picture: typeof profile.picture === 'string' && profile.picture ? profile.picture : undefined,
    locale: typeof profile.locale === 'string' && profile.locale ? profile.locale : undefined,
    identities: [
      {
        connection_id: g.identity.connectionId ?? '',
        organization_id: g.organizationId ?? '',
        connection_type: g.identity.connectionType,
        provider_name: g.identity.providerName,
        social: g.identity.social,
      },
    ],
  };
}

/** The access token's own claims: session, organization, and the membership's roles and permissions there. */
export async function accessTokenClaims(db: Kysely<Tables>, g: SignInGrant, scope: string | undefined): Promise<Record<string, unknown>> {
  let roles: string[] = [];
  let permissions: string[] = [];
  const membership = g.organizationId
    ? await db.selectFrom('memberships').select('id').where('organization_id', '=', g.organizationId).where('user_id', '=', g.userId).where('status', '=', 'ACTIVE').executeTakeFirst()
    : undefined;
  // No membership (any more): the token carries no roles.
  if (membership && g.organizationId) {
    const held = await membershipRoles(db, { scope: { envId: g.environmentId, organizationId: g.organizationId }, membershipId: membership.id });
    roles = held.map((r) => r.name);
    const names = new Set<string>();
    for (const role of held) for (const p of await effectivePermissions(db, role)) names.add(p.name);
    permissions = [...names].sort();
  }
  return {
    sid: g.sessionId,
    ...(g.organizationId ? { oid: g.organizationId } : {}),
    roles,
    permissions,
    scopes: (scope ?? '').split(' ').filter(Boolean),
  };
}

/** The sign-in behind a token or code (its grant), undefined for tokens of no sign-in; read once per request. */
export const signInOf = (db: Kysely<Tables>, grantId: unknown): Promise<SignInGrant | undefined> =>
  typeof grantId === 'string' ? memoized(`grant:${grantId}`, () => findSignInGrant(db, grantId)) : Promise.resolve(undefined);

/** The user's row, read once per request. */
export const userRow = (db: Kysely<Tables>, userId: string) => memoized(`user:${userId}`, () => db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst());
