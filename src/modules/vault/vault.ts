import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables, VaultKeyRow } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { open, seal } from './aes-gcm.js';
import { FreshReload } from './fresh-reload.js';
import type { MasterKey } from './master-key.js';

const FORMAT = 'v1';
/** Unknown data key ids met in ciphertexts reload the keys at most this often. */
const ON_DEMAND_RELOAD_MS = 1000;

export class VaultError extends Error {}

/**
 * Envelope encryption. Data keys (DEKs) are random AES-256 keys stored wrapped by the master
 * key; every ciphertext names the DEK that sealed it (`v1.<dek id>.<base64url>`), so rotating
 * to a new DEK needs no re-encryption and old ciphertexts still open.
 * Callers pass an AAD naming where the ciphertext lives (e.g. `env_x:organizations:org_y:secret`):
 * a ciphertext copied to another row does not decrypt.
 * Another process (`latchkey keys rotate`, a replica) may add DEKs at any time: a ciphertext
 * naming one this process has not loaded makes it re-read the keys once, then open it.
 */
export class Vault {
  private readonly keys = new Map<string, Buffer>();
  private activeId: string | undefined;
  private readonly reloads = new FreshReload(() => this.load(), ON_DEMAND_RELOAD_MS);

  constructor(private readonly db: Kysely<Tables>, private readonly master: MasterKey) {}

  /** Loads the DEKs; creates the first one on a new database. */
  async init(): Promise<void> {
    await this.load();
    if (!this.activeId) await this.rotate();
  }

  /** Makes a fresh DEK the one that seals new data; the others keep opening old data. */
  async rotate(): Promise<string> {
    const id = newId('dek');
    const key = randomBytes(32);
    const wrapped = seal(this.master.key, key, `vault_keys:${id}`).toString('base64url');
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('vault_keys').set({ active: 0 }).where('active', '=', 1).execute();
      await trx
        .insertInto('vault_keys')
        .values({ id, master_key_id: this.master.id, wrapped_key: wrapped, active: 1, created_at: new Date().toISOString() })
        .execute();
    });
    this.keys.set(id, key);
    this.activeId = id;
    return id;
  }

  /** Re-reads the keys now (periodic reload, before loading signing keys): new DEKs, and the active one. */
  reload(): Promise<void> {
    return this.reloads.now();
  }

  /** The DEK sealing new data (tests, diagnostics). */
  get activeKeyId(): string | undefined {
    return this.activeId;
  }

  encrypt(plaintext: string | Buffer, aad: string): string {
    if (!this.activeId) throw new VaultError('vault not initialised');
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const sealed = seal(this.keys.get(this.activeId)!, data, aad);
    return `${FORMAT}.${this.activeId}.${sealed.toString('base64url')}`;
  }

  async decryptBuffer(ciphertext: string, aad: string): Promise<Buffer> {
    const [format, keyId, body] = ciphertext.split('.');
    if (format !== FORMAT || !keyId || !body) throw new VaultError('not a vault ciphertext');
    if (!this.keys.has(keyId)) await this.reloads.limited();
    const key = this.keys.get(keyId);
    if (!key) throw new VaultError(`ciphertext sealed by unknown data key ${keyId}`);
    try {
      return open(key, Buffer.from(body, 'base64url'), aad);
    } catch {
      throw new VaultError('ciphertext does not open: tampered, or bound to another record');
    }
  }

  async decrypt(ciphertext: string, aad: string): Promise<string> {
    return (await this.decryptBuffer(ciphertext, aad)).toString('utf8');
  }

  /** Adds the DEKs this process has not unwrapped yet and follows the database's active one (the newest, should two be marked). */
  private async load(): Promise<void> {
    const rows = await this.db.selectFrom('vault_keys').selectAll().orderBy('id').execute();
    let active: string | undefined;
    for (const row of rows) {
      if (!this.keys.has(row.id)) this.keys.set(row.id, this.unwrap(row));
      if (row.active) active = row.id;
    }
    if (active) this.activeId = active;
  }

  private unwrap(row: VaultKeyRow): Buffer {
    if (row.master_key_id !== this.master.id) {
      throw new VaultError(
        `vault key ${row.id} was wrapped by master key ${row.master_key_id}, but the configured master key is ${this.master.id}: ` +
          'set LATCHKEY_MASTER_KEY (or DATA_DIR/master.key) to the key this database was created with',
      );
    }
    return open(this.master.key, Buffer.from(row.wrapped_key, 'base64url'), `vault_keys:${row.id}`);
  }
}
