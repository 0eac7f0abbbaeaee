import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { captureLogger } from '../helpers/test-utils.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { createMailer } from '../../src/modules/email/mailer.js';
import { listEmails } from '../../src/modules/email/outbox.js';
import {
  PASSWORDLESS_LIMITS, resendPasswordless, sendPasswordless, verifiedEmailFrom, verifyPasswordless, type PasswordlessDeps,
} from '../../src/modules/passwordless/index.js';
import { codeIn } from './passwordless-mail.js';

/**
 * The domain functions the hosted login page will call, against real storage: the per-IP window
 * (the RPC has no end-user address), a clock moved past the window, concurrent guesses, and the
 * one-time hand-over of a verified email. Emails land in the outbox (no SMTP server), sealed.
 */
for (const dialect of DIALECTS) {
  describe(`passwordless domain functions (${dialect.name})`, () => {
    let server: TestServer;
    let envId: string;
    let clock = Date.now();
    let deps: PasswordlessDeps;
    const limits = { ...PASSWORDLESS_LIMITS, perIp: { max: 3, windowSeconds: 60 }, perClient: { max: 4, windowSeconds: 60 } };
    const lastCodeTo = async (to: string) => codeIn((await listEmails(server.core.storage.db, server.core.vault, envId, 50)).find((e) => e.recipient === to)!.text!);

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      envId = (await findEnvironmentByName(server.core.storage.db, 'development')).id;
      const mailer = createMailer({ smtpUrl: undefined, from: 'x@example.test', db: server.core.storage.db, vault: server.core.vault, log: captureLogger([]) });
      deps = { db: server.core.storage.db, mailer, limits, now: () => clock };
    });
    afterAll(async () => server?.close());

    it('limits sends per IP address, across addresses, until the window has passed', async () => {
      const ip = { ip: '203.0.113.7' };
      for (let i = 0; i < 3; i++) await sendPasswordless(deps, envId, { email: `ip${i}@example.com` }, ip);
      await expect(sendPasswordless(deps, envId, { email: 'ip3@example.com' }, ip)).rejects.toMatchObject({ code: 'resource_exhausted', message: expect.stringMatching(/from this source; retry after 60 seconds$/) });
      // Another address is its own source; the same one after the window is allowed again.
      await sendPasswordless(deps, envId, { email: 'ip3@example.com' }, { ip: '203.0.113.8' });
      clock += 61_000;
      await sendPasswordless(deps, envId, { email: 'ip4@example.com' }, ip);
    });

    it('limits sends per API client the same way (RPCs carry no end-user address)', async () => {
      const client = { clientId: 'skc_limits' };
      for (let i = 0; i < 4; i++) await sendPasswordless(deps, envId, { email: `cl${i}@example.com` }, client);
      await expect(sendPasswordless(deps, envId, { email: 'cl4@example.com' }, client)).rejects.toMatchObject({ code: 'resource_exhausted' });
      clock += 61_000;
    });

    it('expires by the clock, with no sleep', async () => {
      const sent = await sendPasswordless(deps, envId, { email: 'clock@example.com', expiresIn: 300 }, { ip: '198.51.100.1' });
      const code = await lastCodeTo('clock@example.com');
      clock += 300_000;
      await expect(verifyPasswordless(deps, envId, { code, authRequestId: sent.authRequestId })).rejects.toMatchObject({ reason: 'PASSWORDLESS_EXPIRED' });
      clock -= 1;
      expect(await verifyPasswordless(deps, envId, { code, authRequestId: sent.authRequestId })).toMatchObject({ email: 'clock@example.com' });
      clock += 1;
    });

    it('compares at most 5 codes however many guesses race, and verifies a right code once under a race', async () => {
      const sent = await sendPasswordless(deps, envId, { email: 'race@example.com' }, { ip: '198.51.100.2' });
      const code = await lastCodeTo('race@example.com');
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => verifyPasswordless(deps, envId, { code: wrong, authRequestId: sent.authRequestId })));
      const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as { reason: string }).reason : 'ok'));
      expect(reasons.filter((r) => r === 'PASSWORDLESS_CODE_INVALID')).toHaveLength(5);
      expect(reasons.filter((r) => r !== 'PASSWORDLESS_CODE_INVALID').every((r) => r === 'PASSWORDLESS_TOO_MANY_ATTEMPTS')).toBe(true);
      const row = await server.core.storage.db.selectFrom('passwordless_requests').selectAll().where('id', '=', sent.authRequestId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ attempts: 5, status: 'locked' });

      const other = await sendPasswordless(deps, envId, { email: 'race2@example.com' }, { ip: '198.51.100.2' });
      const right = await lastCodeTo('race2@example.com');
      const both = await Promise.allSettled([1, 2, 3].map(() => verifyPasswordless(deps, envId, { code: right, authRequestId: other.authRequestId })));
      expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('hands a verified email to the hosted login once (verifiedEmailFrom)', async () => {
      const sent = await sendPasswordless(deps, envId, { email: 'Hosted@Example.com', state: 's1', template: 'SIGNUP' }, { ip: '198.51.100.3' });
      await expect(verifiedEmailFrom(deps, envId, sent.authRequestId)).rejects.toMatchObject({ reason: 'PASSWORDLESS_NOT_VERIFIED' });
      await verifyPasswordless(deps, envId, { code: await lastCodeTo('hosted@example.com'), authRequestId: sent.authRequestId });
      expect(await verifiedEmailFrom(deps, envId, sent.authRequestId)).toMatchObject({ email: 'hosted@example.com', emailVerified: true, method: 'passwordless', template: 'SIGNUP', state: 's1' });
      await expect(verifiedEmailFrom(deps, envId, sent.authRequestId)).rejects.toMatchObject({ reason: 'PASSWORDLESS_NOT_VERIFIED' });
      await expect(resendPasswordless(deps, envId, sent.authRequestId, { ip: '198.51.100.3' })).rejects.toMatchObject({ reason: 'PASSWORDLESS_ALREADY_USED' });
      const production = (await findEnvironmentByName(server.core.storage.db, 'production')).id;
      await expect(verifiedEmailFrom(deps, production, sent.authRequestId)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('keeps the email body (with its code) sealed in the outbox', async () => {
      const rows = await server.core.storage.db.selectFrom('email_outbox').selectAll().where('recipient', '=', 'race2@example.com').execute();
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe('outbox');
      expect(rows[0].body_ciphertext).toBeTruthy();
      expect(rows[0].body_ciphertext).not.toContain(await lastCodeTo('race2@example.com'));
    });
  });
}
