import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { runCli } from '../helpers/run-cli.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { setTemplate } from '../../src/modules/email/templates.js';
import { listEmails } from '../../src/modules/email/outbox.js';
import { renderTemplate } from '../../src/modules/email/render-template.js';

for (const dialect of DIALECTS) {
  describe(`emails without SMTP: the outbox, templates (${dialect.name})`, () => {
    let server: TestServer;
    let sdk: ScalekitClient;
    let org: string;
    let envId: string;

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      const c = await server.newClient();
      sdk = new ScalekitClient(server.url, c.clientId, c.clientSecret);
      org = (await sdk.organization.createOrganization('Outbox Org')).organization!.id;
      envId = (await findEnvironmentByName(server.core.storage.db, 'development')).id;
    });
    afterAll(async () => server?.close());

    it('keeps invitations in the outbox, sealed, says once that email is not configured, and never logs the link', async () => {
      await sdk.user.createUserAndMembership(org, { email: 'first@example.com' });
      await sdk.user.createUserAndMembership(org, { email: 'second@example.com' });
      const emails = await listEmails(server.core.storage.db, server.core.vault, envId);
      expect(emails.map((e) => [e.recipient, e.status, e.template])).toEqual([
        ['second@example.com', 'outbox', 'invitation'],
        ['first@example.com', 'outbox', 'invitation'],
      ]);
      const token = /invites\/accept\?token=([A-Za-z0-9_-]+)/.exec(emails[0].text!)![1];
      const raw = await server.core.storage.db.selectFrom('email_outbox').select('body_ciphertext').execute();
      expect(raw.map((r) => r.body_ciphertext).join('')).not.toContain(token);
      expect(server.logs.filter((l) => l.includes('email is not configured'))).toHaveLength(1);
      expect(server.logs.join('\n')).not.toContain(token);
    });

    it('shows the outbox with `latchkey emails list`', async () => {
      await sdk.user.createUserAndMembership(org, { email: 'cli@example.com' });
      const db: Record<string, string> = server.core.config.databaseUrl ? { DATABASE_URL: server.core.config.databaseUrl } : {};
      const res = await runCli(['emails', 'list'], { DATA_DIR: server.dataDir, PUBLIC_URL: server.url, LOG_LEVEL: 'warn', ...db });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/outbox {2}to cli@example\.com {2}invitation: You are invited to join Outbox Org/);
      expect(res.stdout).toContain(`${server.url}/invites/accept?token=`);
      expect(res.stdout).toContain('Email is not configured (SMTP_URL is unset)');
    });

    it('renders an environment’s own template, escaping values in HTML, and refuses unknown variables', async () => {
      await expect(setTemplate(server.core.storage.db, envId, 'invitation', { subject: 'Hi {{first_name}}', text: '{{accept_url}}', html: '<a href="{{accept_url}}">x</a>' })).rejects.toMatchObject({
        code: 'invalid_argument',
        message: expect.stringContaining('subject uses unknown variable {{first_name}}'),
      });
      await expect(setTemplate(server.core.storage.db, envId, 'invitation', { subject: 'a\nBcc: x@evil.test', text: 't', html: 'h' })).rejects.toMatchObject({ message: expect.stringContaining('subject must be one line') });
      await expect(setTemplate(server.core.storage.db, envId, 'welcome', { subject: 's', text: 't', html: 'h' })).rejects.toMatchObject({ message: expect.stringContaining('name must be one of invitation') });
      await setTemplate(server.core.storage.db, envId, 'invitation', {
        subject: 'Join {{organization_name}}',
        text: 'Go: {{accept_url}}',
        html: '<p>{{organization_name}}</p><a href="{{accept_url}}">join</a>',
      });
      const o = (await sdk.organization.createOrganization('<script>alert(1)</script>')).organization!.id;
      await sdk.user.createUserAndMembership(o, { email: 'templated@example.com' });
      const [latest] = await listEmails(server.core.storage.db, server.core.vault, envId, 1);
      expect(latest.subject).toBe('Join <script>alert(1)</script>');
      expect(latest.text).toMatch(/^Go: http:\/\/127\.0\.0\.1:\d+\/invites\/accept\?token=/);
      expect(renderTemplate('<p>{{x}}</p>', { x: '<b>"&\'' }, 'html')).toBe('<p>&lt;b&gt;&quot;&amp;&#39;</p>');
      expect(() => renderTemplate('{{y}}', { x: '' }, 'text')).toThrow("unknown template variable 'y'");
    });
  });
}
