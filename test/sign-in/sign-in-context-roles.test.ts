import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { ensureDefaultEnvironments, findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { createOrganization } from '../../src/modules/organizations/organizations.js';
import { createPermission } from '../../src/modules/roles/permissions.js';
import { createRole } from '../../src/modules/roles/roles.js';
import { visibleRoles } from '../../src/modules/roles/role-queries.js';
import { effectivePermissions } from '../../src/modules/roles/role-permissions.js';
import { createApiClient } from '../../src/modules/clients/api-clients.js';
import { recordSignInGrant } from '../../src/modules/app-signin/signin-grants.js';
import { findSignInContext } from '../../src/modules/app-signin/sign-in-context.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';

/**
 * The roles and permissions a token request reads with its sign-in (one recursive query) agree with
 * the roles module's role-by-role walk (membershipRoles + effectivePermissions), on both dialects.
 */
for (const dialect of DIALECTS) {
  describe(`sign-in context: held roles and permissions (${dialect.name})`, () => {
    let storage: Storage;
    let dataDir: string;
    let envId: string;
    let orgA: string;
    let orgB: string;
    let clientId: string;
    let grants = 0;

    // What membershipRoles + effectivePermissions give, role by role.
    const reference = async (organizationId: string, names: string[]) => {
      const held = (await visibleRoles(storage.db, { envId, organizationId })).filter((r) => names.includes(r.name));
      const granted = new Set<string>();
      for (const r of held) for (const p of await effectivePermissions(storage.db, r)) granted.add(p.name);
      return { roles: held.map((r) => r.name), permissions: [...granted].sort() };
    };
    // A member of the organization holding exactly `names` (unknown names are written as they come), signed in there.
    const both = async (organizationId: string, names: string[]) => {
      const n = ++grants;
      const now = new Date().toISOString();
      await storage.db.insertInto('users').values({ id: `usr_${n}`, environment_id: envId, email: `u${n}@example.com`, external_id: null, given_name: '', family_name: '', name: '', profile: '{}', metadata: '{}', last_login_at: null, created_at: now, updated_at: now }).execute();
      await storage.db.insertInto('memberships').values({ id: `mem_${n}`, environment_id: envId, organization_id: organizationId, user_id: `usr_${n}`, status: 'ACTIVE', external_id: null, metadata: '{}', inviter_email: null, accepted_at: now, created_at: now, updated_at: now }).execute();
      if (names.length) await storage.db.insertInto('membership_roles').values(names.map((role_name) => ({ membership_id: `mem_${n}`, role_name }))).execute();
      await recordSignInGrant(storage.db, { grantId: `grant_${n}`, environmentId: envId, clientId, userId: `usr_${n}`, organizationId, sessionId: `ses_${n}`, identity: { connectionType: 'PASSWORDLESS', providerName: 'passwordless', social: false }, amr: ['otp'] });
      const held = (await findSignInContext(storage.db, `grant_${n}`))?.held;
      expect(held?.membershipId).toBe(`mem_${n}`);
      const fast = { roles: held!.roles, permissions: held!.permissions };
      expect(fast).toEqual(await reference(organizationId, names));
      return fast;
    };

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-sign-in-context-'));
      storage = await openStorage({ databaseUrl: dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined, dataDir });
      await migrateToLatest(storage);
      await ensureDefaultEnvironments(storage.db);
      envId = (await findEnvironmentByName(storage.db, 'development')).id;
      orgA = (await createOrganization(storage.db, envId, { displayName: 'A' })).id;
      orgB = (await createOrganization(storage.db, envId, { displayName: 'B' })).id;
      clientId = (await createApiClient(storage.db, envId)).clientId;
      for (const name of ['docs:read', 'docs:write', 'docs:admin', 'audit:read', 'other:thing']) await createPermission(storage.db, envId, { name });
      await createRole(storage.db, { envId }, { name: 'viewer', displayName: 'Viewer', permissions: ['docs:read'] });
      await createRole(storage.db, { envId }, { name: 'editor', displayName: 'Editor', extends: 'viewer', permissions: ['docs:write'] });
      await createRole(storage.db, { envId }, { name: 'boss', displayName: 'Boss', extends: 'editor', permissions: ['docs:admin'] });
      await createRole(storage.db, { envId, organizationId: orgA }, { name: 'auditor', displayName: 'Auditor', extends: 'editor', permissions: ['audit:read'] });
      await createRole(storage.db, { envId, organizationId: orgB }, { name: 'b-only', displayName: 'B only', permissions: ['other:thing'] });
    });
    afterAll(async () => {
      await storage?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('gives the held roles in the organization’s order and every inherited permission once', async () => {
      expect(await both(orgA, [])).toEqual({ roles: [], permissions: [] });
      expect(await both(orgA, ['viewer'])).toEqual({ roles: ['viewer'], permissions: ['docs:read'] });
      expect(await both(orgA, ['auditor'])).toEqual({ roles: ['auditor'], permissions: ['audit:read', 'docs:read', 'docs:write'] });
      expect(await both(orgA, ['auditor', 'boss', 'viewer'])).toEqual({ roles: ['viewer', 'boss', 'auditor'], permissions: ['audit:read', 'docs:admin', 'docs:read', 'docs:write'] });
      await both(orgA, ['admin', 'member']);
    });

    it('leaves out another organization’s roles and names no role exists under', async () => {
      expect(await both(orgA, ['b-only', 'ghost'])).toEqual({ roles: [], permissions: [] });
      expect(await both(orgB, ['b-only', 'auditor'])).toEqual({ roles: ['b-only'], permissions: ['other:thing'] });
    });

    it('stops at a base that is gone and at a cycle, as the per-role walk does', async () => {
      // Neither can be written through the API; rows from older data or a manual edit can still hold them.
      await storage.db.updateTable('roles').set({ base_role: 'ghost' }).where('name', '=', 'viewer').execute();
      expect(await both(orgA, ['boss'])).toEqual({ roles: ['boss'], permissions: ['docs:admin', 'docs:read', 'docs:write'] });
      await storage.db.updateTable('roles').set({ base_role: 'boss' }).where('name', '=', 'viewer').execute();
      expect(await both(orgA, ['viewer'])).toEqual({ roles: ['viewer'], permissions: ['docs:admin', 'docs:read', 'docs:write'] });
      await both(orgA, ['auditor', 'editor']);
    });
  });
}
