import type { Kysely } from 'kysely';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SigningKeyRow, Tables } from '../../storage/schema.js';
import type { Logger } from '../../logging/logger.js';
import { newId } from '../../storage/ids.js';
import type { Vault } from '../vault/vault.js';
import { FreshReload } from '../vault/fresh-reload.js';
import { compiledOnce } from '../../storage/compiled-once.js';

export const SIGNING_ALG = 'RS256';

/**
 * How long a retired key stays in /keys beyond the token lifetime. A server stops signing with
 * a key within one token issuance of its retirement (signingKeyForToken asks the database
 * first), so this margin only has to cover that moment and clock skew between hosts.
 */
export const RETIRED_KEY_MARGIN_SECONDS = 60;
/** Tokens naming a kid this process does not know reload the keys at most this often. */
const UNKNOWN_KID_RELOAD_MS = 1000;

/** How stale a server's idea of the active signing key may be when it signs (see signingKeyForToken). */
const ACTIVE_KID_CHECK_MS = 1000;
/** Read before tokens are signed, at most once a second (the token endpoints' hot path): compiled once. */
const activeKid = compiledOnce([], (db) => db.selectFrom('signing_keys').select('kid').where('status', '=', 'active').orderBy('kid', 'desc').limit(1));

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

interface PublishedKey {
  kid: string;
  jwk: JWK;
  key: CryptoKey;
  /** Epoch ms; undefined while active. */
  retiredAt: number | undefined;
}

const aadFor = (kid: string) => `signing_keys:${kid}:private_jwk`;

/** Published: active, retired after `cutoff`, or the key this process signs with (even if retired elsewhere). */
const isLive = (k: Pick<PublishedKey, 'kid' | 'retiredAt'>, signingKid: string | undefined, cutoff: number): boolean =>
  k.retiredAt === undefined || k.kid === signingKid || k.retiredAt > cutoff;

/**
 * RS256 signing keys. One is `active` (signs); rotated keys become `retired` and stay in the
 * JWKS until every token they signed has expired, so rotation never breaks a live token.
 * Another process may rotate at any time: the periodic reload, a token naming an unknown kid,
 * and every issuance (which checks the database's active kid) pick the new key up.
 */
export class SigningKeys {
  private active: SigningKey | undefined;
  private published: PublishedKey[] = [];
  /** Active in the database but its private key does not open here: retried by the timer, not per token. */
  private unusableKid: string | undefined;
  private readonly reloads = new FreshReload(() => this.load(), UNKNOWN_KID_RELOAD_MS);
  /** Epoch ms of the last active-kid check (signingKeyForToken), and the one in flight. */
  private kidCheckedAt = 0;
  private kidCheck: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly vault: Vault,
    private readonly tokenTtlSeconds: number,
    private readonly log?: Pick<Logger, 'warn'>,
  ) {}

  /** Seconds a retired key stays in /keys. */
  get retentionSeconds(): number {
    return this.tokenTtlSeconds + RETIRED_KEY_MARGIN_SECONDS;
  }

  async init(): Promise<void> {
    await this.reload();
    if (!this.active) await this.rotate();
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

  /** Reads keys from the database (another replica or the CLI may have rotated), data keys first. */
  reload(): Promise<void> {
    return this.reloads.now();
  }

  /** The key signing tokens now, as last loaded (no database check; tests and diagnostics). */
  signingKey(): SigningKey {
    if (!this.active) throw new Error('no active signing key');
    return this.active;
  }

  /**
   * The key to sign a token with, made sure to be the database's active one at most
   * ACTIVE_KID_CHECK_MS ago, so a server stops signing with a key another process retired within a
   * second. A retired key stays in /keys for the token lifetime + RETIRED_KEY_MARGIN_SECONDS, so
   * what is signed in that second still verifies; checking before every token cost a query per token.
   */
  async signingKeyForToken(): Promise<SigningKey> {
    if (Date.now() - this.kidCheckedAt >= ACTIVE_KID_CHECK_MS) {
      this.kidCheck ??= this.checkActiveKid().finally(() => (this.kidCheck = undefined));
      await this.kidCheck;
    }
    return this.signingKey();
  }

  private async checkActiveKid(): Promise<void> {
    const [row] = await activeKid(this.db, {});
    this.kidCheckedAt = Date.now();
    if (row && row.kid !== this.active?.kid && row.kid !== this.unusableKid) {
      await this.reload().catch((err) => this.log?.warn({ err: (err as Error).message }, 'signing key reload failed; still signing with the key loaded before'));
    }
  }

  /** The key for `kid`; an unknown kid reloads the keys (at most once a second) in case another process rotated. */
  async verifyKey(kid: string): Promise<CryptoKey | undefined> {
    let found = this.published.find((k) => k.kid === kid);
    if (!found) {
      await this.reloads.limited();
      found = this.published.find((k) => k.kid === kid);
    }
    return found && isLive(found, this.active?.kid, this.cutoff()) ? found.key : undefined;
  }

  publicJwks(): { keys: JWK[] } {
    const cutoff = this.cutoff();
    return { keys: this.published.filter((k) => isLive(k, this.active?.kid, cutoff)).map((k) => k.jwk) };
  }

  /** Retired before this instant: out of /keys. */
  private cutoff(now = Date.now()): number {
    return now - this.retentionSeconds * 1000;
  }

  /** Builds the whole new state before swapping it in, so a failure leaves the previous keys in use. */
  private async load(): Promise<void> {
    await this.vault.reload();
    const rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('kid', 'desc').execute();
    const activeRow = rows.find((r) => r.status === 'active');
    const active = activeRow ? await this.usableActive(activeRow) : this.active;
    const before = new Map(this.published.map((k) => [k.kid, k.key]));
    const published: PublishedKey[] = [];
    for (const row of rows) {
      const retiredAt = row.status === 'active' ? undefined : Date.parse(row.retired_at ?? '') || 0;
      if (!isLive({ kid: row.kid, retiredAt }, active?.kid, this.cutoff())) continue;
      const jwk = JSON.parse(row.public_jwk) as JWK;
      published.push({ kid: row.kid, jwk, retiredAt, key: before.get(row.kid) ?? ((await importJWK(jwk, SIGNING_ALG)) as CryptoKey) });
    }
    this.active = active;
    this.published = published;
  }

  /** The active row as a signing key; if its private key does not open, the previous key (one warning), never none. */
  private async usableActive(row: SigningKeyRow): Promise<SigningKey | undefined> {
    if (row.kid === this.active?.kid) return this.active;
    try {
      const privateJwk = JSON.parse(await this.vault.decrypt(row.private_jwk_ciphertext, aadFor(row.kid))) as JWK;
      const key = { kid: row.kid, publicJwk: JSON.parse(row.public_jwk) as JWK, privateKey: (await importJWK(privateJwk, SIGNING_ALG)) as CryptoKey };
      this.unusableKid = undefined;
      return key;
    } catch (err) {
      if (!this.active) throw err; // at start-up: refuse to serve without a key
      this.unusableKid = row.kid;
      this.log?.warn({ kid: row.kid, err: (err as Error).message }, 'cannot open the active signing key; still signing with the previous one');
      return this.active;
    }
  }
}
