import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { environmentAccess, restCall, type EnvironmentAccess } from '../helpers/agent-auth-env.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { createSessions, sessionDefaultsFrom, type Sessions } from '../../src/modules/sessions/index.js';

const MIN = 60_000;

describe('application session defaults from the environment', () => {
  it('are 7 days without an idle timeout unless SESSION_* variables say otherwise', () => {
    expect(sessionDefaultsFrom(loadConfig({}))).toEqual({ absoluteTimeoutSeconds: 7 * 86400, idleTimeoutSeconds: undefined });
    expect(sessionDefaultsFrom(loadConfig({ SESSION_ABSOLUTE_TIMEOUT_MINUTES: '120', SESSION_IDLE_TIMEOUT_MINUTES: '15' }))).toEqual({ absoluteTimeoutSeconds: 7200, idleTimeoutSeconds: 900 });
  });

  it('refuses out-of-range values and an idle timeout longer than the absolute one', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({ SESSION_ABSOLUTE_TIMEOUT_MINUTES: '0' })).toEqual(['SESSION_ABSOLUTE_TIMEOUT_MINUTES must be an integer between 1 and 525600 (got \'0\')']);
    expect(problems({ SESSION_IDLE_TIMEOUT_MINUTES: 'soon' })).toEqual(['SESSION_IDLE_TIMEOUT_MINUTES must be an integer between 0 and 525600 (got \'soon\')']);
    expect(problems({ SESSION_ABSOLUTE_TIMEOUT_MINUTES: '60', SESSION_IDLE_TIMEOUT_MINUTES: '61' })).toEqual(['SESSION_IDLE_TIMEOUT_MINUTES must not be longer than SESSION_ABSOLUTE_TIMEOUT_MINUTES']);
  });
});

for (const dialect of DIALECTS) {
  describe(`session idle and absolute timeouts (${dialect.name})`, () => {
    let server: TestServer;
    let dev: EnvironmentAccess;
    let sessions: Sessions;
    let clock = 0;
    let userId: string;
    let strictOrg: string;
    let appOrg: string;

    beforeAll(async () => {
      // Application defaults: 10 hours, idle after 2 hours (the module below gets the same ones).
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SESSION_ABSOLUTE_TIMEOUT_MINUTES: '600', SESSION_IDLE_TIMEOUT_MINUTES: '120' } });
      dev = await environmentAccess(server);
      sessions = createSessions({ db: server.core.storage.db, defaults: { absoluteTimeoutSeconds: 10 * 3600, idleTimeoutSeconds: 7200 }, now: () => clock });
      strictOrg = (await dev.sdk.organization.createOrganization('Strict Org')).organization!.id;
      appOrg = (await dev.sdk.organization.createOrganization('Default Org')).organization!.id;
      await dev.sdk.organization.updateOrganizationSessionPolicy(strictOrg, {
        policySource: 'CUSTOM',
        absoluteSessionTimeout: 1,
        absoluteSessionTimeoutUnit: 'HOURS',
        idleSessionTimeoutEnabled: true,
        idleSessionTimeout: 30,
        idleSessionTimeoutUnit: 'MINUTES',
      });
      userId = (await dev.sdk.user.createUserAndMembership(strictOrg, { email: 'timeouts@example.com' })).user!.id;
    });
    afterAll(async () => {
      await server?.close();
    });

    const startAt = async (t: number, organizationId?: string) => {
      clock = t;
      return sessions.startSession({ environmentId: dev.envId, userId, organizationId });
    };
    const checkAt = (t: number, id: string) => {
      clock = t;
      return sessions.checkSession(id);
    };
    const storedRow = (id: string) => server.core.storage.db.selectFrom('user_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('takes the organization\'s CUSTOM policy: each use moves the idle window, never past the absolute deadline', async () => {
      const t = Date.now() - 3 * 3600_000;
      const s = await startAt(t, strictOrg);
      expect([s.idleExpiresAt.getTime(), s.absoluteExpiresAt.getTime()]).toEqual([t + 30 * MIN, t + 60 * MIN]);
      expect(await checkAt(t + 20 * MIN, s.sessionId)).toEqual({ active: true, idleExpiresAt: new Date(t + 50 * MIN), absoluteExpiresAt: new Date(t + 60 * MIN) });
      // Past the first idle deadline, but the use at +20 moved it to +50.
      expect(await checkAt(t + 45 * MIN, s.sessionId)).toEqual({ active: true, idleExpiresAt: new Date(t + 60 * MIN), absoluteExpiresAt: new Date(t + 60 * MIN) });
      expect(await checkAt(t + 59 * MIN, s.sessionId)).toMatchObject({ active: true });
      expect(await checkAt(t + 60 * MIN, s.sessionId)).toEqual({ active: false, status: 'expired' });
      // Persisted, with the moment it lapsed (not when it was noticed) and the last use.
      const row = await storedRow(s.sessionId);
      expect([row.status, row.expired_at, row.last_active_at]).toEqual(['expired', new Date(t + 60 * MIN).toISOString(), new Date(t + 59 * MIN).toISOString()]);
      const seen = await dev.sdk.session.getSession(s.sessionId);
      expect(seen.status).toBe('expired');
      expect(timestampDate(seen.expiredAt!).getTime()).toBe(t + 60 * MIN);
      expect(timestampDate(seen.lastActiveAt!).getTime()).toBe(t + 59 * MIN);
    });

    it('expires an unused session at its idle deadline; it stays expired and cannot be revoked or logged out', async () => {
      const t = Date.now() - 3 * 3600_000;
      const s = await startAt(t, strictOrg);
      expect(await checkAt(t + 31 * MIN, s.sessionId)).toEqual({ active: false, status: 'expired' });
      expect((await storedRow(s.sessionId)).expired_at).toBe(new Date(t + 30 * MIN).toISOString());
      expect(await checkAt(t + 10 * MIN, s.sessionId)).toEqual({ active: false, status: 'expired' });
      expect(await sessions.endSession(s.sessionId, 'LOGGED_OUT')).toBeUndefined();
      await expect(dev.sdk.session.revokeSession(s.sessionId)).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'SESSION_NOT_ACTIVE', message: expect.stringContaining('expired') });
    });

    it('reads a lapsed session as expired on every RPC without anyone checking it first', async () => {
      // Started three hours ago (real time) under the 30-minute idle policy and never used since.
      const s = await startAt(Date.now() - 3 * 3600_000, strictOrg);
      const active = await dev.sdk.session.getUserSessions(userId, { filter: { status: ['active'] } });
      expect(active.sessions.map((x) => x.sessionId)).not.toContain(s.sessionId);
      const expired = await dev.sdk.session.getUserSessions(userId, { filter: { status: ['expired'] } });
      expect(expired.sessions.map((x) => x.sessionId)).toContain(s.sessionId);
      expect((await dev.sdk.session.revokeAllUserSessions(userId)).revokedSessions.map((x) => x.sessionId)).not.toContain(s.sessionId);
    });

    it('uses the application defaults without an organization, with an APPLICATION policy, and keeps a session\'s deadlines when the policy changes later', async () => {
      const t = Date.now();
      for (const org of [undefined, appOrg]) {
        const s = await startAt(t, org);
        expect([s.idleExpiresAt.getTime(), s.absoluteExpiresAt.getTime()]).toEqual([t + 120 * MIN, t + 600 * MIN]);
      }
      const before = await startAt(t, appOrg);
      await dev.sdk.organization.updateOrganizationSessionPolicy(appOrg, { policySource: 'CUSTOM', absoluteSessionTimeout: 2, absoluteSessionTimeoutUnit: 'HOURS', idleSessionTimeoutEnabled: false });
      const after = await startAt(t, appOrg);
      expect([after.idleExpiresAt.getTime(), after.absoluteExpiresAt.getTime()]).toEqual([t + 120 * MIN, t + 120 * MIN]);
      // No idle timeout: a session unused for 119 minutes is still active.
      expect(await checkAt(t + 119 * MIN, after.sessionId)).toMatchObject({ active: true, idleExpiresAt: new Date(t + 120 * MIN) });
      expect(await checkAt(t + 30 * MIN, before.sessionId)).toMatchObject({ active: true, absoluteExpiresAt: new Date(t + 600 * MIN) });
      await dev.sdk.organization.updateOrganizationSessionPolicy(appOrg, { policySource: 'APPLICATION' });
    });

    it('answers concurrent checks consistently and lets a concurrent revoke win', async () => {
      const t = Date.now();
      const s = await startAt(t, strictOrg);
      clock = t + MIN;
      const checks = await Promise.all(Array.from({ length: 40 }, () => sessions.checkSession(s.sessionId)));
      expect(checks.every((c) => c.active)).toBe(true);
      const [revoked, ...racing] = await Promise.all([sessions.revokeSession(dev.envId, s.sessionId), ...Array.from({ length: 20 }, () => sessions.checkSession(s.sessionId))]);
      expect(revoked.status).toBe('revoked');
      expect(racing.length).toBe(20);
      expect(await sessions.checkSession(s.sessionId)).toEqual({ active: false, status: 'revoked' });
      expect((await storedRow(s.sessionId)).status).toBe('revoked');
    });

    it('publishes the configured defaults as the application session policy', async () => {
      const res = await restCall(`${server.url}/api/v1/organizations/${appOrg}/application-session-policy`, { token: dev.token });
      expect(res.status).toBe(200);
      expect(res.json.application_policy).toEqual({
        absolute_session_timeout: 10,
        absolute_session_timeout_unit: 'HOURS',
        idle_session_timeout_enabled: true,
        idle_session_timeout: 2,
        idle_session_timeout_unit: 'HOURS',
        access_token_expiry: 300,
      });
    });

    it('refuses a session for a user or organization outside the environment, and unknown ids read as unknown', async () => {
      const prod = await environmentAccess(server, 'production');
      await expect(sessions.startSession({ environmentId: prod.envId, userId })).rejects.toMatchObject({ code: 'not_found', reason: 'USER_NOT_FOUND' });
      await expect(sessions.startSession({ environmentId: dev.envId, userId, organizationId: 'org_elsewhere' })).rejects.toMatchObject({ code: 'not_found', reason: 'ORGANIZATION_NOT_FOUND' });
      expect(await sessions.checkSession('ses_unknown')).toEqual({ active: false, status: 'unknown' });
      expect(await sessions.checkSession('')).toEqual({ active: false, status: 'unknown' });
      expect(await sessions.endSession('ses_unknown')).toBeUndefined();
    });
  });
}
