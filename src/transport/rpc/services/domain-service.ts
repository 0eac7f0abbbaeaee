import type { Kysely } from 'kysely';
import { DomainService, DomainType, VerificationMethod, VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import type { Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';
import * as domains from '../../../modules/domains/domains.js';
import type { Domain } from '../../../modules/domains/domain.js';
import { verifyDomainByDns } from '../../../modules/domains/verify-domain.js';
import type { TxtLookup } from '../../../modules/domains/txt-lookup.js';
import type { OrganizationRef } from '../../../modules/organizations/organizations.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

function toProto(d: Domain) {
  return {
    id: d.id,
    domain: d.domain,
    environmentId: d.environmentId,
    organizationId: d.organizationId,
    txtRecordKey: d.txtRecordKey,
    txtRecordSecret: d.txtRecordSecret,
    verificationStatus: VerificationStatus[d.verificationStatus],
    verificationMethod: VerificationMethod[d.verificationMethod],
    domainType: DomainType[d.domainType],
    createTime: ts(d.createdAt),
    updateTime: ts(d.updatedAt),
  };
}

type Identities = { case: 'organizationId' | 'externalId'; value: string } | { case: undefined; value?: undefined };

const refOf = (i: Identities): OrganizationRef | undefined =>
  i.case === 'organizationId' ? { id: i.value } : i.case === 'externalId' ? { externalId: i.value } : undefined;

/** The wire's enum to the stored name; UNSPECIFIED is undefined (each RPC picks its default). */
function typeOf(t: DomainType, field: string) {
  if (t === DomainType.DOMAIN_TYPE_UNSPECIFIED) return undefined;
  if (t === DomainType.ALLOWED_EMAIL_DOMAIN || t === DomainType.ORGANIZATION_DOMAIN) return DomainType[t] as 'ALLOWED_EMAIL_DOMAIN' | 'ORGANIZATION_DOMAIN';
  throw invalidArgument(field, 'must be ALLOWED_EMAIL_DOMAIN or ORGANIZATION_DOMAIN');
}

export function domainService(db: Kysely<Tables>, lookup: TxtLookup) {
  return bind(DomainService, {
    async createDomain(req, ctx) {
      if (!req.domain) throw invalidArgument('domain', 'is required');
      const created = await domains.createDomain(db, ctx.principal.environmentId, refOf(req.identities), {
        domain: req.domain.domain,
        domainType: typeOf(req.domain.domainType, 'domain.domain_type'),
      });
      return { domain: toProto(created) };
    },
    async getDomain(req, ctx) {
      return { domain: toProto(await domains.getDomain(db, ctx.principal.environmentId, refOf(req.identities), req.id)) };
    },
    async updateDomain(req, ctx) {
      return { domain: toProto(await domains.updateDomain(db, ctx.principal.environmentId, refOf(req.identities), req.id)) };
    },
    async deleteDomain(req, ctx) {
      await domains.deleteDomain(db, ctx.principal.environmentId, refOf(req.identities), req.id);
      return {};
    },
    async listDomains(req, ctx) {
      const page = await domains.listDomains(db, ctx.principal.environmentId, refOf(req.identities), {
        pageSize: req.pageSize,
        pageNumber: req.pageNumber,
        domainType: typeOf(req.domainType, 'domain_type'),
      });
      return { domains: page.domains.map(toProto), pageSize: page.pageSize, pageNumber: page.pageNumber };
    },
    async verifyDomain(req, ctx) {
      return { verified: await verifyDomainByDns(db, ctx.principal.environmentId, refOf(req.identities), req.id, lookup) };
    },
  });
}
