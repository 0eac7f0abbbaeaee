import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { PasswordlessType, TemplateType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { setPasswordlessType } from '../../src/modules/passwordless/index.js';
import { resetTemplate, setTemplate } from '../../src/modules/email/templates.js';
import { startSmtpFake } from '../users/smtp-fake.js';
import { codeIn, linkIn, nthMailTo, subjectOf } from './passwordless-mail.js';

const CALLBACK = 'https://app.example.test/auth/passwordless/callback?from=login';
// Another six-digit code than `code` (a wrong guess).
const wrongFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

for (const dialect of DIALECTS) {
  describe(`passwordless email through the SDK (${dialect.name})`, () => {
    let smtp: Awaited<ReturnType<typeof startSmtpFake>>;
    let server: TestServer;
    let sdk: ScalekitClient;
    let prodSdk: ScalekitClient;
    let devEnv: string;
    // Every code and token the tests saw: none may appear in a log line.
    const secrets: string[] = [];
    const mailTo = (to: string, n = 1) => nthMailTo(smtp.received, to, n);

    beforeAll(async () => {
      smtp = await startSmtpFake();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SMTP_URL: smtp.url, EMAIL_FROM: 'Acme <no-reply@acme.test>' } });
      const dev = await server.newClient();
      sdk = new ScalekitClient(server.url, dev.clientId, dev.clientSecret);
      const prod = await server.newClient('production');
      prodSdk = new ScalekitClient(server.url, prod.clientId, prod.clientSecret);
      devEnv = (await findEnvironmentByName(server.core.storage.db, 'development')).id;
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
    });

    it('emails a six-digit code (OTP) that verifies once, answering the email, state and template', async () => {
      const before = Date.now() / 1000;
      const sent = await sdk.passwordless.sendPasswordlessEmail('Ada@Example.com', { state: 'st-123', template: 'SIGNIN' as never });
      expect(sent).toMatchObject({ expiresIn: 300, passwordlessType: PasswordlessType.OTP });
      expect(sent.authRequestId).toMatch(/^pwl_/);
      expect(Number(sent.expiresAt)).toBeGreaterThanOrEqual(Math.floor(before) + 299);
      expect(Number(sent.expiresAt)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 300);

      const body = await mailTo('ada@example.com');
      const code = codeIn(body);
      secrets.push(code);
      expect(body).not.toContain('link_token=');
      expect(subjectOf(body)).toBe('Sign in: your one-time code');
      expect(body).toContain('It works once, for 5 minutes.');

      const verified = await sdk.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId);
      expect(verified).toMatchObject({ email: 'ada@example.com', state: 'st-123', template: TemplateType.SIGNIN, passwordlessType: PasswordlessType.OTP });
      // Single use: the same code again is refused, and says why.
      await expect(sdk.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'PASSWORDLESS_ALREADY_USED' });

      // Stored hashed: the code is in no column.
      const row = await server.core.storage.db.selectFrom('passwordless_requests').selectAll().where('id', '=', sent.authRequestId).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(code);
      expect(row.otp_hash).toMatch(/^[\w-]+\.[\w-]+$/);
    });

    it('emails a magic link and a code (LINK_OTP) when the request names magiclink_auth_uri; the link verifies once', async () => {
      const sent = await sdk.passwordless.sendPasswordlessEmail('link@example.com', { magiclinkAuthUri: CALLBACK, template: 'SIGNUP' as never, state: 'after=/home' });
      expect(sent.passwordlessType).toBe(PasswordlessType.LINK_OTP);
      const body = await mailTo('link@example.com');
      const { link, token } = linkIn(body);
      const code = codeIn(body);
      secrets.push(token, code);
      expect(link).toBe(`https://app.example.test/auth/passwordless/callback?from=login&link_token=${token}`);
      expect(subjectOf(body)).toBe('Finish signing up: your one-time code');

      // The SDK lets the link be verified without auth_request_id (another browser opened it).
      const verified = await sdk.passwordless.verifyPasswordlessEmail({ linkToken: token });
      expect(verified).toMatchObject({ email: 'link@example.com', state: 'after=/home', template: TemplateType.SIGNUP, passwordlessType: PasswordlessType.LINK_OTP });
      await expect(sdk.passwordless.verifyPasswordlessEmail({ linkToken: token })).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'PASSWORDLESS_ALREADY_USED' });
      await expect(sdk.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'PASSWORDLESS_ALREADY_USED' });
      const row = await server.core.storage.db.selectFrom('passwordless_requests').selectAll().where('id', '=', sent.authRequestId).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(token);
    });

    it('sends a link only (LINK) when the environment says so, and refuses a code for it', async () => {
      await setPasswordlessType(server.core.storage.db, devEnv, 'LINK');
      try {
        await expect(sdk.passwordless.sendPasswordlessEmail('only-link@example.com')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('magiclink_auth_uri is required') });
        const sent = await sdk.passwordless.sendPasswordlessEmail('only-link@example.com', { magiclinkAuthUri: 'http://localhost:3000/cb' });
        expect(sent.passwordlessType).toBe(PasswordlessType.LINK);
        const body = await mailTo('only-link@example.com');
        expect(() => codeIn(body)).toThrow();
        const { link, token } = linkIn(body);
        secrets.push(token);
        expect(link.startsWith('http://localhost:3000/cb?link_token=')).toBe(true);
        await expect(sdk.passwordless.verifyPasswordlessEmail({ code: '123456' }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('verify it with link_token') });
        // With auth_request_id, the link must be that request's.
        const other = await sdk.passwordless.sendPasswordlessEmail('only-link-2@example.com', { magiclinkAuthUri: 'http://127.0.0.1:3000/cb' });
        await expect(sdk.passwordless.verifyPasswordlessEmail({ linkToken: token }, other.authRequestId)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('link_token') });
        const verified = await sdk.passwordless.verifyPasswordlessEmail({ linkToken: token }, sent.authRequestId);
        expect(verified).toMatchObject({ email: 'only-link@example.com', passwordlessType: PasswordlessType.LINK, template: TemplateType.SIGNIN });
        expect(verified.state).toBeUndefined();
      } finally {
        await setPasswordlessType(server.core.storage.db, devEnv, null);
      }
    });

    it('closes a request after 5 wrong codes: even the right one is refused afterwards', async () => {
      const sent = await sdk.passwordless.sendPasswordlessEmail('guess@example.com');
      const code = codeIn(await mailTo('guess@example.com'));
      secrets.push(code);
      const wrong = wrongFor(code);
      // A malformed code cannot be right and is not counted (the next wrong one still leaves 4).
      await expect(sdk.passwordless.verifyPasswordlessEmail({ code: '12ab' }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('code must be the 6-digit code from the email') });
      for (let left = 4; left >= 1; left--) {
        await expect(sdk.passwordless.verifyPasswordlessEmail({ code: wrong }, sent.authRequestId)).rejects.toMatchObject({
          grpcStatus: 3, errorCode: 'PASSWORDLESS_CODE_INVALID', message: expect.stringContaining(`${left} attempt${left === 1 ? '' : 's'} left`),
        });
      }
      await expect(sdk.passwordless.verifyPasswordlessEmail({ code: wrong }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('no attempts left') });
      await expect(sdk.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'PASSWORDLESS_TOO_MANY_ATTEMPTS' });
      await expect(sdk.passwordless.resendPasswordlessEmail(sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'PASSWORDLESS_TOO_MANY_ATTEMPTS' });
    });

    it('refuses an expired code, and a resend issues a new one that works while the old one does not', async () => {
      const sent = await sdk.passwordless.sendPasswordlessEmail('late@example.com', { expiresIn: 1 });
      expect(sent.expiresIn).toBe(1);
      const old = codeIn(await mailTo('late@example.com'));
      secrets.push(old);
      await new Promise((r) => setTimeout(r, 1100));
      await expect(sdk.passwordless.verifyPasswordlessEmail({ code: old }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'PASSWORDLESS_EXPIRED', message: expect.stringContaining('expired at') });

      const again = await sdk.passwordless.resendPasswordlessEmail(sent.authRequestId);
      expect(again).toMatchObject({ authRequestId: sent.authRequestId, expiresIn: 1, passwordlessType: PasswordlessType.OTP });
      const fresh = codeIn(await mailTo('late@example.com', 2));
      secrets.push(fresh);
      expect(fresh).not.toBe(old);
      await expect(sdk.passwordless.verifyPasswordlessEmail({ code: old }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 3, errorCode: 'PASSWORDLESS_CODE_INVALID' });
      expect(await sdk.passwordless.verifyPasswordlessEmail({ code: fresh }, sent.authRequestId)).toMatchObject({ email: 'late@example.com' });
    });

    it('resends a link: the old link stops working, the new one verifies; resends are capped', async () => {
      const sent = await sdk.passwordless.sendPasswordlessEmail('relink@example.com', { magiclinkAuthUri: CALLBACK });
      const first = linkIn(await mailTo('relink@example.com')).token;
      await sdk.passwordless.resendPasswordlessEmail(sent.authRequestId);
      const second = linkIn(await mailTo('relink@example.com', 2)).token;
      secrets.push(first, second);
      await expect(sdk.passwordless.verifyPasswordlessEmail({ linkToken: first })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('replaced by a resend') });
      await sdk.passwordless.resendPasswordlessEmail(sent.authRequestId);
      await sdk.passwordless.resendPasswordlessEmail(sent.authRequestId);
      await expect(sdk.passwordless.resendPasswordlessEmail(sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 8, errorCode: 'PASSWORDLESS_RESEND_LIMIT' });
      const last = linkIn(await mailTo('relink@example.com', 4)).token;
      secrets.push(last);
      await expect(sdk.passwordless.verifyPasswordlessEmail({ linkToken: second })).rejects.toMatchObject({ grpcStatus: 3 });
      expect(await sdk.passwordless.verifyPasswordlessEmail({ linkToken: last }, sent.authRequestId)).toMatchObject({ email: 'relink@example.com' });
    });

    it('rate-limits emails to one address (sends and resends alike) with a retry hint', async () => {
      const first = await sdk.passwordless.sendPasswordlessEmail('busy@example.com');
      for (let i = 0; i < 3; i++) await sdk.passwordless.sendPasswordlessEmail('busy@example.com');
      await sdk.passwordless.resendPasswordlessEmail(first.authRequestId);
      const err = await sdk.passwordless.sendPasswordlessEmail('BUSY@example.com').then(() => undefined, (e: unknown) => e as { grpcStatus: number; errorCode: string; message: string });
      expect(err).toMatchObject({ grpcStatus: 8, errorCode: 'PASSWORDLESS_RATE_LIMITED' });
      const retry = Number(/retry after (\d+) seconds/.exec(err!.message)?.[1]);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(15 * 60);
      await expect(sdk.passwordless.resendPasswordlessEmail(first.authRequestId)).rejects.toMatchObject({ grpcStatus: 8, errorCode: 'PASSWORDLESS_RATE_LIMITED' });
      // Another address, and the same address in another environment, have their own windows.
      await sdk.passwordless.sendPasswordlessEmail('calm@example.com');
      await prodSdk.passwordless.sendPasswordlessEmail('busy@example.com');
    });

    it("fills in the app's template_variables (HTML-escaped) and refuses the reserved names", async () => {
      await setTemplate(server.core.storage.db, devEnv, 'passwordless_signup_otp', {
        subject: 'Join {{team}}: {{otp}}',
        text: 'Hi from {{team}}! Your code to finish signing up is {{otp}} ({{expiry_time_relative}}).',
        html: '<p>Hi from {{team}}! Code: <b>{{otp}}</b>, until {{expire_time}}</p>',
      });
      try {
        await sdk.passwordless.sendPasswordlessEmail('vars@example.com', { template: 'SIGNUP' as never, templateVariables: { team: '<b>Acme</b> & "Co"' } });
        const body = await mailTo('vars@example.com');
        const code = codeIn(body);
        secrets.push(code);
        expect(body).toContain('Hi from <b>Acme</b> & "Co"! Your code to finish signing up is');
        expect(body).toContain('(in 5 minutes)');
        expect(body).toContain('Hi from &lt;b&gt;Acme&lt;/b&gt; &amp; &quot;Co&quot;! Code: <b>' + code + '</b>');
        // The subject is kept unsealed with the email's record: it never carries the code.
        const record = await server.core.storage.db.selectFrom('email_outbox').selectAll().where('recipient', '=', 'vars@example.com').executeTakeFirstOrThrow();
        expect(record).toMatchObject({ subject: 'Join <b>Acme</b> & "Co": your code', status: 'sent', body_ciphertext: null, template: 'passwordless_signup_otp' });

        await expect(sdk.passwordless.sendPasswordlessEmail('vars@example.com', { template: 'SIGNUP' as never })).rejects.toMatchObject({
          grpcStatus: 3, message: expect.stringContaining('template_variables.team is required'),
        });
        for (const name of ['otp', 'link', 'expiry_time', 'Expire_Time', 'expiry_time_relative']) {
          await expect(sdk.passwordless.sendPasswordlessEmail('vars@example.com', { templateVariables: { [name]: 'x' } })).rejects.toMatchObject({
            grpcStatus: 3, message: expect.stringContaining(`template_variables.${name} is reserved`),
          });
        }
      } finally {
        await resetTemplate(server.core.storage.db, devEnv, 'passwordless_signup_otp');
      }
    });

    it('refuses bad input naming the field', async () => {
      const send = (email: string, o: Parameters<typeof sdk.passwordless.sendPasswordlessEmail>[1] = {}) =>
        sdk.passwordless.sendPasswordlessEmail(email, o).then(() => 'sent', (e: { grpcStatus: number; message: string }) => `${e.grpcStatus} ${e.message.replace(/^\[\w+\] /, '')}`);
      expect(await send('not-an-email')).toMatch(/^3 email must be an email address/);
      expect(await send('a\u0001b@example.com')).toBe('3 email must not contain control characters');
      expect(await send('x@example.com', { template: 7 as never })).toBe('3 template must be SIGNIN or SIGNUP');
      expect(await send('x@example.com', { state: 's'.repeat(1001) })).toMatch(/^3 state must be 1 to 1000 characters/);
      expect(await send('x@example.com', { magiclinkAuthUri: 'http://app.example.com/cb' })).toMatch(/^3 magiclink_auth_uri must use https/);
      expect(await send('x@example.com', { magiclinkAuthUri: 'https://user:pw@app.example.com/cb' })).toMatch(/^3 magiclink_auth_uri must not carry a user name or password/);
      expect(await send('x@example.com', { magiclinkAuthUri: '/auth/cb' })).toMatch(/^3 magiclink_auth_uri must be an absolute URL/);
      expect(await send('x@example.com', { magiclinkAuthUri: 'https://app.example.com/cb#x' })).toMatch(/^3 magiclink_auth_uri must not have a #fragment/);
      expect(await send('x@example.com', { expiresIn: 86_401 })).toMatch(/^3 expires_in must be 1 to 86400 seconds/);
      expect(await send('x@example.com', { expiresIn: 0 })).toMatch(/^3 expires_in must be 1 to 86400 seconds/);
      expect(await send('x@example.com', { templateVariables: { a: 'x' } })).toMatch(/^3 template_variables\.a name must be 2 to 25/);
      expect(await send('x@example.com', { templateVariables: { ok_name: 'v'.repeat(257) } })).toMatch(/^3 template_variables\.ok_name must be at most 256/);
      const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`var_${i}`, 'v']));
      expect(await send('x@example.com', { templateVariables: many })).toMatch(/^3 template_variables must have at most 30 entries/);

      const verify = (c: { code?: string; linkToken?: string }, id?: string) =>
        sdk.passwordless.verifyPasswordlessEmail(c, id).then(() => 'verified', (e: { grpcStatus: number; message: string }) => `${e.grpcStatus} ${e.message.replace(/^\[\w+\] /, '')}`);
      expect(await verify({ code: '123456' })).toMatch(/^3 auth_request_id is required to verify a code/);
      expect(await verify({ code: '123456' }, 'pwl_missing')).toMatch(/^5 passwordless auth request 'pwl_missing' was not found/);
      expect(await verify({ code: 'x'.repeat(21) }, 'pwl_missing')).toMatch(/^3 code must be the 6-digit code/);
      expect(await verify({ linkToken: 'not-a-token' })).toMatch(/^3 link_token is not a valid magic link token/);
      expect(await verify({ linkToken: 'A'.repeat(43) })).toMatch(/^3 link_token is not a valid magic link token/);
      await expect(sdk.passwordless.resendPasswordlessEmail('')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('auth_request_id is required') });
      await expect(sdk.passwordless.resendPasswordlessEmail('pwl_missing')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'PASSWORDLESS_REQUEST_NOT_FOUND' });
    });

    it("keeps environments apart: one environment's auth_request_id and link are unknown to another", async () => {
      const sent = await sdk.passwordless.sendPasswordlessEmail('iso@example.com', { magiclinkAuthUri: CALLBACK });
      const body = await mailTo('iso@example.com');
      const code = codeIn(body);
      const { token } = linkIn(body);
      secrets.push(code, token);
      await expect(prodSdk.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'PASSWORDLESS_REQUEST_NOT_FOUND' });
      await expect(prodSdk.passwordless.verifyPasswordlessEmail({ linkToken: token })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('link_token') });
      await expect(prodSdk.passwordless.resendPasswordlessEmail(sent.authRequestId)).rejects.toMatchObject({ grpcStatus: 5 });
      // Nothing was counted against the request in its own environment.
      expect(await sdk.passwordless.verifyPasswordlessEmail({ code }, sent.authRequestId)).toMatchObject({ email: 'iso@example.com' });
    });

    it('never writes a code or link token to a log line', () => {
      expect(secrets.length).toBeGreaterThan(10);
      const logs = server.logs.join('\n');
      expect(logs).toContain('email sent');
      for (const s of secrets) expect(logs).not.toContain(s);
    });
  });
}
