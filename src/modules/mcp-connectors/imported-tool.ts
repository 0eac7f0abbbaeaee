import type { Tool } from '@modelcontextprotocol/client';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ToolSpec } from '../tools/definition/tool-spec.js';
import type { RegisteredTool } from '../tools/registry/tool-registry.js';
import { builtinToolId } from '../tools/registry/tool-id.js';
import type { ToolAccount } from '../tools/registry/account-tool-source.js';
import { callUpstreamTool, type AccountSessionState } from './call-upstream-tool.js';
import { importedToolName } from './imported-tool-name.js';

export const IMPORTED_TOOL_VERSION = '1.0.0';
/** What a tool without an outputSchema answers: its content blocks. */
const CONTENT_OUTPUT = { type: 'object', properties: { content: { type: 'array', items: { type: 'object' } } } };
const MAX_DESCRIPTION = 2000;
/** The MCP tool-name format (SEP-986); a name outside it could not be named safely in ours, logs or records. */
const TOOL_NAME_RE = /^[A-Za-z0-9_.-]{1,128}$/;

const ajv = new Ajv2020({ strict: false });

/**
 * The schema as ExecuteTool validates with (JSON Schema 2020-12, the MCP default): a `$schema`
 * naming another draft is dropped rather than refused. Undefined when it does not compile, so one
 * odd upstream tool is left out instead of failing every call.
 */
function usableSchema(schema: unknown): Record<string, unknown> | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  // `$id` too: validators register schemas by id, and the same tool is imported again and again.
  const { $schema: _draft, $id: _id, ...rest } = schema as Record<string, unknown>;
  try {
    ajv.compile(rest);
    return rest;
  } catch {
    return undefined;
  } finally {
    ajv.removeSchema(rest);
  }
}

/**
 * Entries built before, by account and upstream definition: a re-import of an unchanged tool reuses
 * its entry, so validators compiled per spec (validate-params.ts) are not compiled again.
 */
const built = new Map<string, RegisteredTool | undefined>();
const MAX_BUILT = 10_000;

/** importedTool, reusing the entry of an identical earlier import of the account's tool. */
export function importedToolOnce(envId: string, tool: Tool, account: ToolAccount, state: AccountSessionState): RegisteredTool | undefined {
  const key = `${envId}\n${account.accountId}\n${account.connectionId}\n${account.connectionName}\n${account.providerKey}\n${JSON.stringify(tool)}`;
  if (built.has(key)) return built.get(key);
  if (built.size >= MAX_BUILT) built.clear();
  const made = importedTool(tool, account, state);
  built.set(key, made);
  return made;
}

/**
 * One upstream tool as the registry serves it for one account: `c-<connection>_<tool>`, the
 * upstream's schemas, its annotations read with MCP's defaults (a tool not marked read-only may
 * write; one not marked non-destructive may destroy), run by `tools/call` as that account.
 */
export function importedTool(tool: Tool, account: ToolAccount, state: AccountSessionState): RegisteredTool | undefined {
  if (!TOOL_NAME_RE.test(tool.name)) return undefined;
  const input = usableSchema(tool.inputSchema);
  const output = tool.outputSchema ? usableSchema(tool.outputSchema) : CONTENT_OUTPUT;
  if (!input || !output) return undefined;
  const name = importedToolName(account.connectionName, tool.name);
  const a = tool.annotations ?? {};
  const readOnly = a.readOnlyHint === true;
  const description = (tool.description ?? `The ${tool.name} tool of MCP connection ${account.connectionName}.`).slice(0, MAX_DESCRIPTION);
  const display = (tool.title ?? a.title ?? tool.name).slice(0, 100);
  const spec: ToolSpec<Record<string, unknown>> = {
    definition: { name, display_name: display, description, provider: account.providerKey, category: 'mcp', input_schema: input, output_schema: output },
    annotations: { readOnly, destructive: !readOnly && a.destructiveHint !== false, idempotent: a.idempotentHint === true },
    version: IMPORTED_TOOL_VERSION,
    run: (args, ctx) => callUpstreamTool(ctx, state, tool, args),
  };
  return {
    id: builtinToolId(`${account.connectionId}/${tool.name}`, IMPORTED_TOOL_VERSION),
    name,
    provider: account.providerKey,
    spec,
    searchText: `${name}\n${display}\n${description}`.toLowerCase(),
    connectionName: account.connectionName,
  };
}
