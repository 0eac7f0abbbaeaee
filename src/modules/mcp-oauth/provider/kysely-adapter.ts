import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Tables } from '../../../storage/schema.js';

/** Every model id is stored as its SHA-256: codes and tokens are their own ids (opaque format). */
export const hashEntryId = (id: string): string => createHash('sha256').update(id, 'utf8').digest('base64url');

const expiry = (expiresIn: number | undefined): string | null => (expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null);

/** The tables holding oidc-provider models (same shape): MCP OAuth's and app sign-in's. */
export type EntryTable = 'mcp_oauth_entries' | 'app_signin_entries';

export interface KyselyAdapterOptions {
  table?: EntryTable;
  /**
   * Codes and refresh tokens are consumed at most once, atomically: a concurrent second use fails
   * with invalid_grant. A token consumed after the current request arrived (less `reuseGraceMs`)
   * reads as unconsumed, so a concurrent duplicate fails without revoking the grant (its winner's
   * new token stays live); a later reuse is reported to the provider, which revokes the whole grant.
   */
  singleUse?: { reuseGraceMs: number; requestArrivedAt(): number | undefined };
}

/**
 * oidc-provider's storage on our database (both dialects): one table, one row per model instance.
 * Expired rows read as absent (the sweep only bounds the table's size); `consume` marks codes and
 * rotated refresh tokens so their reuse is detected (the provider then revokes the whole grant).
 */
export class KyselyAdapter implements Adapter {
  private readonly table: 'mcp_oauth_entries';

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly model: string,
    private readonly sweep?: { maybeRun(): unknown },
    private readonly options: KyselyAdapterOptions = {},
  ) {
    // Both tables have the same columns; Kysely's types need one name.
    this.table = (options.table ?? 'mcp_oauth_entries') as 'mcp_oauth_entries';
  }

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
      .insertInto(this.table)
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
    let update = this.db.updateTable(this.table).set({ consumed_at: new Date().toISOString() }).where('model', '=', this.model).where('id_hash', '=', hashEntryId(id));
    if (this.options.singleUse) update = update.where('consumed_at', 'is', null);
    const result = await update.executeTakeFirst();
    if (this.options.singleUse && Number(result.numUpdatedRows) === 0) throw new errors.InvalidGrant('this grant was already used by a concurrent request');
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom(this.table).where('model', '=', this.model).where('id_hash', '=', hashEntryId(id)).execute();
  }

  /** Every code and token of the grant, whatever its model (a reused code or refresh token revokes them all). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom(this.table).where('grant_id', '=', grantId).execute();
  }

  private async read(column: 'id_hash' | 'uid', value: string): Promise<AdapterPayload | undefined> {
    const row = await this.db
      .selectFrom(this.table)
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row || (row.expires_at && Date.parse(row.expires_at) <= Date.now())) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    if (!row.consumed_at) return payload;
    const single = this.options.singleUse;
    // consume() refuses it (see KyselyAdapterOptions).
    if (single && Date.parse(row.consumed_at) > (single.requestArrivedAt() ?? Date.now()) - single.reuseGraceMs) return payload;
    return { ...payload, consumed: Math.floor(Date.parse(row.consumed_at) / 1000) };
  }
}
