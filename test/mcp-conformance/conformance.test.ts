import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { freePort } from '../setup/free-port.js';
import { ensureNode22 } from '../setup/node-22.js';
import { startMcpEnv, type McpEnv } from '../mcp/mcp-env.js';
import { mcpClient } from '../mcp/mcp-clients.js';
import { startBearerGateway, type BearerGateway } from './bearer-gateway.js';
import { runConformanceServer, type ConformanceRun } from './run-conformance.js';
import { APPLICABLE, NOT_APPLICABLE, expectedFailuresYaml } from './scenario-applicability.js';

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, `server` mode, its default
 * active suite) against both kinds of Latchkey MCP endpoint, a connection's and a configured MCP
 * server's, whose Gmail tools run against the loopback Gmail fake. The CLI needs Node 22
 * (test/setup/node-22.ts fetches one from the npm registry once) and has no option for headers, so
 * it reaches Latchkey through a loopback gateway adding the endpoint's MCP token; Latchkey's
 * PUBLIC_URL is that gateway, as behind any reverse proxy, so Origin checks see one origin.
 * Both dialects: the caller's token and the tools are looked up in storage on every request.
 */
const ENDPOINT_KINDS = ['connection', 'MCP server'] as const;
type EndpointKind = (typeof ENDPOINT_KINDS)[number];

interface Endpoint {
  url: string;
  token: string;
  run: ConformanceRun;
}

const passed = (status: string) => status === 'SUCCESS' || status === 'INFO';

for (const dialect of DIALECTS) {
  describe(`the MCP conformance suite against Latchkey (${dialect.name})`, () => {
    let m: McpEnv;
    let gateway: BearerGateway;
    const endpoints = new Map<EndpointKind, Endpoint>();

    beforeAll(async () => {
      const node = ensureNode22();
      const port = await freePort();
      m = await startMcpEnv(dialect.databaseUrl, { env: { PUBLIC_URL: `http://127.0.0.1:${port}` } });
      const enabled = await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} });
      if (enabled.status !== 200) throw new Error(`enabling MCP on gmail answered ${enabled.status}: ${enabled.text}`);
      const server = await m.api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: { name: 'Mail', connection_names: ['gmail'] } });
      if (server.status !== 200) throw new Error(`creating an MCP server answered ${server.status}: ${server.text}`);

      const issued = {
        connection: await m.issueToken({ identifier: 'user_123', connection_name: 'gmail' }),
        'MCP server': await m.issueToken({ identifier: 'user_123', server_id: server.json.id }),
      };
      const tokenByPath = new Map(Object.values(issued).map((t) => [new URL(t.mcp_server_url).pathname, t.token]));
      gateway = await startBearerGateway(m.env.server.url, (path) => tokenByPath.get(path), port);
      for (const kind of ENDPOINT_KINDS) {
        const { mcp_server_url: url, token } = issued[kind];
        endpoints.set(kind, { url, token, run: await runConformanceServer(node, url, expectedFailuresYaml()) });
      }
    }, 240_000);
    afterAll(async () => {
      await gateway?.close();
      await m?.close();
    });

    for (const kind of ENDPOINT_KINDS) {
      it(`${kind} endpoint: the CLI exits 0 against the baseline of not-applicable scenarios, and every scenario it ran is classified`, () => {
        const { run } = endpoints.get(kind)!;
        expect([...run.scenarios.keys()].sort(), run.output).toEqual([...APPLICABLE, ...Object.keys(NOT_APPLICABLE)].sort());
        expect(run.exitCode, run.output).toBe(0);
      });

      it(`${kind} endpoint: every check of every applicable scenario passes`, () => {
        const { run } = endpoints.get(kind)!;
        const failures: string[] = [];
        for (const scenario of APPLICABLE) {
          const checks = run.scenarios.get(scenario) ?? [];
          if (!checks.some((c) => c.status === 'SUCCESS')) failures.push(`${scenario}: no passing check`);
          for (const c of checks.filter((c) => !passed(c.status))) failures.push(`${scenario}/${c.id}: ${c.status} ${c.errorMessage ?? ''} ${JSON.stringify(c.details ?? {})}`);
        }
        expect(failures).toEqual([]);
      });

      it(`${kind} endpoint: each not-applicable scenario fails for its stated reason, and the reason holds on this endpoint`, async () => {
        const { url, token, run } = endpoints.get(kind)!;
        // The suite's client speaks 2025-11-25 (initialize); ask the same revision with the official v2 client.
        const c = await mcpClient(url, token, 'legacy');
        const capabilities = c.client.getServerCapabilities() ?? {};
        const tools: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await c.client.listTools(cursor ? { cursor } : undefined);
          tools.push(...page.tools.map((t) => t.name));
          cursor = page.nextCursor;
        } while (cursor);
        await c.close();
        expect(capabilities.tools).toBeDefined();
        expect(tools).toContain('gmail_fetch_mails');

        for (const [scenario, reason] of Object.entries(NOT_APPLICABLE)) {
          const failure = (run.scenarios.get(scenario) ?? []).find((c) => c.status === 'FAILURE');
          expect(failure, `${scenario} was expected to fail`).toBeDefined();
          if ('capability' in reason) {
            expect(capabilities[reason.capability], `${scenario}: Latchkey now declares ${reason.capability}; the scenario applies`).toBeUndefined();
            expect(failure!.errorMessage, scenario).toContain('-32601');
          } else {
            expect(tools, `${scenario}: ${reason.fixtureTool} is listed; the scenario applies`).not.toContain(reason.fixtureTool);
            expect(failure!.errorMessage, scenario).toContain(reason.fixtureTool);
          }
        }
      });
    }
  });
}
