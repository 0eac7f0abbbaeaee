import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UrlElicitationRequiredError } from '@modelcontextprotocol/client';
import { DIALECTS } from '../helpers/test-server.js';
import { secret } from '../helpers/test-utils.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { forgetEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';
import { startGitHubFake, type GitHubFake } from '../fakes/providers/github.js';
import { startMcpEnv, type McpEnv } from './mcp-env.js';
import { mcpClient, type Revision } from './mcp-clients.js';
import { submitCredentialForm } from './static-form.js';

const CALL = { name: 'github_get_repository', arguments: { repo: 'octocat/Hello-World' } };
const URL_ELICITATION = { elicitation: { url: {} } };

/**
 * A tool whose account is missing answers with a fresh authorization link, as the client can
 * take it: URL-mode elicitation when declared (2026-07-28 input_required; 2025-11-25 a pushed
 * elicitation/create), -32042 for a 2025-11-25 client without it, text otherwise. The user
 * completes the link (the hosted credential form of a GitHub BEARER connection) and the call runs.
 */
for (const dialect of DIALECTS) {
  describe(`MCP: a tool whose account is not connected (${dialect.name})`, () => {
    let m: McpEnv;
    let github: GitHubFake;
    let url: string;
    let users = 0;

    beforeAll(async () => {
      m = await startMcpEnv(dialect.databaseUrl);
      github = await startGitHubFake();
      await createConnection(m.env.db, m.env.vault, m.env.envId, { providerKey: 'github', connectionName: 'github', authType: 'BEARER', proxyUrl: github.url });
      await m.api('/api/v1/agent-auth/mcp-connections/github', { method: 'PUT', body: {} });
      url = `${m.env.server.url}/mcp/v3/connections/github`;
    });
    afterAll(async () => {
      await m?.close();
      await github?.close();
    });

    async function newUser() {
      const identifier = `gh_user_${++users}`;
      const { token } = await m.issueToken({ identifier, connection_name: 'github' });
      return { identifier, token, pat: secret('ghp') };
    }
    const accountOf = (identifier: string) =>
      m.env.db.selectFrom('connected_accounts').select(['status']).where('environment_id', '=', m.env.envId).where('identifier', '=', identifier).executeTakeFirst();

    for (const rev of ['modern', 'legacy'] as Revision[]) {
      it(`${rev}, URL elicitation declared: the client is asked to open the link; once the user has, the same call runs as the new account`, async () => {
        const user = await newUser();
        const c = await mcpClient(url, user.token, rev, { capabilities: URL_ELICITATION });
        const asked: any[] = [];
        c.client.setRequestHandler('elicitation/create', async (req) => {
          asked.push(req.params);
          await submitCredentialForm((req.params as { url: string }).url, { token: user.pat });
          return { action: 'accept' };
        });
        github.requests.length = 0;
        const result = await c.client.callTool(CALL);
        expect(asked).toHaveLength(1);
        expect(asked[0]).toMatchObject({ mode: 'url', url: expect.stringMatching(`^${m.env.server.url}/connect/l/`), message: expect.stringContaining("connection 'github'") });
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({ full_name: 'octocat/Hello-World' });
        expect(github.requests.at(-1)!.headers.authorization).toBe(`Bearer ${user.pat}`);
        expect(await accountOf(user.identifier)).toEqual({ status: 'ACTIVE' });
        // The provider's credential never reaches the MCP client.
        expect(JSON.stringify(result)).not.toContain(user.pat);
        await c.close();
      });

      it(`${rev}, URL elicitation declared but the user declines: a text result with a fresh link, no upstream call`, async () => {
        const user = await newUser();
        const c = await mcpClient(url, user.token, rev, { capabilities: URL_ELICITATION });
        c.client.setRequestHandler('elicitation/create', async () => ({ action: 'decline' }));
        github.requests.length = 0;
        const result = await c.client.callTool(CALL);
        expect(result.isError).toBe(true);
        expect((result.content as any[])[0].text).toMatch(/^the user did not open the authorization link\. To use Get Repository .* open http:\/\/127\.0\.0\.1:\d+\/connect\/l\//);
        expect(github.requests).toHaveLength(0);
        expect(await accountOf(user.identifier)).toEqual({ status: 'PENDING_AUTH' });
        await c.close();
      });
    }

    it('2025-11-25 without URL elicitation: error -32042 (URL elicitation required) carrying the link', async () => {
      const user = await newUser();
      const c = await mcpClient(url, user.token, 'legacy');
      const err = await c.client.callTool(CALL).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UrlElicitationRequiredError);
      const e = err as UrlElicitationRequiredError;
      expect(e.code).toBe(-32042);
      expect(e.elicitations).toEqual([{ mode: 'url', elicitationId: expect.any(String), url: expect.stringMatching('/connect/l/'), message: expect.stringContaining('Get Repository') }]);
      // The link works: the user completes it, and the next call runs.
      await submitCredentialForm(e.elicitations[0].url, { token: user.pat });
      expect((await c.client.callTool(CALL)).structuredContent).toMatchObject({ full_name: 'octocat/Hello-World' });
      await c.close();
    });

    it('2026-07-28 without URL elicitation, and a 2025-06-18 client: a text result telling the user where to go', async () => {
      for (const opts of [{ rev: 'modern' as Revision }, { rev: 'legacy' as Revision, legacyVersions: ['2025-06-18'] }]) {
        const user = await newUser();
        const c = await mcpClient(url, user.token, opts.rev, { legacyVersions: opts.legacyVersions });
        if (opts.legacyVersions) expect(c.client.getNegotiatedProtocolVersion()).toBe('2025-06-18');
        const result = await c.client.callTool(CALL);
        expect(result.isError).toBe(true);
        const text = (result.content as any[])[0].text as string;
        const link = /(http:\/\/127\.0\.0\.1:\d+\/connect\/l\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
        expect(text).toContain("connect your github account on connection 'github'");
        expect(link).toBeTruthy();
        await submitCredentialForm(link!, { token: user.pat });
        expect((await c.client.callTool(CALL)).structuredContent).toMatchObject({ full_name: 'octocat/Hello-World' });
        await c.close();
      }
    });

    it('an OAuth connection without user verification configured says how to fix it instead of a link', async () => {
      await m.env.db.deleteFrom('environment_settings').where('environment_id', '=', m.env.envId).execute();
      forgetEnvironmentSettings(m.env.envId); // a write past updateEnvironmentSettings: seen at once, not after the cache's TTL
      try {
        const { token } = await m.issueToken({ identifier: 'nobody', connection_name: 'gmail' }).catch(async () => {
          await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} });
          return m.issueToken({ identifier: 'nobody', connection_name: 'gmail' });
        });
        const c = await mcpClient(`${m.env.server.url}/mcp/v3/connections/gmail`, token, 'modern', { capabilities: URL_ELICITATION });
        const result = await c.client.callTool({ name: 'gmail_list_labels', arguments: {} });
        expect(result.isError).toBe(true);
        expect((result.content as any[])[0].text).toMatch(/no authorization link can be issued: user verification is not configured/);
        await c.close();
      } finally {
        await m.api('/api/v1/agent-auth/user-verification', { method: 'PUT', body: { mode: 'dashboard_users' } });
      }
    });
  });
}
