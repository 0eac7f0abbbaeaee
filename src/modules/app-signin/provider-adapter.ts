import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Tables } from '../../storage/schema.js';
import type { Sessions } from '../sessions/index.js';
import { KyselyAdapter } from '../mcp-oauth/provider/kysely-adapter.js';
import { clientMetadata } from './client-metadata.js';
import { requestArrivedAt } from './token-request.js';
import { sessionStateOf, signInOf } from './token-claims.js';
import { endSessionsOfGrants } from './signin-grants.js';

/** A refresh arriving this soon after its token rotated fails without revoking the family (a duplicate, not a replay). */
export const DEFAULT_REUSE_GRACE_MS = 2_000;
const SINGLE_USE = new Set(['AuthorizationCode', 'RefreshToken']);

/** API clients are not stored by the provider: they are the environment's clients, read-only here. */
class ApiClientAdapter implements Adapter {
  constructor(private readonly db: Kysely<Tables>) {}
  find(id: string): Promise<AdapterPayload | undefined> {
    return clientMetadata(this.db, id);
  }
  async upsert(): Promise<void> {
    throw new Error('API clients are managed with the clients API, not by the provider');
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

/**
 * A grant exists only while its sign-in session does: a revoked, logged-out or lapsed session
 * makes the provider answer invalid_grant to the refresh (checked before the token rotates). The
 * check counts as session activity (the idle window moves).
 */
class SessionBoundGrantAdapter extends KyselyAdapter {
  constructor(
    private readonly store: Kysely<Tables>,
    private readonly sessions: Sessions,
    sweep?: { maybeRun(): unknown },
  ) {
    super(store, 'Grant', sweep, { table: 'app_signin_entries' });
  }

  override async find(id: string): Promise<AdapterPayload | undefined> {
    const [payload, signIn] = await Promise.all([super.find(id), signInOf(this.store, id)]);
    // No check (it counts as activity) for a grant that is gone or expired.
    if (!payload || !signIn) return undefined;
    const check = await this.sessions.checkSession(signIn.sessionId, await sessionStateOf(signIn.sessionId));
    return check.active ? payload : undefined;
  }

  /**
   * The provider destroys a grant only when it revokes it (a reused code or refresh token): logout
   * keeps grants (expiresWithSession is false), and app-signin-mount.ts ends those sessions. The
   * session ends here, awaited, so the answer is not sent before it has.
   */
  override async destroy(id: string): Promise<void> {
    await super.destroy(id);
    await endSessionsOfGrants(this.store, this.sessions, [id], 'REVOKED');
  }
}

export function appSignInAdapter(db: Kysely<Tables>, sessions: Sessions, opts: { reuseGraceMs: number; sweep?: { maybeRun(): unknown } }) {
  return (model: string): Adapter => {
    if (model === 'Client') return new ApiClientAdapter(db);
    if (model === 'Grant') return new SessionBoundGrantAdapter(db, sessions, opts.sweep);
    return new KyselyAdapter(db, model, opts.sweep, { table: 'app_signin_entries', singleUse: SINGLE_USE.has(model) ? { reuseGraceMs: opts.reuseGraceMs, requestArrivedAt } : undefined });
  };
}
