import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AppSignInGrantRow } from '../../storage/schema-app-signin.js';
import type { SignInIdentity } from '../sign-in/sign-in-outcome.js';
import type { EndReason, Sessions } from '../sessions/index.js';

/** What one sign-in established; every token of its grant carries it. */
export interface SignInGrant {
  grantId: string;
  environmentId: string;
  clientId: string;
  userId: string;
  organizationId: string | undefined;
  sessionId: string;
  identity: SignInIdentity;
  amr: string[];
}

export async function recordSignInGrant(db: Kysely<Tables>, g: SignInGrant): Promise<void> {
  await db
    .insertInto('app_signin_grants')
    .values({
      grant_id: g.grantId,
      environment_id: g.environmentId,
      client_id: g.clientId,
      user_id: g.userId,
      organization_id: g.organizationId ?? null,
      session_id: g.sessionId,
      identity: JSON.stringify(g.identity),
      amr: JSON.stringify(g.amr),
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** Ends the sign-in session behind each grant (revoked, or logged out of); awaited, so the answer comes after. */
export async function endSessionsOfGrants(db: Kysely<Tables>, sessions: Pick<Sessions, 'endSession'>, grantIds: readonly string[], reason: EndReason): Promise<void> {
  if (!grantIds.length) return;
  const rows = await db.selectFrom('app_signin_grants').select('session_id').distinct().where('grant_id', 'in', grantIds).execute();
  for (const r of rows) await sessions.endSession(r.session_id, reason);
}

export function toSignInGrant(r: Selectable<AppSignInGrantRow>): SignInGrant {
  return {
    grantId: r.grant_id,
    environmentId: r.environment_id,
    clientId: r.client_id,
    userId: r.user_id,
    organizationId: r.organization_id ?? undefined,
    sessionId: r.session_id,
    identity: JSON.parse(r.identity) as SignInIdentity,
    amr: JSON.parse(r.amr) as string[],
  };
}
