import { parseArgs } from 'node:util';
import { loadSettings } from '../config/load-settings.js';
import { createLogger } from '../logging/logger.js';
import { DomainError } from '../modules/errors/domain-error.js';
import { builtinToolRegistry } from '../modules/tools/registry/tool-registry.js';
import { createMcpServer, deleteMcpServer, listMcpServers } from '../modules/mcp/servers/mcp-servers.js';
import { disableConnectionEndpoint, enableConnectionEndpoint, listConnectionEndpoints } from '../modules/mcp/endpoints/connection-endpoints.js';
import { issueMcpToken, listMcpTokens, revokeMcpToken } from '../modules/mcp/tokens/mcp-tokens.js';
import { withEnv } from './authorization-commands.js';
import { requireServerData } from './require-server-data.js';

export const MCP_USAGE = `  mcp servers create --name N --connections a,b [--tools t1,t2] [--max-tools 20]
      [--user-verify-url URL] [--env E]   an MCP server at {PUBLIC_URL}/mcp/v3/servers/<id>
  mcp servers list [--env E]
  mcp servers delete <id> --env <name>    (its tokens go with it)
  mcp connections enable <name> [--user-verify-url URL] [--env E]
                                 serve one connection at {PUBLIC_URL}/mcp/v3/connections/<name>
  mcp connections disable <name> --env <name>
  mcp connections list [--env E]
  mcp tokens create --identifier I (--server ID | --connection NAME) [--expires-in SECONDS] [--env E]
                                 a user's bearer token for headless MCP clients (printed once)
  mcp tokens list [--identifier I] [--env E]
  mcp tokens revoke <id> --env <name>`;

const usage = (message: string) => new DomainError('invalid_argument', `${message}\n\nUsage:\n${MCP_USAGE}`);
const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const print = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 2) + '\n');

/** `latchkey mcp …`: Latchkey as an MCP server, on the server's data (like every other command). */
export async function mcpCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      env: { type: 'string' },
      name: { type: 'string' },
      connections: { type: 'string' },
      tools: { type: 'string' },
      'max-tools': { type: 'string' },
      'user-verify-url': { type: 'string' },
      identifier: { type: 'string' },
      server: { type: 'string' },
      connection: { type: 'string' },
      'expires-in': { type: 'string' },
    },
  });
  const [group, action, target, ...extra] = positionals;
  const command = `${group ?? ''} ${action ?? ''}`.trim();
  const needsTarget = ['servers delete', 'connections enable', 'connections disable', 'tokens revoke'].includes(command);
  if (!['servers create', 'servers list', 'connections list', 'tokens create', 'tokens list'].includes(command) && !needsTarget) throw usage(`unknown command 'mcp ${command}'`);
  if (extra.length || (needsTarget ? !target : target)) throw usage(needsTarget ? `mcp ${command} takes one name or id` : `mcp ${command} takes no name`);
  if (['servers delete', 'connections disable', 'tokens revoke'].includes(command) && !values.env) throw usage(`mcp ${command} needs --env <name>`);
  const int = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw usage(`--${name} must be a whole number`);
    return Number(raw);
  };

  const settings = loadSettings({ useServerRecord: true });
  for (const note of settings.notes) process.stderr.write(`latchkey: note: ${note}\n`);
  requireServerData(settings, { mayCreate: false });
  const config = settings.config;
  const log = createLogger(config.logLevel, process.stderr as never);
  await withEnv(config, log, values.env ?? 'development', async (core, env) => {
    const db = core.storage.db;
    switch (command) {
      case 'servers create':
        return print(
          await createMcpServer(db, builtinToolRegistry(), env.id, config.publicUrl, {
            name: values.name,
            connection_names: list(values.connections),
            ...(values.tools ? { tool_names: list(values.tools) } : {}),
            ...(values['max-tools'] !== undefined ? { max_tools: int('max-tools', values['max-tools']) } : {}),
            ...(values['user-verify-url'] ? { user_verify_url: values['user-verify-url'] } : {}),
          }),
        );
      case 'servers list':
        return print(await listMcpServers(db, env.id, config.publicUrl));
      case 'servers delete':
        await deleteMcpServer(db, env.id, target);
        return void process.stdout.write(`deleted MCP server ${target} in ${env.name}, and its tokens\n`);
      case 'connections enable':
        return print(await enableConnectionEndpoint(db, env.id, config.publicUrl, target, { userVerifyUrl: values['user-verify-url'] }));
      case 'connections disable':
        await disableConnectionEndpoint(db, env.id, target);
        return void process.stdout.write(`connection ${target} in ${env.name} is no longer served over MCP\n`);
      case 'connections list':
        return print(await listConnectionEndpoints(db, env.id, config.publicUrl));
      case 'tokens create': {
        const issued = await issueMcpToken(db, env.id, config.publicUrl, {
          identifier: values.identifier,
          ...(values.server ? { server_id: values.server } : {}),
          ...(values.connection ? { connection_name: values.connection } : {}),
          ...(values['expires-in'] !== undefined ? { expires_in: int('expires-in', values['expires-in']) } : {}),
        });
        process.stderr.write('latchkey: the token is shown once; only its hash is stored.\n');
        return print(issued);
      }
      case 'tokens list':
        return print(await listMcpTokens(db, env.id, { identifier: values.identifier }));
      case 'tokens revoke':
        await revokeMcpToken(db, env.id, target);
        return void process.stdout.write(`revoked MCP token ${target} in ${env.name}\n`);
    }
  });
}
