import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { DomainRow } from '../../storage/schema-roles-domains-tokens.js';
import { DomainError, notFound } from '../errors/domain-error.js';
import type { OrganizationRef } from '../organizations/organizations.js';
import { assertNotClaimedByAnother } from './domain-claims.js';
import { domainFromRow, type Domain } from './domain.js';
import { getDomainRow } from './domains.js';
import { DnsLookupError, type TxtLookup } from './txt-lookup.js';

type Db = Kysely<Tables>;

async function markVerified(db: Db, row: DomainRow, method: DomainRow['verification_method']): Promise<Domain> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    // Checked again at the write: two organizations verifying at once cannot both win.
    await assertNotClaimedByAnother(trx, row.environment_id, row.organization_id, row.domain);
    await trx.updateTable('domains').set({ verification_status: 'VERIFIED', verification_method: method, verified_at: now, updated_at: now }).where('id', '=', row.id).execute();
  });
  return domainFromRow({ ...row, verification_status: 'VERIFIED', verification_method: method, verified_at: now, updated_at: now });
}

/**
 * VerifyDomain: looks for the domain's TXT record (txt_record_secret at txt_record_key). Found:
 * VERIFIED. Absent: FAILED for now (a later call may still succeed). A resolver that cannot answer
 * is Unavailable, and the status is left as it was.
 */
export async function verifyDomainByDns(db: Db, envId: string, ref: OrganizationRef | undefined, id: string, lookup: TxtLookup): Promise<boolean> {
  const row = await getDomainRow(db, envId, ref, id);
  if (row.verification_status === 'VERIFIED') return true;
  await assertNotClaimedByAnother(db, envId, row.organization_id, row.domain);
  let records: string[];
  try {
    records = await lookup(row.txt_record_key);
  } catch (err) {
    if (!(err instanceof DnsLookupError)) throw err;
    throw new DomainError('unavailable', `the DNS lookup of ${row.txt_record_key} failed (${err.code}); try again later`, { reason: 'DNS_LOOKUP_FAILED' });
  }
  if (records.some((r) => r.trim() === row.txt_record_secret)) {
    await markVerified(db, row, 'DNS');
    return true;
  }
  await db.updateTable('domains').set({ verification_status: 'FAILED', updated_at: new Date().toISOString() }).where('id', '=', row.id).execute();
  return false;
}

/** The administrator's override (`latchkey domains verify <id> --force`): verified without DNS, still one owner per domain. */
export async function verifyDomainByAdmin(db: Db, envId: string, id: string): Promise<Domain> {
  const row = await db.selectFrom('domains').selectAll().where('environment_id', '=', envId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('domain', id);
  return markVerified(db, row, 'ADMIN');
}
