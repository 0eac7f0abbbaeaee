import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { invalidFields, type FieldViolation } from '../../errors/domain-error.js';
import { validateUserVerifyUrl } from '../../authorization/user-verify-url.js';
import { DomainError } from '../../errors/domain-error.js';
import type { ToolRegistry } from '../../tools/registry/tool-registry.js';
import { accountToolsOf } from '../../tools/registry/account-tool-source.js';
import { environmentToolRegistry } from '../../tools/registry/environment-registry.js';

/** What a client sends to create an MCP server (snake_case, as the REST body). */
export interface McpServerInput {
  name?: unknown;
  connection_names?: unknown;
  tool_names?: unknown;
  max_tools?: unknown;
  user_verify_url?: unknown;
}

export interface ValidMcpServer {
  name: string;
  connectionNames: string[];
  toolNames: string[];
  maxTools: number | null;
  userVerifyUrl: string | null;
}

export const MCP_SERVER_LIMITS = Object.freeze({ connections: 20, tools: 500, maxTools: 1000 });
const NAME = /^[^\u0000-\u001f\u007f]{1,64}$/;
const KNOWN = new Set(['name', 'connection_names', 'tool_names', 'max_tools', 'user_verify_url']);

const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * Every problem of an MCP server definition at once, each naming its field: connections must
 * exist in the environment, allowed tools must exist and belong to one of those connections'
 * providers (a typo would otherwise allow nothing, silently).
 */
export async function validateMcpServer(db: Kysely<Tables>, registry: ToolRegistry, envId: string, input: unknown): Promise<ValidMcpServer> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new DomainError('invalid_argument', 'the body must be a JSON object such as {"name": "mail", "connection_names": ["gmail"]}');
  const b = input as McpServerInput;
  const v: FieldViolation[] = [];
  for (const k of Object.keys(b)) if (!KNOWN.has(k)) v.push({ field: k, description: `is not a field of an MCP server (${[...KNOWN].join(', ')})` });
  if (typeof b.name !== 'string' || !NAME.test(b.name.trim())) v.push({ field: 'name', description: 'is required: 1 to 64 characters, no control characters' });

  let connectionNames: string[] = [];
  if (!stringList(b.connection_names) || b.connection_names.length === 0) v.push({ field: 'connection_names', description: 'is required: a non-empty list of connection names' });
  else if (b.connection_names.length > MCP_SERVER_LIMITS.connections) v.push({ field: 'connection_names', description: `must list at most ${MCP_SERVER_LIMITS.connections} connections` });
  else connectionNames = [...new Set(b.connection_names.map((n) => n.trim()))];

  let toolNames: string[] = [];
  if (b.tool_names !== undefined && b.tool_names !== null) {
    if (!stringList(b.tool_names)) v.push({ field: 'tool_names', description: 'must be a list of tool names (or omitted: every tool of the connections)' });
    else if (b.tool_names.length > MCP_SERVER_LIMITS.tools) v.push({ field: 'tool_names', description: `must list at most ${MCP_SERVER_LIMITS.tools} tools` });
    else toolNames = [...new Set(b.tool_names.map((n) => n.trim()))];
  }

  let maxTools: number | null = null;
  if (b.max_tools !== undefined && b.max_tools !== null) {
    if (typeof b.max_tools !== 'number' || !Number.isInteger(b.max_tools) || b.max_tools < 1 || b.max_tools > MCP_SERVER_LIMITS.maxTools) {
      v.push({ field: 'max_tools', description: `must be an integer from 1 to ${MCP_SERVER_LIMITS.maxTools} (or null: no cap)` });
    } else maxTools = b.max_tools;
  }

  let userVerifyUrl: string | null = null;
  if (b.user_verify_url !== undefined && b.user_verify_url !== null && b.user_verify_url !== '') {
    if (typeof b.user_verify_url !== 'string') v.push({ field: 'user_verify_url', description: 'must be a URL string' });
    else {
      try {
        userVerifyUrl = validateUserVerifyUrl(b.user_verify_url);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        v.push(...err.violations);
      }
    }
  }

  const providers = new Set<string>();
  if (connectionNames.length) {
    const rows = await db.selectFrom('connections').select(['connection_name', 'provider_key']).where('environment_id', '=', envId).where('connection_name', 'in', connectionNames).execute();
    const found = new Map(rows.map((r) => [r.connection_name, r.provider_key]));
    connectionNames.forEach((n, i) => {
      if (found.has(n)) providers.add(found.get(n)!);
      else v.push({ field: `connection_names[${i}]`, description: `names no connection in this environment ('${n.slice(0, 64)}')` });
    });
  }
  // Custom tools join the catalog per environment; an MCP connector's `c-` tools are named by their connection.
  const tools = await environmentToolRegistry(db, registry, envId);
  const source = accountToolsOf(registry);
  for (const [i, n] of toolNames.entries()) {
    const field = `tool_names[${i}]`;
    const tool = tools.byName(n);
    // Its connection is all a listing needs: no upstream is asked whether the tool exists yet.
    const imported = !tool && source?.mayName(n) ? await source.connectionOf(envId, n) : undefined;
    if (imported) {
      if (!connectionNames.includes(imported.connectionName)) v.push({ field, description: `'${n}' comes from MCP connection '${imported.connectionName}', which connection_names does not list` });
    } else if (!tool) v.push({ field, description: `names no tool ('${n.slice(0, 128)}'); tools.listTools lists them (an MCP connector's as c-<connection>_<tool>)` });
    else if (providers.size && !providers.has(tool.provider)) v.push({ field, description: `'${n}' is a ${tool.provider} tool, but no listed connection is a ${tool.provider} connection` });
  }
  if (v.length) throw invalidFields(v);
  return { name: (b.name as string).trim(), connectionNames, toolNames, maxTools, userVerifyUrl };
}
