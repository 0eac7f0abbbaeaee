import type { AuthorizationRequestRow } from '../../storage/schema.js';
import type { Vault } from '../vault/vault.js';
import type { AccountCredentials } from '../accounts/account.js';

/** What an authorization produced: held in the authorization request until verified, then written to the account. */
export interface HeldGrant {
  credentials: AccountCredentials;
  token_expires_at: string | null;
  scopes: string[];
  account_fields: Record<string, string>;
  authorized_user_id: string | null;
  authorized_user_email: string | null;
}

/** The encrypted part of an authorization request: the PKCE verifier, later the grant. */
export interface RequestSecrets {
  code_verifier?: string;
  requested_scopes?: string[];
  grant?: HeldGrant;
}

const aad = (envId: string, requestId: string) => `${envId}:authorization_requests:${requestId}:secrets`;

export const sealRequestSecrets = (vault: Vault, envId: string, requestId: string, s: RequestSecrets): string =>
  vault.encrypt(JSON.stringify(s), aad(envId, requestId));

export async function openRequestSecrets(
  vault: Vault,
  row: Pick<AuthorizationRequestRow, 'id' | 'environment_id' | 'secrets_ciphertext'>,
): Promise<RequestSecrets> {
  if (!row.secrets_ciphertext) return {};
  return JSON.parse(await vault.decrypt(row.secrets_ciphertext, aad(row.environment_id, row.id))) as RequestSecrets;
}
