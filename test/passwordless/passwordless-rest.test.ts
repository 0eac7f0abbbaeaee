import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { restCall } from '../helpers/agent-auth-env.js';
import { violations } from '../helpers/wire-errors.js';
import { startSmtpFake } from '../users/smtp-fake.js';
import { codeIn, linkIn, nthMailTo } from './passwordless-mail.js';

for (const dialect of DIALECTS) {
  describe(`passwordless email over REST (${dialect.name})`, () => {
    let smtp: Awaited<ReturnType<typeof startSmtpFake>>;
    let server: TestServer;
    let token: string;
    const rest = (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) => restCall(server.url + path, { token, ...init });

    beforeAll(async () => {
      smtp = await startSmtpFake();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SMTP_URL: smtp.url } });
      token = await envAccessToken(server.url, await server.newClient());
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
    });

    it('sends, resends and verifies at the documented paths, snake_case', async () => {
      const sent = await rest('/api/v1/passwordless/email/send', {
        method: 'POST',
        body: { email: 'rest@example.com', template: 'SIGNUP', state: 'xyz', magiclink_auth_uri: 'https://app.example.test/cb', expires_in: 600, template_variables: { team: 'Acme' } },
      });
      expect(sent.status).toBe(200);
      expect(sent.json).toMatchObject({ expires_in: 600, passwordless_type: 'LINK_OTP' });
      expect(Number(sent.json.expires_at)).toBeGreaterThan(Date.now() / 1000 + 590);
      const id = sent.json.auth_request_id as string;
      expect(await nthMailTo(smtp.received, 'rest@example.com')).toContain('for 10 minutes');

      const resent = await rest('/api/v1/passwordless/email/resend', { method: 'POST', body: { auth_request_id: id } });
      expect(resent.status).toBe(200);
      expect(resent.json).toMatchObject({ auth_request_id: id, expires_in: 600, passwordless_type: 'LINK_OTP' });
      const body = await nthMailTo(smtp.received, 'rest@example.com', 2);

      const verified = await rest('/api/v1/passwordless/email/verify', { method: 'POST', body: { auth_request_id: id, code: codeIn(body) } });
      expect(verified.status).toBe(200);
      expect(verified.json).toEqual({ email: 'rest@example.com', state: 'xyz', template: 'SIGNUP', passwordless_type: 'LINK_OTP' });
      const replay = await rest('/api/v1/passwordless/email/verify', { method: 'POST', body: { link_token: linkIn(body).token } });
      expect(replay.status).toBe(400);
      expect(replay.json.details[0].error_code).toBe('PASSWORDLESS_ALREADY_USED');
    });

    it('answers bad input with 400 and every field violation at once, and anonymous callers with 401', async () => {
      const bad = await rest('/api/v1/passwordless/email/send', {
        method: 'POST',
        body: { email: 'nope', state: '', magiclink_auth_uri: 'ftp://x.example/cb', expires_in: 100000, template_variables: { otp: '1', x: 'y' } },
      });
      expect(bad.status).toBe(400);
      expect(violations(bad.json).map((v: { field: string }) => v.field)).toEqual(['email', 'state', 'magiclink_auth_uri', 'expires_in', 'template_variables.otp', 'template_variables.x']);
      expect(JSON.stringify(bad.json)).not.toContain('"1"');
      const unknownTemplate = await rest('/api/v1/passwordless/email/send', { method: 'POST', body: { email: 'a@example.com', template: 'LOGIN' } });
      expect(unknownTemplate.status).toBe(400);
      const neither = await rest('/api/v1/passwordless/email/verify', { method: 'POST', body: { auth_request_id: 'pwl_x' } });
      expect(neither.status).toBe(400);
      expect(violations(neither.json)).toEqual([expect.objectContaining({ field: 'code' })]);
      const noId = await rest('/api/v1/passwordless/email/resend', { method: 'POST', body: {} });
      expect(noId.status).toBe(400);
      expect(violations(noId.json)).toEqual([expect.objectContaining({ field: 'auth_request_id' })]);
      const anon = await rest('/api/v1/passwordless/email/send', { method: 'POST', body: { email: 'a@example.com' }, token: null });
      expect(anon.status).toBe(401);
    });

    it("reads and sets the environment's passwordless type", async () => {
      const path = '/api/v1/agent-auth/passwordless';
      expect((await rest(path)).json).toEqual({ passwordless_type: null });
      expect((await rest(path, { method: 'PUT', body: { passwordless_type: 'OTP' } })).json).toEqual({ passwordless_type: 'OTP' });
      // OTP set explicitly: a magic-link URI does not turn it into LINK_OTP.
      const sent = await rest('/api/v1/passwordless/email/send', { method: 'POST', body: { email: 'typed@example.com', magiclink_auth_uri: 'https://app.example.test/cb' } });
      expect(sent.json.passwordless_type).toBe('OTP');
      expect(await nthMailTo(smtp.received, 'typed@example.com')).not.toContain('link_token=');
      const wrong = await rest(path, { method: 'PUT', body: { passwordless_type: 'SMS' } });
      expect(wrong.status).toBe(400);
      expect(violations(wrong.json)).toEqual([expect.objectContaining({ field: 'passwordless_type' })]);
      expect((await rest(path, { method: 'PUT', body: { mode: 'OTP' } })).status).toBe(400);
      expect((await rest(path, { method: 'PUT', body: { passwordless_type: null } })).json).toEqual({ passwordless_type: null });
      expect((await rest(path, { token: null })).status).toBe(401);
    });
  });
}
