import type { Logger } from '../../logging/logger.js';
import type { Storage } from '../../storage/database.js';
import type { ConnectedAccountRow } from '../../storage/schema.js';
import { accountFromRow } from '../accounts/account.js';
import { readAccountCredentials } from '../accounts/account-credentials.js';
import { environmentAllowList } from '../egress/environment-allow-list.js';
import type { OutboundFetcher } from '../egress/outbound-fetch.js';
import type { Vault } from '../vault/vault.js';
import { loadRefreshClient } from './load-refresh-client.js';
import { markExpired } from './mark-expired.js';
import { clientRefused, refreshUnavailable } from './refresh-errors.js';
import { withLockedAccount } from './refresh-lock.js';
import { needsRefreshAhead } from './refresh-timing.js';
import { requestRefreshTokenGrant } from './refresh-token-grant.js';
import { storeRefreshedTokens } from './store-refreshed-tokens.js';

export interface RefreshDeps {
  storage: Storage;
  vault: Vault;
  /** Bound per refresh to the account's environment allow-list (non-public hosts it may reach). */
  outbound: OutboundFetcher;
  log: Logger;
}

/** Why a refresh was asked for: the token is about to expire, or the upstream answered 401 to `usedVersion`. */
export type RefreshWant = { kind: 'ahead' } | { kind: 'after_401'; usedVersion: number };

export type RefreshResult =
  /** This call refreshed; `row` holds the new tokens. */
  | { kind: 'refreshed'; row: ConnectedAccountRow }
  /** Nothing to do (another caller or replica refreshed first, or nothing can be refreshed): `row` as locked. */
  | { kind: 'current'; row: ConnectedAccountRow }
  /** The provider refused the grant; the account is now EXPIRED. */
  | { kind: 'expired'; row: ConnectedAccountRow; error: string };

/**
 * One refresh of one account, as named steps inside the account lock:
 * lock_account → check_still_needed → check_refresh_token → load_client → refresh_token_grant →
 * store_tokens | mark_expired. Errors that change nothing (client refused, upstream unreachable or
 * refused by the SSRF guard) roll the transaction back and are thrown; an EXPIRED marking commits,
 * then is reported.
 */
export async function refreshAccount(deps: RefreshDeps, envId: string, accountId: string, want: RefreshWant): Promise<RefreshResult> {
  return withLockedAccount(deps.storage, envId, accountId, async (trx, row) => {
    const now = Date.now();
    // check_still_needed: the row was read after the lock, so another replica's refresh is visible.
    if (row.status !== 'ACTIVE') return { kind: 'current', row };
    if (want.kind === 'after_401' && row.credentials_version > want.usedVersion) return { kind: 'current', row };
    const credentials = await readAccountCredentials(deps.vault, row);
    if (credentials?.kind !== 'oauth') return { kind: 'current', row };
    if (want.kind === 'ahead' && !needsRefreshAhead({ account: accountFromRow(row), credentials }, now)) return { kind: 'current', row };

    // check_refresh_token: without one, a dead access token cannot come back (RFC 6749 §1.5).
    if (credentials.refresh_token === undefined) {
      deps.log.warn({ envId, accountId, reason: want.kind }, 'access token dead and no refresh token; account marked EXPIRED');
      return { kind: 'expired', row: await markExpired(trx, row, now), error: 'no refresh token' };
    }

    const client = await loadRefreshClient(trx, deps.vault, row);
    const started = Date.now();
    const fetch = deps.outbound.forAllowList(await environmentAllowList(trx, row.environment_id));
    const outcome = await requestRefreshTokenGrant(fetch, client, credentials.refresh_token);
    const ms = Date.now() - started;
    const ctx = { envId, accountId, connection: client.connectionName, reason: want.kind, ms };
    switch (outcome.kind) {
      case 'tokens': {
        const stored = await storeRefreshedTokens(trx, deps.vault, row, credentials, outcome.tokens, Date.now());
        const rotated = outcome.tokens.refreshToken !== undefined && outcome.tokens.refreshToken !== credentials.refresh_token;
        deps.log.info({ ...ctx, version: stored.credentials_version, rotated, expiresIn: outcome.tokens.expiresInSeconds }, 'oauth token refreshed');
        return { kind: 'refreshed', row: stored };
      }
      case 'grant_refused':
        deps.log.warn({ ...ctx, error: outcome.error, status: outcome.status }, 'refresh token refused; account marked EXPIRED');
        return { kind: 'expired', row: await markExpired(trx, row, Date.now()), error: outcome.error };
      case 'client_refused':
        deps.log.warn({ ...ctx, error: outcome.error, status: outcome.status }, 'token endpoint refused the connection client');
        throw clientRefused(row, client.connectionName, outcome.error);
      case 'failed':
        deps.log.warn({ ...ctx, error: outcome.error, status: outcome.status }, 'token refresh failed');
        throw refreshUnavailable(row, `the token endpoint answered ${outcome.status} ${outcome.error}`);
      case 'unreachable':
        deps.log.warn({ ...ctx, cause: outcome.reason }, 'token endpoint unreachable');
        throw refreshUnavailable(row, `the token endpoint could not be reached: ${outcome.reason}`);
      case 'refused':
        // Like an unreachable endpoint: the tokens stay; the fix is the provider's URL or the allow-list.
        deps.log.warn({ ...ctx, destination: outcome.destination, kind: outcome.addressKind }, 'token endpoint refused: not a public address');
        throw refreshUnavailable(
          row,
          `Latchkey does not connect to the token endpoint at ${outcome.destination}: it is ${outcome.addressKind}; point the provider at a public address or add the host to the environment's proxy_allowed_hosts`,
        );
    }
  });
}
