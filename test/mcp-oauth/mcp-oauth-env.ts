import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { createAdminLoginLink } from '../../src/modules/authorization/admin-sessions.js';
import { startMcpEnv, type McpEnv } from '../mcp/mcp-env.js';
import { launchBrowser, newContext } from '../authorization/fixtures.js';
import { startCallbackServer, type CallbackServer, MemoryOAuthClient } from './oauth-client.js';

/** An MCP environment (Gmail fake, user_123's account) with two endpoints, a browser and a client callback. */
export interface McpOAuthEnv {
  m: McpEnv;
  browser: Browser;
  callback: CallbackServer;
  /** /mcp/v3/servers/<id> bundling gmail, and /mcp/v3/connections/gmail. */
  serverUrl: string;
  connectionUrl: string;
  issuer: string;
  /** A browser profile signed in as an administrator of `development` (its mode is dashboard_users). */
  adminContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startMcpOAuthEnv(databaseUrl: string | undefined): Promise<McpOAuthEnv> {
  const m = await startMcpEnv(databaseUrl);
  const browser = await launchBrowser();
  const callback = await startCallbackServer();
  await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} });
  const created = await m.api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: { name: 'Mail', connection_names: ['gmail'] } });
  if (created.status !== 200) throw new Error(`creating the MCP server answered ${created.status}: ${created.text}`);
  const base = m.env.server.url;
  return {
    m,
    browser,
    callback,
    serverUrl: created.json.mcp_server_url,
    connectionUrl: `${base}/mcp/v3/connections/gmail`,
    issuer: `${base}/mcp/oauth`,
    async adminContext() {
      const context = await newContext(browser);
      const { link } = await createAdminLoginLink(m.env.db, m.env.envId, m.env.server.core.config.publicUrl);
      const page = await context.newPage();
      await page.goto(link);
      await Promise.all([page.waitForURL((u) => u.pathname === '/connect/admin/session'), page.click('button[type="submit"]')]);
      await page.close();
      return context;
    },
    async close() {
      await browser.close();
      await callback.close();
      await m.close();
    },
  };
}

/** The official MCP client on `url` with an OAuth provider; resolves connected, or with the UnauthorizedError the SDK raised after starting authorization. */
export async function connectWithOAuth(url: string, auth: MemoryOAuthClient): Promise<{ client: Client; transport: StreamableHTTPClientTransport; unauthorized?: UnauthorizedError }> {
  const client = new Client({ name: 'latchkey-oauth-test', version: '1.0.0' }, { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: auth });
  try {
    await client.connect(transport);
    return { client, transport };
  } catch (err) {
    if (err instanceof UnauthorizedError) return { client, transport, unauthorized: err };
    throw err;
  }
}

/** The person's part in the browser: open the authorization URL, name the identifier (dashboard_users), press a button; the callback's query. */
export async function consentInBrowser(page: Page, env: McpOAuthEnv, authorizationUrl: URL, opts: { identifier?: string; decision?: 'allow' | 'deny' } = {}): Promise<URLSearchParams> {
  await page.goto(authorizationUrl.toString());
  if (opts.identifier !== undefined) await page.fill('#f-identifier', opts.identifier);
  const callback = env.callback.next();
  await page.click(`button[value="${opts.decision ?? 'allow'}"]`);
  // A page instead of the redirect is a failure worth reading: say what it showed.
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => void page.content().then((t) => reject(new Error(`no callback; the page at ${page.url()} shows: ${t.slice(0, 3000)}`)), reject), 15_000);
  });
  try {
    return await Promise.race([callback, stuck]);
  } finally {
    clearTimeout(timer);
  }
}
