import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { SessionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/sessions/sessions_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { environmentAccess, restCall, type EnvironmentAccess } from '../helpers/agent-auth-env.js';
import { violations } from '../helpers/wire-errors.js';
import { createSessions, type Sessions } from '../../src/modules/sessions/index.js';

const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const HOUR = 3600_000;

for (const dialect of DIALECTS) {
  describe(`SessionService through the SDK (${dialect.name})`, () => {
    let server: TestServer;
    let dev: EnvironmentAccess;
    let prod: EnvironmentAccess;
    let orgId: string;
    /** The module the authorization server calls, on the server's own database; its clock is ours to move. */
    let sessions: Sessions;
    let clock = Date.now();

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      dev = await environmentAccess(server);
      prod = await environmentAccess(server, 'production');
      orgId = (await dev.sdk.organization.createOrganization('Session Org')).organization!.id;
      // The server's own defaults (7 days, no idle timeout), as the README documents them.
      sessions = createSessions({ db: server.core.storage.db, defaults: { absoluteTimeoutSeconds: 7 * 86400, idleTimeoutSeconds: undefined }, now: () => clock });
    });
    afterAll(async () => {
      await server?.close();
    });

    const newUser = async (email: string) => (await dev.sdk.user.createUserAndMembership(orgId, { email })).user!.id;
    const start = (userId: string, extra: { ip?: string; userAgent?: string; clientId?: string } = {}) =>
      sessions.startSession({ environmentId: dev.envId, userId, organizationId: orgId, ...extra }).then((s) => s.sessionId);

    it('gets a session with its user, organization, app, device and deadlines', async () => {
      clock = Date.now();
      const userId = await newUser('get@example.com');
      const id = await start(userId, { ip: '203.0.113.7', userAgent: CHROME_MAC, clientId: dev.client.clientId });
      expect(id).toMatch(/^ses_/);
      const s = await dev.sdk.session.getSession(id);
      expect(s).toMatchObject({
        sessionId: id,
        userId,
        organizationId: orgId,
        authenticatedOrganizations: [orgId],
        authenticatedClients: [{ clientId: dev.client.clientId, organizationId: orgId }],
        status: 'active',
        device: { userAgent: CHROME_MAC, ip: '203.0.113.7', browser: 'Chrome', browserVersion: '131.0.0.0', os: 'macOS', osVersion: '10.15.7', deviceType: 'desktop' },
      });
      expect(timestampDate(s.createdAt!).getTime()).toBe(clock);
      expect(timestampDate(s.lastActiveAt!).getTime()).toBe(clock);
      expect(timestampDate(s.absoluteExpiresAt!).getTime()).toBe(clock + 7 * 24 * HOUR);
      // No idle timeout: the idle deadline is the absolute one.
      expect(timestampDate(s.idleExpiresAt!).getTime()).toBe(clock + 7 * 24 * HOUR);
      expect(s.expiredAt).toBeUndefined();
      expect(s.logoutAt).toBeUndefined();
    });

    it('answers NotFound naming an unknown session, and keeps other environments\' sessions invisible', async () => {
      const id = await start(await newUser('hidden@example.com'));
      await expect(dev.sdk.session.getSession('ses_doesnotexist')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'SESSION_NOT_FOUND', message: expect.stringContaining("session 'ses_doesnotexist'") });
      await expect(prod.sdk.session.getSession(id)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'SESSION_NOT_FOUND' });
      await expect(prod.sdk.session.revokeSession(id)).rejects.toMatchObject({ grpcStatus: 5 });
      expect((await dev.sdk.session.getSession(id)).status).toBe('active');
      const userId = (await dev.sdk.session.getSession(id)).userId;
      await expect(prod.sdk.session.getUserSessions(userId)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'USER_NOT_FOUND' });
      await expect(prod.sdk.session.revokeAllUserSessions(userId)).rejects.toMatchObject({ grpcStatus: 5 });
      expect((await dev.sdk.session.getSession(id)).status).toBe('active');
      await expect(dev.sdk.session.getSession('')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('session_id is required') });
      await expect(dev.sdk.session.getUserSessions('')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('user_id is required') });
    });

    it('lists a user\'s sessions by status and creation time, page by page', async () => {
      const userId = await newUser('list@example.com');
      const t0 = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        clock = t0 - (6 - i) * 60_000; // a minute apart, oldest first
        ids.push(await start(userId));
      }
      clock = Date.now();
      await sessions.revokeSession(dev.envId, ids[1]);
      await sessions.endSession(ids[2], 'LOGGED_OUT');
      // Started 8 days ago: past the 7-day absolute timeout, so it reads as expired.
      clock = t0 - 8 * 24 * HOUR;
      const old = await start(userId);
      clock = Date.now();

      const all = await dev.sdk.session.getUserSessions(userId);
      expect(all.totalSize).toBe(7);
      // Oldest first (ids are time-ordered by when the row was written).
      expect(all.sessions.map((s) => s.sessionId)).toEqual([...ids, old]);
      const byId = Object.fromEntries(all.sessions.map((s) => [s.sessionId, s]));
      expect(byId[ids[1]]).toMatchObject({ status: 'revoked' });
      expect(byId[ids[1]].expiredAt).toBeDefined();
      expect(byId[ids[2]]).toMatchObject({ status: 'logout' });
      expect(byId[ids[2]].logoutAt).toBeDefined();
      expect(byId[ids[2]].expiredAt).toBeUndefined();
      expect(byId[old].status).toBe('expired');
      expect(timestampDate(byId[old].expiredAt!).getTime()).toBe(t0 - 8 * 24 * HOUR + 7 * 24 * HOUR);

      const active = await dev.sdk.session.getUserSessions(userId, { filter: { status: ['active'] } });
      expect(active.sessions.map((s) => s.sessionId)).toEqual([ids[0], ids[3], ids[4], ids[5]]);
      expect(active.totalSize).toBe(4);
      const ended = await dev.sdk.session.getUserSessions(userId, { filter: { status: ['REVOKED', 'logout', 'expired'] } });
      expect(ended.sessions.map((s) => s.sessionId).sort()).toEqual([old, ids[1], ids[2]].sort());

      const window = await dev.sdk.session.getUserSessions(userId, { filter: { startTime: new Date(t0 - 4.5 * 60_000), endTime: new Date(t0 - 1.5 * 60_000) } });
      expect(window.sessions.map((s) => s.sessionId)).toEqual([ids[2], ids[3], ids[4]]);

      const p1 = await dev.sdk.session.getUserSessions(userId, { pageSize: 3, filter: { status: ['active', 'revoked', 'logout'] } });
      expect(p1.sessions.map((s) => s.sessionId)).toEqual(ids.slice(0, 3));
      expect([p1.totalSize, p1.prevPageToken]).toEqual([6, '']);
      const p2 = await dev.sdk.session.getUserSessions(userId, { pageSize: 3, pageToken: p1.nextPageToken, filter: { status: ['active', 'revoked', 'logout'] } });
      expect(p2.sessions.map((s) => s.sessionId)).toEqual(ids.slice(3, 6));
      expect(p2.nextPageToken).toBe('');
      const back = await dev.sdk.session.getUserSessions(userId, { pageSize: 3, pageToken: p2.prevPageToken, filter: { status: ['active', 'revoked', 'logout'] } });
      expect(back.sessions.map((s) => s.sessionId)).toEqual(ids.slice(0, 3));
    });

    it('refuses a bad filter, page size or page token naming the field', async () => {
      const userId = await newUser('badfilter@example.com');
      await expect(dev.sdk.session.getUserSessions(userId, { filter: { status: ['active', 'gone'] } })).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('filter.status[1] must be one of active, expired, revoked, logout'),
      });
      await expect(dev.sdk.session.getUserSessions(userId, { filter: { startTime: new Date(), endTime: new Date(Date.now() - 1000) } })).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('filter.end_time must be after filter.start_time'),
      });
      const raw = (dev.sdk.session as any).client;
      await expect(raw.getUserSessions({ userId, filter: { startTime: { seconds: 10n ** 15n, nanos: 0 } } })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('filter.start_time must be a valid time') });
      await expect(dev.sdk.session.getUserSessions(userId, { pageSize: 101 })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('page_size must be at most 100') });
      await expect(dev.sdk.session.getUserSessions(userId, { pageToken: 'not-a-token' })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('page_token') });
    });

    it('revokes one session (again: the same answer; an ended one: FailedPrecondition), and the module sees it at once', async () => {
      clock = Date.now();
      const userId = await newUser('revoke@example.com');
      const id = await start(userId);
      const other = await start(userId);
      expect(await sessions.checkSession(id)).toMatchObject({ active: true });
      const { revokedSession } = await dev.sdk.session.revokeSession(id);
      expect(revokedSession).toMatchObject({ sessionId: id, userId, status: 'revoked' });
      expect(revokedSession!.expiredAt).toBeDefined();
      expect(await sessions.checkSession(id)).toEqual({ active: false, status: 'revoked' });
      expect((await dev.sdk.session.revokeSession(id)).revokedSession).toMatchObject({ sessionId: id, status: 'revoked', expiredAt: revokedSession!.expiredAt });
      expect((await dev.sdk.session.getSession(other)).status).toBe('active');

      await sessions.endSession(other, 'LOGGED_OUT');
      await expect(dev.sdk.session.revokeSession(other)).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'SESSION_NOT_ACTIVE', message: expect.stringContaining('logged out') });
      expect((await dev.sdk.session.getSession(other)).status).toBe('logout');
    });

    it('revokes every active session of a user and leaves ended ones and other users alone', async () => {
      clock = Date.now();
      const userId = await newUser('revokeall@example.com');
      const bystander = await start(await newUser('bystander@example.com'));
      const live = [await start(userId), await start(userId), await start(userId)];
      const loggedOut = await start(userId);
      await sessions.endSession(loggedOut);
      const res = await dev.sdk.session.revokeAllUserSessions(userId);
      expect(res.totalRevoked).toBe(3);
      expect(res.revokedSessions.map((s) => [s.sessionId, s.status])).toEqual(live.map((id) => [id, 'revoked']));
      for (const id of live) expect(await sessions.checkSession(id)).toEqual({ active: false, status: 'revoked' });
      expect((await dev.sdk.session.getSession(loggedOut)).status).toBe('logout');
      expect((await dev.sdk.session.getSession(bystander)).status).toBe('active');
      expect((await dev.sdk.session.revokeAllUserSessions(userId)).totalRevoked).toBe(0);
      await expect(dev.sdk.session.revokeAllUserSessions('usr_nobody')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'USER_NOT_FOUND' });
    });

    it('serves the same RPCs over REST (snake_case, the SDK\'s paths) and Connect', async () => {
      clock = Date.now();
      const userId = await newUser('wires@example.com');
      const id = await start(userId, { ip: '2001:db8::1' });
      const rest = (path: string, method = 'GET', token: string | null = dev.token) => restCall(server.url + path, { token, method });

      const got = await rest(`/api/v1/sessions/${id}`);
      expect(got.status).toBe(200);
      expect(got.json).toMatchObject({ session_id: id, user_id: userId, organization_id: orgId, status: 'active', device: { ip: '2001:db8::1' } });
      expect(got.json.absolute_expires_at).toMatch(/^\d{4}-\d\d-\d\dT/);
      const listed = await rest(`/api/v1/users/${userId}/sessions?page_size=5&filter.status=active&filter.status=logout`);
      expect(listed.status).toBe(200);
      expect(listed.json).toMatchObject({ total_size: 1, sessions: [{ session_id: id }] });
      const bad = await rest(`/api/v1/users/${userId}/sessions?filter.status=nope`);
      expect(bad.status).toBe(400);
      expect(violations(bad.json)).toEqual([{ field: 'filter.status[0]', description: 'must be one of active, expired, revoked, logout' }]);
      expect((await rest(`/api/v1/sessions/ses_nope`)).status).toBe(404);
      expect((await rest(`/api/v1/sessions/${id}`, 'GET', null)).status).toBe(401);
      expect((await rest(`/api/v1/sessions/${id}`, 'GET', prod.token)).status).toBe(404);

      const connect = createClient(SessionService, createConnectTransport({ baseUrl: server.url, httpVersion: '1.1', interceptors: [(next) => (req) => { req.header.set('authorization', `Bearer ${dev.token}`); return next(req); }] }));
      expect((await connect.getSession({ sessionId: id })).status).toBe('active');

      const revoked = await rest(`/api/v1/sessions/${id}/revoke`, 'POST');
      expect(revoked.status).toBe(200);
      expect(revoked.json.revoked_session).toMatchObject({ session_id: id, status: 'revoked' });
      await start(userId);
      const all = await rest(`/api/v1/users/${userId}/sessions/revoke`, 'POST');
      expect(all.status).toBe(200);
      expect(all.json.total_revoked).toBe(1);
    });
  });
}
