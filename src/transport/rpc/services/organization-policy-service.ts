import type { Kysely } from 'kysely';
import { OrganizationService, SessionPolicyType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { TimeUnit } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
import type { Tables } from '../../../storage/schema.js';
import type { Vault } from '../../../modules/vault/vault.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';
import { APPLICATION_SESSION_POLICY, getSessionPolicy, updateSessionPolicy, type SessionPolicy, type TimeUnitName } from '../../../modules/organizations/session-policy.js';
import { getUserManagementSettings, upsertUserManagementSettings } from '../../../modules/organizations/user-management-settings.js';
import { deletePortalLinks, generatePortalLink, listPortalLinks, type PortalLink } from '../../../modules/organizations/portal-links.js';
import { getOrganization } from '../../../modules/organizations/organizations.js';
import { applicationSessionPolicy, type SessionDefaults } from '../../../modules/sessions/index.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

function unitOf(u: TimeUnit | undefined, field: string): TimeUnitName | undefined {
  if (u === undefined) return undefined;
  if (u === TimeUnit.MINUTES || u === TimeUnit.HOURS || u === TimeUnit.DAYS) return TimeUnit[u] as TimeUnitName;
  throw invalidArgument(field, 'must be MINUTES, HOURS or DAYS');
}

const unitToProto = (u: TimeUnitName | undefined) => (u ? TimeUnit[u] : undefined);

function policyToProto(p: SessionPolicy) {
  return {
    policySource: SessionPolicyType[p.source],
    absoluteSessionTimeout: p.absoluteTimeout,
    absoluteSessionTimeoutUnit: unitToProto(p.absoluteTimeoutUnit),
    idleSessionTimeoutEnabled: p.idleTimeoutEnabled,
    idleSessionTimeout: p.idleTimeout,
    idleSessionTimeoutUnit: unitToProto(p.idleTimeoutUnit),
  };
}

const linkToProto = (l: PortalLink) => ({ id: l.id, location: l.location, expireTime: ts(l.expiresAt) });

/** OrganizationService's policy RPCs: session policy, user-management settings, admin-portal links (a second binding of the service). */
export function organizationPolicyService(deps: { db: Kysely<Tables>; vault: Vault; publicUrl: string; sessionDefaults?: SessionDefaults }) {
  const { db } = deps;
  return bind(OrganizationService, {
    async getOrganizationSessionPolicy(req, ctx) {
      return { policy: policyToProto(await getSessionPolicy(db, ctx.principal.environmentId, req.organizationId)) };
    },
    async updateOrganizationSessionPolicy(req, ctx) {
      const source = req.policySource === SessionPolicyType.APPLICATION ? 'APPLICATION' : req.policySource === SessionPolicyType.CUSTOM ? 'CUSTOM' : undefined;
      const policy = await updateSessionPolicy(db, ctx.principal.environmentId, req.organizationId, source === undefined ? { source } : {
        source,
        absoluteTimeout: req.absoluteSessionTimeout,
        absoluteTimeoutUnit: unitOf(req.absoluteSessionTimeoutUnit, 'absolute_session_timeout_unit'),
        idleTimeoutEnabled: req.idleSessionTimeoutEnabled,
        idleTimeout: req.idleSessionTimeout,
        idleTimeoutUnit: unitOf(req.idleSessionTimeoutUnit, 'idle_session_timeout_unit'),
      });
      return { policy: policyToProto(policy) };
    },
    async getApplicationSessionPolicy(req, ctx) {
      if (!req.organizationId) throw invalidArgument('organization_id', 'is required');
      await getOrganization(db, ctx.principal.environmentId, { id: req.organizationId });
      // The defaults sessions really get (SESSION_* variables), else the built-in ones.
      const a = deps.sessionDefaults ? applicationSessionPolicy(deps.sessionDefaults) : APPLICATION_SESSION_POLICY;
      return {
        applicationPolicy: {
          absoluteSessionTimeout: a.absoluteTimeout,
          absoluteSessionTimeoutUnit: TimeUnit[a.absoluteTimeoutUnit],
          idleSessionTimeoutEnabled: a.idleTimeoutEnabled,
          idleSessionTimeout: a.idleTimeout,
          idleSessionTimeoutUnit: TimeUnit[a.idleTimeoutUnit],
          accessTokenExpiry: a.accessTokenExpirySeconds,
        },
      };
    },
    async getOrganizationUserManagementSetting(req, ctx) {
      const s = await getUserManagementSettings(db, ctx.principal.environmentId, req.organizationId);
      return { settings: { maxAllowedUsers: s.maxAllowedUsers } };
    },
    async upsertUserManagementSettings(req, ctx) {
      const s = await upsertUserManagementSettings(db, ctx.principal.environmentId, req.organizationId, { maxAllowedUsers: req.settings?.maxAllowedUsers });
      return { settings: { maxAllowedUsers: s.maxAllowedUsers } };
    },
    async generatePortalLink(req, ctx) {
      return { link: linkToProto(await generatePortalLink(deps, ctx.principal.environmentId, req.id)) };
    },
    async getPortalLinks(req, ctx) {
      return { links: (await listPortalLinks(deps, ctx.principal.environmentId, req.id)).map(linkToProto) };
    },
    async deletePortalLink(req, ctx) {
      await deletePortalLinks(db, ctx.principal.environmentId, req.id);
      return {};
    },
    async deletePortalLinkByID(req, ctx) {
      await deletePortalLinks(db, ctx.principal.environmentId, req.id, req.linkId);
      return {};
    },
  });
}
