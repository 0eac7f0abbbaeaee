import type { Kysely } from 'kysely';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import type { Vault } from '../vault/vault.js';

export const SIGNING_ALG = 'RS256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const aadFor = (kid: string) => `signing_keys:${kid}:private_jwk`;

/**
 * RS256 signing keys. One is `active` (signs); rotated keys become `retired` and stay in the
 * JWKS until every token they signed has expired, so rotation never breaks a live token.
 */
export class SigningKeys {
  private active: SigningKey | undefined;
  private jwks: JWK[] = [];
  private verifyKeys = new Map<string, CryptoKey>();

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly vault: Vault,
    private readonly tokenTtlSeconds: number,
  ) {}

  async init(): Promise<void> {
    await this.reload();
    if (!this.active) {
      await this.rotate();
    }
  }

  async rotate(): Promise<string> {
    const kid = newId('snk');
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true, modulusLength: 2048 });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    const privateJwk = await exportJWK(privateKey);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('signing_keys').set({ status: 'retired', retired_at: now }).where('status', '=', 'active').execute();
      await trx
        .insertInto('signing_keys')
        .values({
          kid,
          algorithm: SIGNING_ALG,
          public_jwk: JSON.stringify(publicJwk),
          private_jwk_ciphertext: this.vault.encrypt(JSON.stringify(privateJwk), aadFor(kid)),
          status: 'active',
          created_at: now,
          retired_at: null,
        })
        .execute();
    });
    await this.reload();
    return kid;
  }

  /** Reads keys from the database (another replica or the CLI may have rotated). */
  async reload(): Promise<void> {
    this.lastReload = Date.now();
    const cutoff = new Date(Date.now() - this.tokenTtlSeconds * 1000 - 60_000).toISOString();
    const rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('kid', 'desc').execute();
    const live = rows.filter((r) => r.status === 'active' || (r.retired_at !== null && r.retired_at > cutoff));
    this.jwks = live.map((r) => JSON.parse(r.public_jwk) as JWK);
    this.verifyKeys = new Map();
    for (const jwk of this.jwks) this.verifyKeys.set(jwk.kid!, (await importJWK(jwk, SIGNING_ALG)) as CryptoKey);
    const activeRow = rows.find((r) => r.status === 'active');
    this.active = activeRow
      ? {
          kid: activeRow.kid,
          publicJwk: JSON.parse(activeRow.public_jwk),
          privateKey: (await importJWK(JSON.parse(this.vault.decrypt(activeRow.private_jwk_ciphertext, aadFor(activeRow.kid))), SIGNING_ALG)) as CryptoKey,
        }
      : undefined;
  }

  signingKey(): SigningKey {
    if (!this.active) throw new Error('no active signing key');
    return this.active;
  }

  private lastReload = 0;

  /** The key for `kid`; an unknown kid triggers one reload (at most every 5 s) in case another process rotated. */
  async verifyKey(kid: string): Promise<CryptoKey | undefined> {
    const key = this.verifyKeys.get(kid);
    if (key || Date.now() - this.lastReload < 5000) return key;
    await this.reload();
    return this.verifyKeys.get(kid);
  }

  publicJwks(): { keys: JWK[] } {
    return { keys: this.jwks };
  }
}
