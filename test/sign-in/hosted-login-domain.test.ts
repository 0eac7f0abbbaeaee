import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { captureLogger } from '../helpers/test-utils.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { createMailer } from '../../src/modules/email/mailer.js';
import { listEmails } from '../../src/modules/email/outbox.js';
import { createOrganization, updateOrganizationSettings } from '../../src/modules/organizations/organizations.js';
import { upsertUserManagementSettings } from '../../src/modules/organizations/user-management-settings.js';
import { createDomain } from '../../src/modules/domains/domains.js';
import { verifyDomainByAdmin } from '../../src/modules/domains/verify-domain.js';
import { createUserAndMembership } from '../../src/modules/users/create-user-and-membership.js';
import { PASSWORDLESS_LIMITS, type PasswordlessDeps } from '../../src/modules/passwordless/index.js';
import {
  afterAuthenticationRealm, pickOrganization, proveEmail, realmBeforeAuthentication, realmOfRequest, signInPerson, startEmailLogin,
} from '../../src/modules/hosted-login/index.js';
import { savePickStep } from '../../src/modules/hosted-login/login-state.js';
import { codeIn } from '../passwordless/passwordless-mail.js';

/**
 * The hosted login's domain steps against real storage: home realm discovery before and after
 * authentication, the email proof bound to its interaction, sign-up, invitations accepted at
 * sign-in, the organization pick (once), and max_allowed_users on a just-in-time join.
 */
for (const dialect of DIALECTS) {
  describe(`hosted login domain steps (${dialect.name})`, () => {
    let server: TestServer;
    let envId: string;
    let deps: PasswordlessDeps;
    const db = () => server.core.storage.db;
    const codeTo = async (to: string) => codeIn((await listEmails(db(), server.core.vault, envId, 100)).find((e) => e.recipient === to)!.text!);
    const org = async (name: string, sso = false) => {
      const o = await createOrganization(db(), envId, { displayName: name });
      if (sso) await updateOrganizationSettings(db(), envId, o.id, [{ name: 'sso', enabled: true }]);
      return o;
    };
    const domain = async (orgId: string, name: string, type: 'ORGANIZATION_DOMAIN' | 'ALLOWED_EMAIL_DOMAIN', verified = true) => {
      const d = await createDomain(db(), envId, { id: orgId }, { domain: name, domainType: type });
      if (verified) await verifyDomainByAdmin(db(), envId, d.id);
    };
    const login = async (uid: string, email: string, params = {}) => {
      const step = await startEmailLogin(deps, { envId, uid, email, params, ip: '198.51.100.20', magicLinkUri: `http://127.0.0.1/ui/login/link?interaction=${uid}` });
      if (step.kind !== 'sent') throw new Error(`expected an email, got ${JSON.stringify(step)}`);
      return proveEmail(deps, envId, uid, { code: await codeTo(email.toLowerCase()) });
    };

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      envId = (await findEnvironmentByName(db(), 'development')).id;
      const mailer = createMailer({ smtpUrl: undefined, from: 'x@example.test', db: db(), vault: server.core.vault, log: captureLogger([]) });
      deps = { db: db(), mailer, limits: { ...PASSWORDLESS_LIMITS, perIp: { max: 1000, windowSeconds: 60 } } };
    });
    afterAll(async () => server?.close());

    it('routes an email to SSO only for a verified ORGANIZATION_DOMAIN of an organization with SSO on, before any email is sent', async () => {
      const acme = await org('Acme', true);
      await domain(acme.id, 'acme.example', 'ORGANIZATION_DOMAIN');
      const noSso = await org('Beta');
      await domain(noSso.id, 'beta.example', 'ORGANIZATION_DOMAIN');
      const pending = await org('Gamma', true);
      await domain(pending.id, 'gamma.example', 'ORGANIZATION_DOMAIN', false);
      const allowedOnly = await org('Delta', true);
      await domain(allowedOnly.id, 'delta.example', 'ALLOWED_EMAIL_DOMAIN');

      expect(await realmBeforeAuthentication(db(), envId, 'Ann@ACME.example', {})).toEqual({ kind: 'sso', reason: 'email_domain', organizationId: acme.id, organizationName: 'Acme' });
      for (const email of ['b@beta.example', 'g@gamma.example', 'd@delta.example', 'x@sub.acme.example']) {
        expect(await realmBeforeAuthentication(db(), envId, email, {})).toEqual({ kind: 'none' });
      }
      const before = (await listEmails(db(), server.core.vault, envId, 100)).length;
      const step = await startEmailLogin(deps, { envId, uid: 'uid-sso', email: 'ann@acme.example', params: {}, ip: '198.51.100.20', magicLinkUri: 'http://127.0.0.1/x' });
      expect(step).toMatchObject({ kind: 'sso', realm: { organizationId: acme.id } });
      expect((await listEmails(db(), server.core.vault, envId, 100)).length).toBe(before);
      // After authentication (social, passkey): the same rules on the proven email.
      expect(await afterAuthenticationRealm(db(), envId, 'ann@acme.example', {})).toMatchObject({ kind: 'sso', organizationId: acme.id });
      expect(await afterAuthenticationRealm(db(), envId, 'ann@gmail.example', {})).toEqual({ kind: 'none' });
    });

    it('lets connection_id / organization_id skip discovery, and domain_hint narrow it', async () => {
      const sso = await org('Forced SSO', true);
      const plain = await org('Plain');
      await domain(sso.id, 'forced.example', 'ORGANIZATION_DOMAIN');
      expect(await realmOfRequest(db(), envId, { connectionId: 'conn_123' })).toEqual({ kind: 'sso', reason: 'connection_id', connectionId: 'conn_123' });
      expect(await realmOfRequest(db(), envId, { organizationId: sso.id })).toMatchObject({ kind: 'sso', reason: 'organization_id', organizationId: sso.id });
      // organization_id of an organization without SSO: no discovery at all, even for an SSO domain's email.
      expect(await realmBeforeAuthentication(db(), envId, 'x@forced.example', { organizationId: plain.id })).toEqual({ kind: 'none', organizationId: plain.id });
      expect(await realmOfRequest(db(), envId, { domainHint: 'FORCED.example' })).toMatchObject({ kind: 'sso', reason: 'domain_hint', organizationId: sso.id });
      expect(await realmOfRequest(db(), envId, { domainHint: 'nobody.example' })).toBeUndefined();
      await expect(realmOfRequest(db(), envId, { organizationId: 'org_missing' })).rejects.toMatchObject({ code: 'not_found' });
    });

    it('proves an email only through its own interaction, signs a new address up, and finishes once', async () => {
      const proven = await login('uid-new', 'New.Person@Example.com');
      expect(proven).toEqual({ email: 'new.person@example.com', amr: ['otp'] });
      const step = await signInPerson(db(), envId, 'uid-new', proven, undefined);
      expect(step.kind === 'done' && 'organizationId' in step.outcome).toBe(false);
      expect(step).toMatchObject({ kind: 'done', outcome: { identity: { connectionType: 'PASSWORDLESS', providerName: 'passwordless', social: false }, amr: ['otp'] } });
      const user = await db().selectFrom('users').selectAll().where('email', '=', 'new.person@example.com').executeTakeFirstOrThrow();
      expect(step.kind === 'done' && step.outcome.userId).toBe(user.id);
      expect(user.last_login_at).not.toBeNull();
      // The state is gone: the same code cannot be replayed through the interaction.
      await expect(proveEmail(deps, envId, 'uid-new', { code: '000000' })).rejects.toMatchObject({ reason: 'LOGIN_NO_EMAIL_STEP' });

      // A code of interaction A typed into interaction B is checked against B's request, not A's.
      await startEmailLogin(deps, { envId, uid: 'uid-a', email: 'a@example.com', params: {}, ip: '198.51.100.20', magicLinkUri: 'http://127.0.0.1/x' });
      await startEmailLogin(deps, { envId, uid: 'uid-b', email: 'b@example.com', params: {}, ip: '198.51.100.20', magicLinkUri: 'http://127.0.0.1/x' });
      const codeA = await codeTo('a@example.com');
      const codeB = await codeTo('b@example.com');
      if (codeA !== codeB) await expect(proveEmail(deps, envId, 'uid-b', { code: codeA })).rejects.toMatchObject({ reason: 'PASSWORDLESS_CODE_INVALID' });
      expect(await proveEmail(deps, envId, 'uid-a', { code: codeA })).toMatchObject({ email: 'a@example.com' });
    });

    it('accepts an open invitation at sign-in, and lets a person with several organizations pick one, once', async () => {
      const one = await org('Alpha Co');
      const two = await org('Bravo Co');
      const dir = { db: db(), mailer: deps.mailer, publicUrl: 'http://127.0.0.1', log: captureLogger([]) };
      await createUserAndMembership(dir, envId, { organizationId: one.id, user: { email: 'multi@example.com' }, membership: {}, sendInvitation: false });
      await createUserAndMembership(dir, envId, { organizationId: two.id, user: { email: 'multi@example.com' }, membership: {}, sendInvitation: true });
      const proven = await login('uid-multi', 'multi@example.com');
      const step = await signInPerson(db(), envId, 'uid-multi', proven, undefined);
      expect(step).toEqual({ kind: 'pick', options: [{ id: one.id, name: 'Alpha Co' }, { id: two.id, name: 'Bravo Co' }] });
      const member = await db().selectFrom('memberships').select('status').where('organization_id', '=', two.id).executeTakeFirstOrThrow();
      expect(member.status).toBe('ACTIVE');

      const stranger = await org('Not Yours');
      await expect(pickOrganization(db(), envId, 'uid-multi', stranger.id)).rejects.toMatchObject({ reason: 'LOGIN_ORGANIZATION_NOT_OFFERED' });
      const picks = await Promise.allSettled([pickOrganization(db(), envId, 'uid-multi', two.id), pickOrganization(db(), envId, 'uid-multi', two.id)]);
      expect(picks.filter((p) => p.status === 'fulfilled')).toHaveLength(1);
      expect((picks.find((p) => p.status === 'fulfilled') as PromiseFulfilledResult<{ organizationId: string; amr: string[] }>).value).toMatchObject({ organizationId: two.id, amr: ['otp'] });
      expect(picks.find((p) => p.status === 'rejected')).toMatchObject({ reason: { reason: 'LOGIN_NO_PICK_STEP' } });

      // Another method (social) offers the same pick page; the outcome keeps that method's identity.
      const identity = { connectionType: 'SOCIAL' as const, providerName: 'github', social: true };
      const userId = (await db().selectFrom('users').select('id').where('email', '=', 'multi@example.com').executeTakeFirstOrThrow()).id;
      await savePickStep(db(), envId, 'uid-social', { email: 'multi@example.com', userId, organizationIds: [one.id, two.id], amr: ['social'], identity });
      expect(await pickOrganization(db(), envId, 'uid-social', one.id)).toEqual({ userId, organizationId: one.id, identity, amr: ['social'] });
    });

    it('refuses organization_id for a non-member, and joins by a verified allowed email domain within max_allowed_users', async () => {
      const closed = await org('Closed Co');
      const proven = await login('uid-closed', 'outsider@example.com');
      await expect(signInPerson(db(), envId, 'uid-closed', proven, closed.id)).rejects.toMatchObject({ reason: 'NOT_A_MEMBER' });

      const open = await org('Open Co');
      await domain(open.id, 'open.example', 'ALLOWED_EMAIL_DOMAIN');
      await upsertUserManagementSettings(db(), envId, open.id, { maxAllowedUsers: 1 });
      const first = await signInPerson(db(), envId, 'uid-j1', await login('uid-j1', 'first@open.example'), open.id);
      expect(first).toMatchObject({ kind: 'done', outcome: { organizationId: open.id } });
      await expect(signInPerson(db(), envId, 'uid-j2', await login('uid-j2', 'second@open.example'), open.id)).rejects.toMatchObject({ reason: 'MAX_ALLOWED_USERS_REACHED' });
      // The one who joined signs in to it again without a seat check.
      expect(await signInPerson(db(), envId, 'uid-j3', await login('uid-j3', 'first@open.example'), open.id)).toMatchObject({ kind: 'done', outcome: { organizationId: open.id } });

      // A deactivated member is not let back in by the domain: refused in plain words, not an error page.
      const firstId = (await db().selectFrom('users').select('id').where('email', '=', 'first@open.example').executeTakeFirstOrThrow()).id;
      await db().updateTable('memberships').set({ status: 'INACTIVE' }).where('organization_id', '=', open.id).where('user_id', '=', firstId).execute();
      await expect(signInPerson(db(), envId, 'uid-j4', await login('uid-j4', 'first@open.example'), open.id)).rejects.toMatchObject({ reason: 'NOT_A_MEMBER' });
    });
  });
}
