import type { Kysely } from 'kysely';
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import type { Tables } from '../../../storage/schema.js';
import * as orgs from '../../../modules/organizations/organizations.js';
import type { Organization } from '../../../modules/organizations/organization.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

function toProto(o: Organization) {
  return {
    id: o.id,
    displayName: o.displayName,
    externalId: o.externalId,
    regionCode: o.regionCode,
    metadata: o.metadata,
    settings: { features: o.features },
    slug: o.slug,
    logoUrl: o.logoUrl,
    createTime: ts(o.createdAt),
    updateTime: ts(o.updatedAt),
  };
}

type Identities = { case: 'id'; value: string } | { case: 'externalId'; value: string } | { case: undefined; value?: undefined };

function refOf(identities: Identities): orgs.OrganizationRef {
  if (identities.case === 'id') return { id: identities.value };
  if (identities.case === 'externalId') return { externalId: identities.value };
  throw invalidArgument('id', 'or external_id is required');
}

export function organizationService(db: Kysely<Tables>) {
  return bind(OrganizationService, {
    async createOrganization(req, ctx) {
      if (!req.organization) throw invalidArgument('organization', 'is required');
      const o = req.organization;
      const created = await orgs.createOrganization(db, ctx.principal.environmentId, {
        displayName: o.displayName,
        externalId: o.externalId,
        metadata: o.metadata,
        slug: o.slug,
        logoUrl: o.logoUrl,
        regionCode: o.regionCode,
      });
      return { organization: toProto(created) };
    },
    async getOrganization(req, ctx) {
      return { organization: toProto(await orgs.getOrganization(db, ctx.principal.environmentId, refOf(req.identities))) };
    },
    async getOrganizationByExternalId(req, ctx) {
      return { organization: toProto(await orgs.getOrganization(db, ctx.principal.environmentId, refOf(req.identities))) };
    },
    async listOrganization(req, ctx) {
      const page = await orgs.listOrganizations(db, ctx.principal.environmentId, {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        externalId: req.externalId,
      });
      return { organizations: page.items.map(toProto), nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken, totalSize: page.totalSize };
    },
    async searchOrganization(req, ctx) {
      const page = await orgs.listOrganizations(db, ctx.principal.environmentId, { pageSize: req.pageSize, pageToken: req.pageToken, query: req.query });
      return { organizations: page.items.map(toProto), nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken, totalSize: page.totalSize };
    },
    async updateOrganization(req, ctx) {
      if (!req.organization) throw invalidArgument('organization', 'is required');
      const o = req.organization;
      // proto3 maps have no presence: an empty metadata map means "leave as is" unless the mask names it.
      const maskPaths = req.updateMask?.paths ?? [];
      const metadata = Object.keys(o.metadata).length || maskPaths.includes('metadata') ? o.metadata : undefined;
      const updated = await orgs.updateOrganization(db, ctx.principal.environmentId, refOf(req.identities), {
        displayName: o.displayName,
        externalId: o.externalId,
        metadata,
        slug: o.slug,
        logoUrl: o.logoUrl,
      });
      return { organization: toProto(updated) };
    },
    async deleteOrganization(req, ctx) {
      await orgs.deleteOrganization(db, ctx.principal.environmentId, refOf(req.identities));
      return {};
    },
    async updateOrganizationSettings(req, ctx) {
      if (!req.id) throw invalidArgument('id', 'is required');
      const updated = await orgs.updateOrganizationSettings(db, ctx.principal.environmentId, req.id, req.settings?.features ?? []);
      return { organization: toProto(updated) };
    },
  });
}
