import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { invalidArgument } from '../errors/domain-error.js';
import { getConnectionRow } from '../connections/connections.js';
import { getEnvironment } from '../environments/environments.js';
import { checkIdentifier, findOrCreatePendingAccount, getAccountRow } from './account-rows.js';
import { hashToken, newFlowSecret } from './flow-secrets.js';
import { loadConnection } from './steps/load-connection.js';
import { TTL, inMs } from './ttl.js';
import { validateUserVerifyUrl } from './user-verify-url.js';
import { verificationModeOf, verificationNotConfigured } from './verification-mode.js';

/** GetMagicLinkForConnectedAccount's input: an account id, or a connection name and identifier. */
export interface LinkRequest {
  accountId?: string;
  /** Connection name (the SDK's `connectionName`) or id. */
  connector?: string;
  identifier?: string;
  organizationId?: string;
  userId?: string;
  /** The app's CSRF value, handed back on the redirect to `userVerifyUrl`. */
  state?: string;
  userVerifyUrl?: string;
}

export interface IssuedLink {
  link: string;
  expiresAt: Date;
  accountId: string;
}

export const linkUrl = (publicUrl: string, token: string): string => `${publicUrl}/connect/l/${token}`;

/**
 * Issues an authorization link (`${publicUrl}/connect/l/<token>`, valid TTL.linkMs, completes at
 * most once). The account is created in PENDING_AUTH when missing. OAuth links need the
 * environment's user verification configured, and `custom` mode needs `user_verify_url`.
 */
export async function createAuthorizationLink(db: Kysely<Tables>, envId: string, publicUrl: string, req: LinkRequest): Promise<IssuedLink> {
  if (req.state !== undefined && req.state.length > 1024) throw invalidArgument('state', 'must be at most 1024 characters');
  const verifyUrl = req.userVerifyUrl ? validateUserVerifyUrl(req.userVerifyUrl) : undefined;

  let account;
  if (req.accountId) account = await getAccountRow(db, envId, req.accountId);
  else {
    if (!req.connector?.trim()) throw invalidArgument('connector', 'is required (the connection name) unless id names the connected account');
    const identifier = checkIdentifier(req.identifier);
    const connection = await getConnectionRow(db, envId, { idOrName: req.connector.trim() });
    account = await findOrCreatePendingAccount(db, connection, identifier, { organizationId: req.organizationId, userId: req.userId });
  }
  const ctx = await loadConnection(db, envId, account.connection_id);

  if (ctx.pattern.type === 'OAUTH') {
    const mode = await verificationModeOf(db, envId);
    if (!mode) throw verificationNotConfigured((await getEnvironment(db, envId))?.name ?? envId);
    if (mode === 'custom' && !verifyUrl) {
      throw invalidArgument(
        'user_verify_url',
        "is required: this environment's user verification mode is 'custom', so Latchkey must redirect to your verify route (e.g. https://app.example.com/user/verify) after consent",
      );
    }
  }

  const token = newFlowSecret();
  const now = new Date();
  const expiresAt = inMs(TTL.linkMs, now);
  await db
    .insertInto('authorization_links')
    .values({
      id: newId('alink'),
      environment_id: envId,
      account_id: account.id,
      token_hash: hashToken(token),
      app_state: req.state ?? null,
      user_verify_url: verifyUrl ?? null,
      expires_at: expiresAt,
      completed_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return { link: linkUrl(publicUrl, token), expiresAt: new Date(expiresAt), accountId: account.id };
}
