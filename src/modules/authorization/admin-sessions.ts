import type { Kysely } from 'kysely';
import type { AdminLoginLinkRow, Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { getEnvironment } from '../environments/environments.js';
import { FlowError } from './flow-error.js';
import { hashToken, looksLikeFlowSecret, newFlowSecret } from './flow-secrets.js';
import { TTL, inMs, isExpired } from './ttl.js';

/**
 * Administrator sign-in for user verification mode `dashboard_users` (seed: "the user authorizing
 * the connection must already be signed in to the dashboard"). Until Latchkey has a dashboard,
 * `npx latchkey admin login-link --env <name>` prints a one-time link; opening it (and pressing
 * "Sign in") sets an HttpOnly, SameSite=Lax session cookie for that environment.
 */
export const adminLoginUrl = (publicUrl: string, token: string): string => `${publicUrl}/connect/admin/login/${token}`;

export async function createAdminLoginLink(db: Kysely<Tables>, envId: string, publicUrl: string): Promise<{ link: string; expiresAt: Date }> {
  const token = newFlowSecret();
  const now = new Date();
  const expiresAt = inMs(TTL.adminLoginLinkMs, now);
  await db
    .insertInto('admin_login_links')
    .values({ id: newId('alogin'), environment_id: envId, token_hash: hashToken(token), expires_at: expiresAt, used_at: null, created_at: now.toISOString() })
    .execute();
  return { link: adminLoginUrl(publicUrl, token), expiresAt: new Date(expiresAt) };
}

/** The command a person is told to run for a sign-in link (`npx` finds the server's own CLI). */
export const loginLinkCommand = (envName = '<environment>'): string => `npx latchkey admin login-link --env ${envName}`;

/** A login link that can still be redeemed. */
export async function loadAdminLoginLink(db: Kysely<Tables>, token: string): Promise<AdminLoginLinkRow> {
  const invalid = () =>
    new FlowError('invalid_request', 'This sign-in link is not valid', `Create a new one with: ${loginLinkCommand()}`, 404);
  if (!looksLikeFlowSecret(token)) throw invalid();
  const row = await db.selectFrom('admin_login_links').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row) throw invalid();
  if (row.used_at) throw new FlowError('invalid_request', 'This sign-in link has already been used', `Sign-in links work once. Create a new one with: ${loginLinkCommand()}`, 410);
  if (isExpired(row.expires_at)) throw new FlowError('expired_token', 'This sign-in link has expired', `Sign-in links are valid for 15 minutes. Create a new one with: ${loginLinkCommand()}`, 410);
  return row;
}

/** Redeems a login link (once, even under concurrency) for a session token. */
export async function redeemAdminLoginLink(db: Kysely<Tables>, token: string): Promise<{ sessionToken: string; expiresAt: Date; environmentId: string }> {
  const link = await loadAdminLoginLink(db, token);
  const sessionToken = newFlowSecret();
  const now = new Date();
  const expiresAt = inMs(TTL.adminSessionMs, now);
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('admin_login_links').set({ used_at: now.toISOString() }).where('id', '=', link.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new FlowError('invalid_request', 'This sign-in link has already been used', `Sign-in links work once. Create a new one with: ${loginLinkCommand()}`, 410);
    await trx
      .insertInto('admin_sessions')
      .values({ id: newId('asess'), environment_id: link.environment_id, login_link_id: link.id, session_hash: hashToken(sessionToken), expires_at: expiresAt, created_at: now.toISOString() })
      .execute();
  });
  return { sessionToken, expiresAt: new Date(expiresAt), environmentId: link.environment_id };
}

/** The session a cookie value names, if valid (and, when given, for that environment). */
export async function findAdminSession(db: Kysely<Tables>, token: string | undefined, envId?: string): Promise<{ environmentId: string; expiresAt: Date } | undefined> {
  if (!looksLikeFlowSecret(token)) return undefined;
  const row = await db.selectFrom('admin_sessions').selectAll().where('session_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row || isExpired(row.expires_at) || (envId !== undefined && row.environment_id !== envId)) return undefined;
  return { environmentId: row.environment_id, expiresAt: new Date(row.expires_at) };
}

export const ADMIN_LOGIN_REQUIRED = (providerName: string, envName?: string) =>
  new FlowError(
    'login_required',
    'Administrator sign-in required',
    `This environment only lets signed-in Latchkey administrators connect accounts (user verification mode dashboard_users), and this browser is not signed in, so nothing was connected to ${providerName}. ` +
      `An administrator gets a sign-in link by running ${loginLinkCommand(envName)} on the Latchkey server; open it in this browser, press Sign in, then open the authorization link again.`,
    403,
    loginLinkCommand(envName),
  );

/** check_admin_session (dashboard_users): the browser's session must belong to the link's environment. */
export async function requireAdminSession(db: Kysely<Tables>, token: string | undefined, envId: string, providerName: string): Promise<void> {
  if (await findAdminSession(db, token, envId)) return;
  throw ADMIN_LOGIN_REQUIRED(providerName, (await getEnvironment(db, envId))?.name);
}
