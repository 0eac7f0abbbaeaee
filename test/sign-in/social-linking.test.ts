import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { findOrCreateUser } from '../../src/modules/users/users.js';
import { linkExternalIdentity, type ExternalIdentity } from '../../src/modules/sign-in/account-linking.js';
import { identitiesOf } from '../../src/modules/sign-in/account-linking-identities.js';
import { signInSocialPerson } from '../../src/modules/social-login/index.js';
import { createOrganization, updateOrganizationSettings } from '../../src/modules/organizations/organizations.js';
import { createDomain } from '../../src/modules/domains/domains.js';
import { verifyDomainByAdmin } from '../../src/modules/domains/verify-domain.js';

/**
 * The account-linking rules against real storage: one user per email, links only on an email the
 * provider verified, the pre-account-takeover case, and returning identities found by subject.
 */
for (const dialect of DIALECTS) {
  describe(`account linking (${dialect.name})`, () => {
    let server: TestServer;
    let envId: string;
    const db = () => server.core.storage.db;
    const google = (subject: string, email: string | undefined, emailVerified: boolean): ExternalIdentity => ({ providerKey: 'google', subject, email, emailVerified, name: 'Ada Lovelace' });
    const userByEmail = (email: string) => db().selectFrom('users').selectAll().where('environment_id', '=', envId).where('email', '=', email).executeTakeFirst();

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      envId = (await findEnvironmentByName(db(), 'development')).id;
    });
    afterAll(async () => server?.close());

    it('creates one user for a verified email, and links a second provider with the same verified email to it', async () => {
      const first = await linkExternalIdentity(db(), envId, google('g-100', 'Ada@Example.com', true));
      expect(first).toMatchObject({ email: 'ada@example.com', how: 'created' });
      const second = await linkExternalIdentity(db(), envId, { providerKey: 'github', subject: '583231', email: 'ada@example.com', emailVerified: true });
      expect(second).toEqual({ userId: first.userId, email: 'ada@example.com', how: 'linked' });
      expect((await identitiesOf(db(), envId, first.userId)).map((i) => [i.provider_key, i.subject])).toEqual([['google', 'g-100'], ['github', '583231']]);
      const row = await userByEmail('ada@example.com');
      expect(JSON.parse(row!.profile)).toMatchObject({ emailVerified: true });
      expect(row!.name).toBe('Ada Lovelace');
    });

    it('links a verified social identity to the user a passwordless sign-in made before', async () => {
      const { row } = await findOrCreateUser(db(), envId, { email: 'grace@example.com' });
      expect(await linkExternalIdentity(db(), envId, google('g-200', 'grace@example.com', true))).toEqual({ userId: row.id, email: 'grace@example.com', how: 'linked' });
    });

    it('never lets an unverified email take over an existing account', async () => {
      const { row } = await findOrCreateUser(db(), envId, { email: 'victim@example.com' });
      await expect(linkExternalIdentity(db(), envId, google('attacker-1', 'victim@example.com', false))).rejects.toMatchObject({ code: 'failed_precondition', reason: 'SOCIAL_EMAIL_NOT_VERIFIED' });
      expect(await identitiesOf(db(), envId, row.id)).toEqual([]);
      const none = await db().selectFrom('social_identities').select('id').where('subject', '=', 'attacker-1').execute();
      expect(none).toEqual([]);
    });

    it('pre-account takeover: an unverified email creates nothing that the real owner would later inherit', async () => {
      await expect(linkExternalIdentity(db(), envId, google('attacker-2', 'newcomer@example.com', false))).rejects.toMatchObject({ reason: 'SOCIAL_EMAIL_NOT_VERIFIED' });
      // No email at all is the same refusal.
      await expect(linkExternalIdentity(db(), envId, google('attacker-3', undefined, true))).rejects.toMatchObject({ reason: 'SOCIAL_EMAIL_NOT_VERIFIED' });
      expect(await userByEmail('newcomer@example.com')).toBeUndefined();
      // The real owner signs up later (passwordless): a fresh user with no identity of the attacker's.
      const { row, created } = await findOrCreateUser(db(), envId, { email: 'newcomer@example.com' });
      expect(created).toBe(true);
      expect(await identitiesOf(db(), envId, row.id)).toEqual([]);
      // And the attacker's identity, tried again, still does not get in.
      await expect(linkExternalIdentity(db(), envId, google('attacker-2', 'newcomer@example.com', false))).rejects.toMatchObject({ reason: 'SOCIAL_EMAIL_NOT_VERIFIED' });
    });

    it('finds a returning identity by (provider, subject) even when its email changed, without merging accounts', async () => {
      const first = await linkExternalIdentity(db(), envId, google('g-300', 'old@example.com', true));
      await findOrCreateUser(db(), envId, { email: 'someone-else@example.com' });
      // Renamed at the provider, even to another user's address (and unverified): still the same user.
      const back = await linkExternalIdentity(db(), envId, google('g-300', 'someone-else@example.com', false));
      expect(back).toEqual({ userId: first.userId, email: 'old@example.com', how: 'returning' });
      const identity = await db().selectFrom('social_identities').selectAll().where('subject', '=', 'g-300').executeTakeFirstOrThrow();
      expect(identity).toMatchObject({ user_id: first.userId, email: 'someone-else@example.com', email_verified: 0 });
      // The same subject at another provider is another identity.
      await expect(linkExternalIdentity(db(), envId, { providerKey: 'github', subject: 'g-300', email: 'x@example.com', emailVerified: false })).rejects.toMatchObject({ reason: 'SOCIAL_EMAIL_NOT_VERIFIED' });
    });

    it('runs home realm discovery on the linked account\'s email: a changed provider email does not skip its SSO', async () => {
      const first = await linkExternalIdentity(db(), envId, google('g-sso', 'eve@ssocorp.example', true));
      const org = await createOrganization(db(), envId, { displayName: 'SSO Corp' });
      await updateOrganizationSettings(db(), envId, org.id, [{ name: 'sso', enabled: true }]);
      const d = await createDomain(db(), envId, { id: org.id }, { domain: 'ssocorp.example', domainType: 'ORGANIZATION_DOMAIN' });
      await verifyDomainByAdmin(db(), envId, d.id);
      const step = await signInSocialPerson(db(), envId, 'uid-sso', google('g-sso', 'eve@personal.example', true), {}, 'Google');
      expect(step).toMatchObject({ kind: 'sso', email: 'eve@ssocorp.example', realm: { organizationId: org.id } });
      expect(first.email).toBe('eve@ssocorp.example');
    });

    it('keeps one user and one link when the first sign-ins of an identity race', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => linkExternalIdentity(db(), envId, google('g-race', 'race@example.com', true))));
      expect(new Set(results.map((r) => r.userId)).size).toBe(1);
      const links = await db().selectFrom('social_identities').select('user_id').where('subject', '=', 'g-race').execute();
      expect(links).toHaveLength(1);
    });

    it('drops the links when the user is deleted', async () => {
      const u = await linkExternalIdentity(db(), envId, google('g-del', 'gone@example.com', true));
      await db().deleteFrom('users').where('id', '=', u.userId).execute();
      expect(await db().selectFrom('social_identities').select('id').where('subject', '=', 'g-del').execute()).toEqual([]);
    });
  });
}
