import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Tables } from '../../../storage/schema.js';

/** Every model id is stored as its SHA-256: codes and tokens are their own ids (opaque format). */
export const hashEntryId = (id: string): string => createHash('sha256').update(id, 'utf8').digest('base64url');

const expiry = (expiresIn: number | undefined): string | null => (expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null);

/**
 * oidc-provider's storage on our database (both dialects): one table, one row per model instance.
 * Expired rows read as absent (the sweep only bounds the table's size); `consume` marks codes and
 * rotated refresh tokens so their reuse is detected (the provider then revokes the whole grant).
 */
export class KyselyAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly model: string,
    private readonly sweep?: { maybeRun(): unknown },
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const row = {
      model: this.model,
      id_hash: hashEntryId(id),
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      uid: payload.uid ?? null,
      expires_at: expiry(expiresIn),
      consumed_at: null,
    };
    await this.db
      .insertInto('mcp_oauth_entries')
      .values(row)
      .onConflict((oc) => oc.columns(['model', 'id_hash']).doUpdateSet({ payload: row.payload, grant_id: row.grant_id, uid: row.uid, expires_at: row.expires_at }))
      .execute();
    void this.sweep?.maybeRun();
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.read('id_hash', hashEntryId(id));
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.read('uid', uid);
  }

  /** Device flow is not enabled: there are no user codes. */
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    await this.db
      .updateTable('mcp_oauth_entries')
      .set({ consumed_at: new Date().toISOString() })
      .where('model', '=', this.model)
      .where('id_hash', '=', hashEntryId(id))
      .execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('mcp_oauth_entries').where('model', '=', this.model).where('id_hash', '=', hashEntryId(id)).execute();
  }

  /** Every code and token of the grant, whatever its model (a reused code or refresh token revokes them all). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom('mcp_oauth_entries').where('grant_id', '=', grantId).execute();
  }

  private async read(column: 'id_hash' | 'uid', value: string): Promise<AdapterPayload | undefined> {
    const row = await this.db
      .selectFrom('mcp_oauth_entries')
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row || (row.expires_at && Date.parse(row.expires_at) <= Date.now())) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: Math.floor(Date.parse(row.consumed_at) / 1000) } : payload;
  }
}
