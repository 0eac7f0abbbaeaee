import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SignInGrant } from './signin-grants.js';
import { findSignInContext, type SignInContext } from './sign-in-context.js';
import type { SessionState } from '../sessions/check-session.js';
import { memoized, prime } from './token-request.js';

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
  const held = g.organizationId ? (await contextOf(db, g.grantId))?.held : undefined;
  // Read with the sign-in (sign-in-context.ts), in the order the organization lists roles (as membershipRoles).
  const { roles, permissions } = held ?? { roles: [], permissions: [] };
  return {
    sid: g.sessionId,
    ...(g.organizationId ? { oid: g.organizationId } : {}),
    roles,
    permissions,
    scopes: (scope ?? '').split(' ').filter(Boolean),
  };
}

/** What a token request reads about its sign-in, once per request; the user and session's state go to the lookups that follow. */
const contextOf = (db: Kysely<Tables>, grantId: string): Promise<SignInContext | undefined> =>
  memoized(`grant:${grantId}`, async () => {
    const found = await findSignInContext(db, grantId);
    if (found) {
      prime(`user:${found.signIn.userId}`, found.user);
      prime(`session:${found.signIn.sessionId}`, found.session);
    }
    return found;
  });

/** The sign-in behind a token or code (its grant), undefined for tokens of no sign-in. */
export const signInOf = async (db: Kysely<Tables>, grantId: unknown): Promise<SignInGrant | undefined> =>
  typeof grantId === 'string' ? (await contextOf(db, grantId))?.signIn : undefined;

/** The user's row, read once per request. */
export const userRow = (db: Kysely<Tables>, userId: string) => memoized(`user:${userId}`, () => db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst());

/** The session's state as read with the sign-in in this request (undefined: read it again). */
export const sessionStateOf = (sessionId: string): Promise<SessionState | undefined> => memoized(`session:${sessionId}`, async () => undefined);
