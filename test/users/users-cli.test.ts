import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { runCli } from '../helpers/run-cli.js';

for (const dialect of DIALECTS) {
  describe(`latchkey users (${dialect.name})`, () => {
    let server: TestServer;
    let sdk: ScalekitClient;
    let cliEnv: Record<string, string>;
    let org: string;
    let id: string;
    const cli = (...args: string[]) => runCli(args, cliEnv, { timeoutMs: 60_000 });

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      const c = await server.newClient();
      sdk = new ScalekitClient(server.url, c.clientId, c.clientSecret);
      cliEnv = { DATA_DIR: server.dataDir, PUBLIC_URL: server.url, LOG_LEVEL: 'warn', ...(server.core.config.databaseUrl ? { DATABASE_URL: server.core.config.databaseUrl } : {}) };
      org = (await sdk.organization.createOrganization('Cli Org')).organization!.id;
    });
    afterAll(async () => server?.close());

    it('creates a member with an invitation, and refuses a bad address', async () => {
      const [created, bad] = await Promise.all([
        cli('users', 'create', '--env', 'development', '--org', org, '--email', 'Cli.User@example.com', '--name', 'Cli User', '--invite'),
        cli('users', 'create', '--env', 'development', '--org', org, '--email', 'nope'),
      ]);
      expect(created.code, created.stderr).toBe(0);
      id = created.stdout.split('\t')[0];
      expect(id).toMatch(/^usr_/);
      expect(created.stdout).toContain(`cli.user@example.com\tCli User\t${org}:PENDING_INVITE:member`);
      expect(created.stdout).toContain('the invitation is in the outbox');
      // The server sees what the CLI wrote.
      expect((await sdk.user.getUser(id)).user?.email).toBe('cli.user@example.com');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('user.email must be an email address');
    });

    it('lists, searches and shows users', async () => {
      const [listed, none, shown] = await Promise.all([
        cli('users', 'list', '--org', org, '--query', 'cli user'),
        cli('users', 'list', '--query', 'nobody-like-this'),
        cli('users', 'show', id),
      ]);
      expect(listed.stdout).toContain(`${id}\tcli.user@example.com`);
      expect(none.stdout).toBe("no users in development matching 'nobody-like-this'\n");
      expect(JSON.parse(shown.stdout)).toMatchObject({ id, email: 'cli.user@example.com' });
    });

    it('deletes a user only with --env', async () => {
      const noEnv = await cli('users', 'delete', id);
      expect(noEnv.code).toBe(2);
      expect(noEnv.stderr).toContain('users delete needs --env <name>');
      const deleted = await cli('users', 'delete', id, '--env', 'development');
      expect(deleted.stdout).toBe(`deleted user ${id} from development\n`);
      await expect(sdk.user.getUser(id)).rejects.toMatchObject({ grpcStatus: 5 });
    });
  });
}
