import { DomainError } from '../errors/domain-error.js';

/** Every error the credentials module throws; messages name the account, never a secret. */
type AccountRef = { identifier: string; status: string };

const RECONNECT = 'create a new authorization link for it to reconnect';

export const accountNotActive = (a: AccountRef): DomainError =>
  new DomainError('failed_precondition', `connected account '${a.identifier}' is ${a.status}, not ACTIVE; ${RECONNECT}`, {
    reason: `CONNECTED_ACCOUNT_${a.status}`,
  });

export const accountExpiredByProvider = (a: AccountRef, error: string): DomainError =>
  new DomainError(
    'failed_precondition',
    `connected account '${a.identifier}' is now EXPIRED: the provider refused to refresh its token (${error}); ${RECONNECT}`,
    { reason: 'CONNECTED_ACCOUNT_EXPIRED' },
  );

export const noCredentials = (a: AccountRef): DomainError =>
  new DomainError('failed_precondition', `connected account '${a.identifier}' has no stored credentials; ${RECONNECT}`, {
    reason: 'CONNECTED_ACCOUNT_NO_CREDENTIALS',
  });

export const staticCredentialsRejected = (a: AccountRef): DomainError =>
  new DomainError(
    'failed_precondition',
    `the provider rejected the credentials of connected account '${a.identifier}', and static credentials cannot be refreshed; update them on the account`,
    { reason: 'CONNECTED_ACCOUNT_CREDENTIALS_REJECTED' },
  );

export const clientRefused = (a: AccountRef, connectionName: string, error: string): DomainError =>
  new DomainError(
    'failed_precondition',
    `the provider refused connection '${connectionName}' (${error}) while refreshing the token of connected account '${a.identifier}'; check the connection's client id and secret`,
    { reason: 'CONNECTION_CLIENT_REJECTED' },
  );

export const refreshUnavailable = (a: AccountRef, why: string): DomainError =>
  new DomainError('unavailable', `could not refresh the token of connected account '${a.identifier}' (${why}); retry shortly`, {
    reason: 'TOKEN_REFRESH_UNAVAILABLE',
  });
