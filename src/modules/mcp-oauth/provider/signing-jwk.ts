import type { Kysely } from 'kysely';
import type { JWK } from 'jose';
import type { Tables } from '../../../storage/schema.js';
import type { Vault } from '../../vault/vault.js';

/**
 * The server's active signing key as a private JWK, for the few JWTs the provider signs (ID tokens
 * when a client asks for `openid`). Access tokens are opaque, so key rotation never touches them;
 * the provider picks a rotated key up at its next start. The AAD is signing-keys.ts's.
 */
export async function activeSigningJwk(db: Kysely<Tables>, vault: Vault): Promise<JWK> {
  const row = await db.selectFrom('signing_keys').selectAll().where('status', '=', 'active').orderBy('kid', 'desc').limit(1).executeTakeFirstOrThrow();
  const jwk = JSON.parse(await vault.decrypt(row.private_jwk_ciphertext, `signing_keys:${row.kid}:private_jwk`)) as JWK;
  return { ...jwk, kid: row.kid, alg: row.algorithm, use: 'sig' };
}
