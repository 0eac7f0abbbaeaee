import type { ConnectionRow } from '../../storage/schema.js';
import type { Vault } from '../vault/vault.js';

/** Binds a client secret ciphertext to its row: copied to another connection, it does not open. */
export const clientSecretAad = (envId: string, connectionId: string): string => `${envId}:connections:${connectionId}:client_secret`;

export function sealClientSecret(vault: Vault, envId: string, connectionId: string, secret: string): string {
  return vault.encrypt(secret, clientSecretAad(envId, connectionId));
}

/** What responses may show of a secret: `••••` and its last 4 characters (nothing of a short one). */
export function secretHint(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}

/** The connection's OAuth client secret in clear, for the OAuth flow only; undefined when none is set. */
export async function readConnectionSecret(
  vault: Vault,
  row: Pick<ConnectionRow, 'id' | 'environment_id' | 'client_secret_ciphertext'>,
): Promise<string | undefined> {
  if (row.client_secret_ciphertext === null) return undefined;
  return vault.decrypt(row.client_secret_ciphertext, clientSecretAad(row.environment_id, row.id));
}
