import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { startGmailFake, type GmailFake } from '../fakes/providers/gmail.js';

/** A server with a Gmail connection aimed at the loopback Gmail fake and user_123's ACTIVE account on it. */
export interface McpEnv {
  env: AgentAuthEnv;
  gmail: GmailFake;
  accessToken: string;
  api(path: string, init?: { method?: string; body?: unknown; token?: string | null }): ReturnType<typeof restCall>;
  /** An MCP token for `identifier` on an endpoint, through the REST API. */
  issueToken(body: Record<string, unknown>): Promise<{ token: string; id: string; mcp_server_url: string }>;
  close(): Promise<void>;
}

export async function startMcpEnv(databaseUrl: string | undefined, opts: { env?: Record<string, string> } = {}): Promise<McpEnv> {
  const gmail = await startGmailFake();
  const env = await startAgentAuthEnv({ databaseUrl, allowHosts: ['127.0.0.1'], env: opts.env });
  const accessToken = secret('ya29.gmail');
  // With an OAuth app, so users without an account can be sent an authorization link (development verifies dashboard users).
  await connectionWithAccount(env, {
    providerKey: 'gmail', connectionName: 'gmail', authType: 'OAUTH', identifier: 'user_123',
    credentials: oauthCredentials({ access_token: accessToken }), proxyUrl: gmail.url, clientId: 'gmail-client', clientSecret: secret('gmail-secret'),
  });
  const api: McpEnv['api'] = (path, init = {}) => restCall(`${env.server.url}${path}`, { token: init.token === undefined ? env.token : init.token, method: init.method, body: init.body });
  return {
    env,
    gmail,
    accessToken,
    api,
    async issueToken(body) {
      const r = await api('/api/v1/agent-auth/mcp-tokens', { method: 'POST', body });
      if (r.status !== 200) throw new Error(`issuing an MCP token answered ${r.status}: ${r.text}`);
      return r.json;
    },
    async close() {
      await env.server.close();
      await gmail.close();
    },
  };
}
