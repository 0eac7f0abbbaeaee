import type { Kysely } from 'kysely';
import type { AuthorizationLinkRow, ConnectedAccountRow, Tables } from '../../../storage/schema.js';
import { DomainError } from '../../errors/domain-error.js';
import { getAccountRow } from '../account-rows.js';
import { FlowError } from '../flow-error.js';
import { loadLink, LINK_NOT_VALID } from '../steps/load-link.js';
import { loadConnection, type ConnectionContext } from '../steps/load-connection.js';
import { verificationModeOf, type VerificationMode } from '../verification-mode.js';

export interface LinkContext extends ConnectionContext {
  link: AuthorizationLinkRow;
  account: ConnectedAccountRow;
  /** The environment's user verification mode (OAuth only; undefined when not configured). */
  mode: VerificationMode | undefined;
}

/** Turns a DomainError about the connection into a page the person can act on. */
export function unusableConnection(err: unknown): never {
  if (err instanceof DomainError && err.code === 'failed_precondition') {
    throw new FlowError('invalid_request', 'This connection is not available', `The app's administrator must fix it first: ${err.message}.`, 409);
  }
  if (err instanceof DomainError && err.code === 'not_found') throw LINK_NOT_VALID();
  throw err;
}

/**
 * Step list for opening a link: load_link → load_account → load_connection → check_user_verification.
 * A link whose environment lost its verification mode (or, in custom mode, its verify URL) is
 * refused before anything is sent to the provider.
 */
export async function openLink(db: Kysely<Tables>, token: string): Promise<LinkContext> {
  const link = await loadLink(db, token);
  const account = await getAccountRow(db, link.environment_id, link.account_id).catch(unusableConnection);
  const ctx = await loadConnection(db, link.environment_id, account.connection_id).catch(unusableConnection);
  const mode = ctx.pattern.type === 'OAUTH' ? await verificationModeOf(db, link.environment_id) : undefined;
  if (ctx.pattern.type === 'OAUTH' && (!mode || (mode === 'custom' && !link.user_verify_url))) {
    throw new FlowError(
      'invalid_request',
      'This connection is not available',
      `User verification for ${ctx.providerName} is not set up. Ask the app's administrator to configure it, then request a new link.`,
      409,
    );
  }
  return { ...ctx, link, account, mode };
}
