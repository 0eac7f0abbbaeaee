import type { AccountCredentials, ConnectedAccount } from '../accounts/account.js';

/** Usable credentials of one account, with the version they were read at. */
export interface UsableCredentials {
  account: ConnectedAccount;
  credentials: AccountCredentials;
  /** `credentials_version` of the row these came from; pass it back to `refreshAfterUnauthorized`. */
  version: number;
}

/**
 * How the proxy and tools obtain an account's credentials. The implementation refreshes OAuth
 * tokens ahead of expiry (single-flight per account in-process, a row lock across replicas).
 */
export interface CredentialSource {
  /** Throws failed_precondition naming the status when the account is not ACTIVE. */
  getUsable(envId: string, accountId: string): Promise<UsableCredentials>;
  /**
   * The upstream answered 401 with credentials at `usedVersion`: refresh once (unless another
   * caller already did) and return the new credentials; marks the account EXPIRED and throws
   * failed_precondition if the provider refuses the refresh.
   */
  refreshAfterUnauthorized(envId: string, accountId: string, usedVersion: number): Promise<UsableCredentials>;
}
