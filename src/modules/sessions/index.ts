import type { Page } from '../paging/keyset-page.js';
import { checkSession, type SessionState } from './check-session.js';
import { endSession, revokeAllUserSessions, revokeSession } from './end-session.js';
import { getSession, listUserSessions, type SessionListOptions } from './list-sessions.js';
import type { SessionDeps } from './session-deps.js';
import { startSession } from './start-session.js';
import type { EndReason, Session, SessionCheck, StartedSession, StartSessionInput } from './session.js';

export type { SessionDefaults, SessionDeps } from './session-deps.js';
export type { EndReason, Session, SessionCheck, SessionStatus, StartedSession, StartSessionInput } from './session.js';
export type { SessionListOptions } from './list-sessions.js';
export { sessionDefaultsFrom } from './session-defaults.js';

/**
 * End-user sessions of app sign-in. The authorization server starts one when a login finishes, checks
 * it on every refresh (which also counts as activity) and ends it on logout; SessionService reads and
 * revokes them. Lookups by id alone (check, end) come from our own tokens' `sid`; the RPC side is
 * always scoped to the caller's environment.
 */
export interface Sessions {
  startSession(input: StartSessionInput): Promise<StartedSession>;
  /** `known`: the session's state just read along with something else (one query fewer). */
  checkSession(sessionId: string, known?: SessionState): Promise<SessionCheck>;
  endSession(sessionId: string, reason?: EndReason): Promise<Session | undefined>;
  getSession(environmentId: string, sessionId: string): Promise<Session>;
  listUserSessions(environmentId: string, userId: string, options?: SessionListOptions): Promise<Page<Session>>;
  revokeSession(environmentId: string, sessionId: string): Promise<Session>;
  revokeAllUserSessions(environmentId: string, userId: string): Promise<Session[]>;
}

export function createSessions(deps: SessionDeps): Sessions {
  return {
    startSession: (input) => startSession(deps, input),
    checkSession: (id, known) => checkSession(deps, id, known),
    endSession: (id, reason) => endSession(deps, id, reason),
    getSession: (env, id) => getSession(deps, env, id),
    listUserSessions: (env, userId, o) => listUserSessions(deps, env, userId, o),
    revokeSession: (env, id) => revokeSession(deps, env, id),
    revokeAllUserSessions: (env, userId) => revokeAllUserSessions(deps, env, userId),
  };
}
export { applicationSessionPolicy } from './application-policy.js';
