import type { Kysely } from 'kysely';
import type { AuthorizationRequestRow, Tables } from '../../../storage/schema.js';
import { getEnvironment } from '../../environments/environments.js';
import { findAdminSession, loginLinkCommand } from '../admin-sessions.js';
import { FlowError } from '../flow-error.js';
import type { VerificationMode } from '../verification-mode.js';

/**
 * check_admin_session (dashboard_users) — runs before claim_callback, so a browser without an
 * administrator session leaves the state unclaimed and the code unexchanged: once signed in,
 * reloading the same callback URL completes the flow (until the request expires, or the provider's
 * code does). Signing in cannot fix a provider's error, so a callback carrying `error` is not held.
 */
export async function checkAdminSession(
  db: Kysely<Tables>,
  request: AuthorizationRequestRow,
  mode: VerificationMode | undefined,
  query: Record<string, string | undefined>,
  adminSessionToken: string | undefined,
): Promise<void> {
  if (mode !== 'dashboard_users' || query.error !== undefined) return;
  if (await findAdminSession(db, adminSessionToken, request.environment_id)) return;
  const command = loginLinkCommand((await getEnvironment(db, request.environment_id))?.name);
  throw new FlowError(
    'login_required',
    'Administrator sign-in required',
    'This environment only lets signed-in Latchkey administrators connect accounts (user verification mode dashboard_users), and this browser is not signed in, so nothing has been connected yet. ' +
      `An administrator gets a sign-in link by running ${command} on the Latchkey server; open it in this browser and press Sign in, then reload this page to finish connecting (within 10 minutes of starting).`,
    403,
    command,
  );
}
