import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { randomToken } from '../../../storage/ids.js';
import type { Vault } from '../../vault/vault.js';

const MODEL = 'LatchkeyCookieKeys';
const ID = 'current';
const AAD = 'mcp_oauth_entries:cookie_keys';

/**
 * The keys signing oidc-provider's cookies (interaction, resume, session), the same on every
 * replica: created once, stored encrypted by the vault; a concurrent first start keeps the first.
 */
export async function loadCookieKeys(db: Kysely<Tables>, vault: Vault): Promise<string[]> {
  const read = () => db.selectFrom('mcp_oauth_entries').select('payload').where('model', '=', MODEL).where('id_hash', '=', ID).executeTakeFirst();
  let row = await read();
  if (!row) {
    const payload = vault.encrypt(JSON.stringify([randomToken(32)]), AAD);
    await db
      .insertInto('mcp_oauth_entries')
      .values({ model: MODEL, id_hash: ID, payload, grant_id: null, uid: null, expires_at: null, consumed_at: null })
      .onConflict((oc) => oc.columns(['model', 'id_hash']).doNothing())
      .execute();
    row = await read();
  }
  if (!row) throw new Error('cookie keys could not be stored');
  return JSON.parse(await vault.decrypt(row.payload, AAD)) as string[];
}
