import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { SessionPolicyType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { TimeUnit } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { restCall } from '../helpers/agent-auth-env.js';
import { violations } from '../helpers/wire-errors.js';

for (const dialect of DIALECTS) {
  describe(`organization policies and settings (${dialect.name})`, () => {
    let server: TestServer;
    let sdk: ScalekitClient;
    let token: string;
    const rest = (path: string, init: { method?: string; body?: unknown } = {}) => restCall(server.url + path, { ...init, token });

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      const c = await server.newClient();
      sdk = new ScalekitClient(server.url, c.clientId, c.clientSecret);
      token = await envAccessToken(server.url, c);
    });
    afterAll(async () => server?.close());

    it('sets a CUSTOM session policy, echoing the wrapper fields sent (an explicit false too), and reverts to APPLICATION', async () => {
      const org = (await sdk.organization.createOrganization('Policy Org')).organization!.id;
      expect((await sdk.organization.getOrganizationSessionPolicy(org)).policySource).toBe(SessionPolicyType.APPLICATION);
      const set = await sdk.organization.updateOrganizationSessionPolicy(org, {
        policySource: 'CUSTOM',
        absoluteSessionTimeout: 12,
        absoluteSessionTimeoutUnit: 'HOURS',
        idleSessionTimeoutEnabled: false,
      });
      expect(set).toMatchObject({ policySource: SessionPolicyType.CUSTOM, absoluteSessionTimeout: 12, absoluteSessionTimeoutUnit: TimeUnit.HOURS, idleSessionTimeoutEnabled: false });
      expect(set.idleSessionTimeout).toBeUndefined();
      const got = await rest(`/api/v1/organizations/${org}/session-policy`);
      expect(got.status).toBe(200);
      expect(got.json.policy).toEqual({ policy_source: 'CUSTOM', absolute_session_timeout: 12, absolute_session_timeout_unit: 'HOURS', idle_session_timeout_enabled: false });

      const idle = await sdk.organization.updateOrganizationSessionPolicy(org, {
        policySource: 'CUSTOM',
        absoluteSessionTimeout: 2,
        absoluteSessionTimeoutUnit: 'DAYS',
        idleSessionTimeoutEnabled: true,
        idleSessionTimeout: 84,
        idleSessionTimeoutUnit: 'MINUTES',
      });
      expect(idle).toMatchObject({ idleSessionTimeoutEnabled: true, idleSessionTimeout: 84, idleSessionTimeoutUnit: TimeUnit.MINUTES });
      const back = await sdk.organization.updateOrganizationSessionPolicy(org, { policySource: 'APPLICATION' });
      expect(back.policySource).toBe(SessionPolicyType.APPLICATION);
      expect(back.absoluteSessionTimeout).toBeUndefined();

      const app = await rest(`/api/v1/organizations/${org}/application-session-policy`);
      expect(app.status).toBe(200);
      expect(app.json.application_policy).toMatchObject({ absolute_session_timeout: 7, absolute_session_timeout_unit: 'DAYS', access_token_expiry: 300 });
    });

    it('refuses a bad session policy, naming the field', async () => {
      const org = (await sdk.organization.createOrganization('Bad Policy Org')).organization!.id;
      const path = `/api/v1/organizations/${org}/session-policy`;
      const noSource = await rest(path, { method: 'PATCH', body: {} });
      expect(noSource.status).toBe(400);
      expect(violations(noSource.json)).toEqual([expect.objectContaining({ field: 'policy_source' })]);
      const noTimeout = await rest(path, { method: 'PATCH', body: { policy_source: 'CUSTOM' } });
      expect(violations(noTimeout.json).map((v: { field: string }) => v.field)).toEqual(['absolute_session_timeout']);
      const noUnit = await rest(path, { method: 'PATCH', body: { policy_source: 'CUSTOM', absolute_session_timeout: 5 } });
      expect(violations(noUnit.json).map((v: { field: string }) => v.field)).toEqual(['absolute_session_timeout_unit']);
      const idleTooLong = await rest(path, {
        method: 'PATCH',
        body: { policy_source: 'CUSTOM', absolute_session_timeout: 1, absolute_session_timeout_unit: 'HOURS', idle_session_timeout_enabled: true, idle_session_timeout: 2, idle_session_timeout_unit: 'HOURS' },
      });
      expect(violations(idleTooLong.json).map((v: { field: string }) => v.field)).toEqual(['idle_session_timeout']);
      const negative = await rest(path, { method: 'PATCH', body: { policy_source: 'CUSTOM', absolute_session_timeout: -3, absolute_session_timeout_unit: 'DAYS' } });
      expect(negative.status).toBe(400);
      expect((await rest('/api/v1/organizations/org_nope/session-policy')).status).toBe(404);
    });

    it('enforces max_allowed_users on new memberships and removes the limit when none is sent', async () => {
      const org = (await sdk.organization.createOrganization('Small Team')).organization!.id;
      expect((await sdk.organization.getOrganizationUserManagementSetting(org)).settings?.maxAllowedUsers).toBeUndefined();
      expect(await sdk.organization.upsertUserManagementSettings(org, { maxAllowedUsers: 2 })).toMatchObject({ maxAllowedUsers: 2 });
      expect((await sdk.organization.getOrganizationUserManagementSetting(org)).settings?.maxAllowedUsers).toBe(2);
      await sdk.user.createUserAndMembership(org, { email: 'one@team.io', sendInvitationEmail: false });
      await sdk.user.createUserAndMembership(org, { email: 'two@team.io', sendInvitationEmail: true });
      await expect(sdk.user.createUserAndMembership(org, { email: 'three@team.io', sendInvitationEmail: false })).rejects.toMatchObject({
        grpcStatus: 9,
        errorCode: 'MAX_ALLOWED_USERS_REACHED',
      });
      // The refused create left no user behind.
      expect(await server.core.storage.db.selectFrom('users').select('id').where('email', '=', 'three@team.io').execute()).toEqual([]);
      const bad = await rest(`/api/v1/organizations/${org}/settings/usermanagement`, { method: 'PATCH', body: { settings: { max_allowed_users: 0 } } });
      expect(bad.status).toBe(400);
      expect(violations(bad.json)).toEqual([expect.objectContaining({ field: 'settings.max_allowed_users' })]);
      await sdk.organization.upsertUserManagementSettings(org, { maxAllowedUsers: null });
      expect((await rest(`/api/v1/organizations/${org}/settings/usermanagement`)).json).toEqual({ settings: {} });
      await sdk.user.createUserAndMembership(org, { email: 'three@team.io', sendInvitationEmail: false });
    });

    it('holds max_allowed_users under concurrent creates', async () => {
      const org = (await sdk.organization.createOrganization('Race Org')).organization!.id;
      await sdk.organization.upsertUserManagementSettings(org, { maxAllowedUsers: 3 });
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => sdk.user.createUserAndMembership(org, { email: `racer${i}@race.io`, sendInvitationEmail: false })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect((await sdk.user.listOrganizationUsers(org)).totalSize).toBe(3);
    });

    it('keeps slugs unique per environment (dots allowed), frees them with their organization, and stores logo_url', async () => {
      const a = (await sdk.organization.createOrganization('Slug A', { slug: 'app.acme.com', logoUrl: 'https://cdn.acme.com/logo.png' })).organization!;
      expect(a).toMatchObject({ slug: 'app.acme.com', logoUrl: 'https://cdn.acme.com/logo.png' });
      await expect(sdk.organization.createOrganization('Slug B', { slug: 'app.acme.com' })).rejects.toMatchObject({ grpcStatus: 6, errorCode: 'ORGANIZATION_SLUG_EXISTS' });
      const b = (await sdk.organization.createOrganization('Slug B', { slug: 'bravo' })).organization!;
      await expect(sdk.organization.updateOrganization(b.id, { slug: 'app.acme.com' })).rejects.toMatchObject({ grpcStatus: 6 });
      await expect(sdk.organization.updateOrganization(b.id, { slug: 'Not A Slug!' })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('organization.slug') });
      await expect(sdk.organization.updateOrganization(b.id, { logoUrl: 'javascript:alert(1)' })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('organization.logo_url') });
      const patched = await rest(`/api/v1/organizations/${b.id}`, { method: 'PATCH', body: { logo_url: 'https://bravo.io/l.svg' } });
      expect(patched.status).toBe(200);
      expect(patched.json.organization).toMatchObject({ slug: 'bravo', logo_url: 'https://bravo.io/l.svg' });
      await sdk.organization.deleteOrganization(a.id);
      expect((await sdk.organization.updateOrganization(b.id, { slug: 'app.acme.com' })).organization?.slug).toBe('app.acme.com');
      // Another environment has its own slugs.
      const p = await server.newClient('production');
      const prod = new ScalekitClient(server.url, p.clientId, p.clientSecret);
      expect((await prod.organization.createOrganization('Prod', { slug: 'app.acme.com' })).organization?.slug).toBe('app.acme.com');
    });

    it('generates expiring portal links, lists and deletes them; other environments see none', async () => {
      const org = (await sdk.organization.createOrganization('Portal Org')).organization!.id;
      const link = await sdk.organization.generatePortalLink(org);
      expect(link.id).toMatch(/^plink_/);
      expect(link.location).toMatch(new RegExp(`^${server.url}/portal/links/[A-Za-z0-9_-]{43}$`));
      const expiresIn = Number(link.expireTime!.seconds) - Date.now() / 1000;
      expect(expiresIn).toBeGreaterThan(0);
      expect(expiresIn).toBeLessThanOrEqual(61);
      const token = link.location.split('/').pop()!;
      const stored = await server.core.storage.db.selectFrom('portal_links').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(token);

      const second = (await rest(`/api/v1/organizations/${org}/portal_links`, { method: 'PUT' })).json.link;
      const listed = await rest(`/api/v1/organizations/${org}/portal_links`);
      expect(listed.json.links.map((l: { id: string; location: string }) => [l.id, l.location])).toEqual([
        [link.id, link.location],
        [second.id, second.location],
      ]);
      expect((await rest(`/api/v1/organizations/${org}/portal_links/${link.id}`, { method: 'DELETE' })).status).toBe(200);
      expect((await rest(`/api/v1/organizations/${org}/portal_links/${link.id}`, { method: 'DELETE' })).status).toBe(404);
      expect((await rest(`/api/v1/organizations/${org}/portal_links`)).json.links.map((l: { id: string }) => l.id)).toEqual([second.id]);
      // An expired link is no longer listed.
      await server.core.storage.db.updateTable('portal_links').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', second.id).execute();
      expect((await rest(`/api/v1/organizations/${org}/portal_links`)).json).toEqual({ links: [] });
      expect((await rest(`/api/v1/organizations/${org}/portal_links`, { method: 'DELETE' })).status).toBe(200);
      expect(await server.core.storage.db.selectFrom('portal_links').select('id').where('organization_id', '=', org).execute()).toEqual([]);

      const p = await server.newClient('production');
      const prod = new ScalekitClient(server.url, p.clientId, p.clientSecret);
      await expect(prod.organization.generatePortalLink(org)).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(prod.organization.getOrganizationSessionPolicy(org)).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(prod.organization.upsertUserManagementSettings(org, { maxAllowedUsers: 3 })).rejects.toMatchObject({ grpcStatus: 5 });
    });
  });
}
