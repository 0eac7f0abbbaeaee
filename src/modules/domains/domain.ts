import type { DomainRow } from '../../storage/schema-roles-domains-tokens.js';

export type DomainType = DomainRow['domain_type'];
export type VerificationStatus = DomainRow['verification_status'];

export interface Domain {
  id: string;
  environmentId: string;
  organizationId: string;
  domain: string;
  domainType: DomainType;
  /** The DNS name that must carry the TXT record. */
  txtRecordKey: string;
  /** The TXT record's value. Not a credential: it proves control of the zone only once published. */
  txtRecordSecret: string;
  verificationStatus: VerificationStatus;
  verificationMethod: DomainRow['verification_method'];
  createdAt: Date;
  updatedAt: Date;
}

export const domainFromRow = (r: DomainRow): Domain => ({
  id: r.id,
  environmentId: r.environment_id,
  organizationId: r.organization_id,
  domain: r.domain,
  domainType: r.domain_type,
  txtRecordKey: r.txt_record_key,
  txtRecordSecret: r.txt_record_secret,
  verificationStatus: r.verification_status,
  verificationMethod: r.verification_method,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** The DNS name under which an organization publishes the verification record (its own label, beside any other TXT). */
export const txtRecordKeyFor = (domain: string) => `_latchkey-verification.${domain}`;
export const TXT_SECRET_PREFIX = 'latchkey-domain-verification=';
