import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { eventually } from '../helpers/test-utils.js';
import { acceptLinkIn, decodeQuotedPrintable, startSmtpFake } from './smtp-fake.js';

/** Opens the link (a page with a button), then presses it: the form posts the token back. */
async function accept(link: string): Promise<{ page: Response; post?: Response }> {
  const page = await fetch(link);
  if (page.status !== 200) return { page };
  const token = /name="token" value="([^"]+)"/.exec(await page.text())![1];
  const post = await fetch(new URL('/invites/accept', link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) });
  return { page, post };
}

for (const dialect of DIALECTS) {
  describe(`invitations by real email (${dialect.name})`, () => {
    let smtp: Awaited<ReturnType<typeof startSmtpFake>>;
    let server: TestServer;
    let sdk: ScalekitClient;
    let org: string;

    beforeAll(async () => {
      smtp = await startSmtpFake();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { SMTP_URL: smtp.url, EMAIL_FROM: 'Acme <no-reply@acme.test>' } });
      const c = await server.newClient();
      sdk = new ScalekitClient(server.url, c.clientId, c.clientSecret);
      org = (await sdk.organization.createOrganization('Acme <Tools> & Co')).organization!.id;
    });
    afterAll(async () => {
      await server?.close();
      await smtp?.close();
    });

    it('emails an invitation whose link activates the membership once and is refused the second time', async () => {
      const created = await sdk.user.createUserAndMembership(org, { email: 'invitee@example.com', sendInvitationEmail: true });
      const m = created.user!.memberships[0];
      expect(m.membershipStatus).toBe(3 /* PENDING_INVITE */);
      expect(m.expiresAt).toBeDefined();

      const mail = await eventually(async () => smtp.received.find((r) => r.to.includes('invitee@example.com')));
      expect(mail.from).toBe('no-reply@acme.test');
      const body = decodeQuotedPrintable(mail.raw);
      expect(body).toContain('Subject: You are invited to join');
      // The HTML part escapes the organization's name; the text part carries it as is.
      expect(body).toContain('Acme &lt;Tools&gt; &amp; Co');
      expect(body).not.toMatch(/<strong>Acme <Tools>/);
      const link = acceptLinkIn(mail.raw);
      expect(link.startsWith(`${server.url}/invites/accept?token=`)).toBe(true);

      const first = await accept(link);
      expect(first.page.status).toBe(200);
      expect(first.post!.status).toBe(200);
      expect(await first.post!.text()).toContain('is now a member of');
      expect((await sdk.user.getUser(created.user!.id)).user!.memberships[0].membershipStatus).toBe(1 /* ACTIVE */);

      const again = await accept(link);
      expect(again.page.status).toBe(409);
      expect(await again.page.text()).toContain('already been used');
      const token = new URL(link).searchParams.get('token')!;
      const replay = await fetch(new URL('/invites/accept', link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) });
      expect(replay.status).toBe(409);

      // Only the hash is stored; the link's token appears in no log line.
      const rows = await server.core.storage.db.selectFrom('invitations').select('token_hash').execute();
      expect(rows.map((r) => r.token_hash)).not.toContain(token);
      expect(server.logs.join('\n')).not.toContain(token);
      await expect(sdk.user.resendInvite(org, created.user!.id)).rejects.toMatchObject({ grpcStatus: 9 });
    });

    it('resends an invitation: a new link, resent_count counted, the old link refused', async () => {
      const u = (await sdk.user.createUserAndMembership(org, { email: 'resend@example.com' })).user!;
      const firstMail = await eventually(async () => smtp.received.find((r) => r.to.includes('resend@example.com')));
      const oldLink = acceptLinkIn(firstMail.raw);
      const { invite } = await sdk.user.resendInvite(org, u.id);
      expect(invite).toMatchObject({ organizationId: org, userId: u.id, status: 'PENDING_INVITE', resentCount: 1 });
      expect(invite!.createdAt).toBeDefined();
      expect(Number(invite!.expiresAt!.seconds)).toBeGreaterThan(Date.now() / 1000);
      const again = await sdk.user.resendInvite(org, u.id);
      expect(again.invite!.resentCount).toBe(2);

      const mails = await eventually(async () => {
        const all = smtp.received.filter((r) => r.to.includes('resend@example.com'));
        return all.length === 3 ? all : undefined;
      });
      expect((await fetch(oldLink)).status).toBe(404);
      // Two presses at once: one accepts, the other is told the link was used.
      const token = new URL(acceptLinkIn(mails[2].raw)).searchParams.get('token')!;
      const press = () => fetch(`${server.url}/invites/accept`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) });
      const statuses = (await Promise.all([press(), press()])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      await expect(sdk.user.resendInvite(org, 'usr_unknown')).rejects.toMatchObject({ grpcStatus: 5 });
    });

    it('lets an invitation expire: the link is refused, the membership reads INVITE_EXPIRED, a resend revives it', async () => {
      const u = (await sdk.user.createUserAndMembership(org, { email: 'late@example.com' })).user!;
      const mail = await eventually(async () => smtp.received.find((r) => r.to.includes('late@example.com')));
      const db = server.core.storage.db;
      const membership = await db.selectFrom('memberships').select('id').where('user_id', '=', u.id).executeTakeFirstOrThrow();
      await db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('membership_id', '=', membership.id).execute();
      const expired = await fetch(acceptLinkIn(mail.raw));
      expect(expired.status).toBe(409);
      expect(await expired.text()).toContain('has expired');
      expect((await sdk.user.getUser(u.id)).user!.memberships[0].membershipStatus).toBe(4 /* INVITE_EXPIRED */);
      await sdk.user.resendInvite(org, u.id);
      expect((await sdk.user.getUser(u.id)).user!.memberships[0].membershipStatus).toBe(3 /* PENDING_INVITE */);
    });

    it('invites with CreateMembership too, and refuses a link that is not one', async () => {
      const other = (await sdk.organization.createOrganization('Second Org')).organization!.id;
      const u = (await sdk.user.createUserAndMembership(org, { email: 'two-orgs@example.com', sendInvitationEmail: false })).user!;
      await sdk.user.createMembership(other, u.id, { sendInvitationEmail: true });
      const mail = await eventually(async () => smtp.received.find((r) => r.to.includes('two-orgs@example.com')));
      expect(decodeQuotedPrintable(mail.raw)).toContain('Second Org');
      expect((await fetch(`${server.url}/invites/accept?token=nope`)).status).toBe(404);
      expect((await fetch(`${server.url}/invites/accept`)).status).toBe(404);
    });
  });
}
