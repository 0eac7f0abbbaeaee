import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { runCli } from '../helpers/run-cli.js';
import { startLocalDnsServer, type LocalDnsServer } from './local-dns-server.js';

for (const dialect of DIALECTS) {
  describe(`latchkey domains and roles (${dialect.name})`, () => {
    let dns: LocalDnsServer;
    let server: TestServer;
    let sdk: ScalekitClient;
    let cliEnv: Record<string, string>;
    let org: string;
    // Generous: each run is a fresh process (the machine running the tests may be busy).
    const cli = (...args: string[]) => runCli(args, cliEnv, { timeoutMs: 170_000 });

    beforeAll(async () => {
      dns = await startLocalDnsServer();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      const c = await server.newClient();
      sdk = new ScalekitClient(server.url, c.clientId, c.clientSecret);
      cliEnv = {
        DATA_DIR: server.dataDir,
        PUBLIC_URL: server.url,
        LOG_LEVEL: 'warn',
        DNS_SERVERS: dns.address,
        ...(server.core.config.databaseUrl ? { DATABASE_URL: server.core.config.databaseUrl } : {}),
      };
      org = (await sdk.organization.createOrganization('Cli Domain Org')).organization!.id;
    });
    afterAll(async () => {
      await server?.close();
      await dns?.close();
    });

    // Each CLI run starts a process; independent ones run side by side to keep the test short.
    it('adds a domain, verifies it by DNS, and by --force', async () => {
      const viaSdk = (await sdk.domain.createDomain(org, 'cli-example.com')).domain!;
      dns.txt.set(viaSdk.txtRecordKey, [[viaSdk.txtRecordSecret]]);
      const org2 = (await sdk.organization.createOrganization('Cli Other')).organization!.id;
      const mine = (await sdk.domain.createDomain(org, 'no-dns-example.com', { domainType: 'ALLOWED_EMAIL_DOMAIN' })).domain!;
      const theirs = (await sdk.domain.createDomain(org2, 'no-dns-example.com')).domain!;

      const [added, bad, verified, forced] = await Promise.all([
        cli('domains', 'add', 'cli-added-example.com', '--org', org),
        cli('domains', 'add', 'invalid-domain-name', '--org', org),
        cli('domains', 'verify', viaSdk.id),
        cli('domains', 'verify', mine.id, '--force'),
      ]);
      expect(added.code, added.stderr).toBe(0);
      const id = /^(dom_\S+)\s+cli-added-example\.com\s+ORGANIZATION_DOMAIN\s+PENDING$/m.exec(added.stdout)![1];
      expect(added.stdout).toMatch(/_latchkey-verification\.cli-added-example\.com {2}TXT {2}"latchkey-domain-verification=/);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('domain.domain must be a domain name');
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toContain('VERIFIED (DNS)');
      expect((await sdk.domain.getDomain(org, viaSdk.id)).domain?.verificationStatus).toBe(VerificationStatus.VERIFIED);
      // The override: no DNS, yet still one owner per domain.
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stdout).toContain('VERIFIED (ADMIN)');
      expect((await sdk.domain.getDomain(org, mine.id)).domain?.verificationMethod).toBe(1); // ADMIN

      const [notYet, clash, listed] = await Promise.all([
        cli('domains', 'verify', id),
        cli('domains', 'verify', theirs.id, '--force'),
        cli('domains', 'list', '--org', org),
      ]);
      expect(notYet.code).toBe(1);
      expect(notYet.stdout).toContain(`${id} is not verified`);
      expect(clash.code).toBe(2);
      expect(clash.stderr).toContain('is verified by another organization');
      expect(listed.stdout.trim().split('\n')).toHaveLength(3);
    }, 300_000);

    it('lists, creates and sets the default role', async () => {
      const [created, orgRole] = await Promise.all([
        cli('roles', 'create', 'support', '--display-name', 'Support', '--base', 'member'),
        cli('roles', 'create', 'org-helper', '--org', org),
      ]);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain('created role support');
      expect(orgRole.code, orgRole.stderr).toBe(0);
      const [setDefault, unknown] = await Promise.all([cli('roles', 'set-default', 'support'), cli('roles', 'set-default', 'ghost')]);
      expect(setDefault.code, setDefault.stderr).toBe(0);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("names no role of this environment ('ghost')");
      const [listed, orgList] = await Promise.all([cli('roles', 'list'), cli('roles', 'list', '--org', org)]);
      expect(listed.stdout).toContain('support  environment  extends member  (default member)\n');
      expect(listed.stdout).toContain('admin  environment  (default creator)\n');
      expect(orgList.stdout).toContain('org-helper  organization\n');
      expect((await sdk.role.getRole('support')).role?.defaultMember).toBe(true);
    }, 300_000);
  });
}
