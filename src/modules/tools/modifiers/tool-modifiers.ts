import type { Kysely } from 'kysely';
import type { Tables, ToolModifierRow } from '../../../storage/schema.js';
import { DomainError, invalidArgument, notFound } from '../../errors/domain-error.js';
import { pageSizeOf } from '../../paging/page-token.js';
import { getConnectionRow } from '../../connections/connections.js';
import type { ToolSpec } from '../definition/tool-spec.js';
import type { ToolRegistry } from '../registry/tool-registry.js';
import { accountToolsOf } from '../registry/account-tool-source.js';
import { forgetModifiers } from './modifier-cache.js';
import type { ModifierRule } from './modifier-rule.js';
import { deleteModifierRow, findModifierRow, pageModifierRows, upsertModifierRow } from './modifier-store.js';
import { validateModifierRule } from './validate-modifier-rule.js';

/** A modifier as the REST API and the CLI show it. */
export interface ToolModifier extends ModifierRule {
  id: string;
  tool_name: string;
  /** null: every connection of the environment without a rule of its own. */
  connection_name: string | null;
  created_at: string;
  updated_at: string;
}

/** Where a modifier applies: a tool, and optionally one connection (by its connection_name). */
export interface ModifierScope {
  toolName: string;
  connectionName?: string | null;
}

const TOOL_NAME = /^[a-z][a-z0-9_]{0,127}$/;
/** An MCP connector's tool: `c-<connection_name>_<upstream tool>` (the upstream part as MCP names tools). */
const IMPORTED_TOOL_NAME = /^c-[A-Za-z0-9_-]{1,64}_[A-Za-z0-9_.-]{1,128}$/;
const MAX_PAGE_SIZE = 100;

function checkToolName(name: string): void {
  if (TOOL_NAME.test(name) || IMPORTED_TOOL_NAME.test(name)) return;
  throw invalidArgument('tool_name', `'${name.slice(0, 130)}' is not a tool name (lowercase letters, digits and _, such as gmail_fetch_mails, or an MCP connector's c-<connection>_<tool>)`);
}

const toolNotFound = (name: string) => notFound('tool', name, 'TOOL_NOT_FOUND');

/** The tool a rule is for; `connectionName` set for an MCP connector's tool, which exists on that connection only. */
interface KnownTool {
  spec: ToolSpec;
  connectionName?: string;
}

/**
 * A connector tool no import shows yet (no account connected, upstream down): any path and value
 * is accepted (the schemas say nothing), as the pipeline still validates each call's input.
 */
const unseenImportedSpec = (name: string, provider: string): ToolSpec => ({
  definition: { name, display_name: name, description: '', provider, category: 'mcp', input_schema: {}, output_schema: {} },
  annotations: { readOnly: false, destructive: true, idempotent: false },
  version: '0.0.0',
});

/** Unknown names are refused: a typo would otherwise store a rule that never applies. */
async function knownTool(tools: ToolRegistry, envId: string, name: string): Promise<KnownTool> {
  checkToolName(name);
  const tool = tools.byName(name);
  if (tool) return { spec: tool.spec };
  const imported = IMPORTED_TOOL_NAME.test(name) ? await accountToolsOf(tools)?.describe(envId, name) : undefined;
  if (!imported) throw toolNotFound(name);
  return { spec: imported.tool?.spec ?? unseenImportedSpec(name, imported.providerKey), connectionName: imported.connectionName };
}

/**
 * The connection a scope names (null for the environment-wide scope). A rule being stored must be
 * for a connection of the tool's provider; reading and deleting need only the connection.
 */
async function scopedConnection(db: Kysely<Tables>, envId: string, known: KnownTool | undefined, connectionName: string | null | undefined): Promise<{ id: string; name: string } | null> {
  if (!connectionName) return null;
  const row = await getConnectionRow(db, envId, { name: connectionName });
  const spec = known?.spec;
  if (known?.connectionName && known.connectionName !== row.connection_name) {
    throw invalidArgument('connection_name', `'${connectionName}' is not the connection ${spec!.definition.name} comes from ('${known.connectionName}'); omit connection_name or name that one`);
  }
  if (spec && row.provider_key !== spec.definition.provider) {
    throw invalidArgument('connection_name', `'${connectionName}' is a ${row.provider_key} connection; ${spec.definition.name} runs on ${spec.definition.provider} connections`);
  }
  return { id: row.id, name: row.connection_name };
}

function view(row: ToolModifierRow, connectionName: string | null): ToolModifier {
  const rule = JSON.parse(row.rule) as ModifierRule;
  return { id: row.id, tool_name: row.tool_name, connection_name: connectionName, pre: rule.pre, post: rule.post, created_at: row.created_at, updated_at: row.updated_at };
}

/** A body may repeat its scope (what GET answers can be PUT back), but not contradict the path and query. */
function checkBodyScope(body: unknown, scope: ModifierScope): void {
  if (!body || typeof body !== 'object') return;
  const b = body as { tool_name?: unknown; connection_name?: unknown };
  if (b.tool_name !== undefined && b.tool_name !== scope.toolName) throw invalidArgument('tool_name', `in the body ('${String(b.tool_name).slice(0, 130)}') differs from the one in the path ('${scope.toolName}')`);
  if (b.connection_name !== undefined && (b.connection_name ?? null) !== (scope.connectionName || null)) {
    throw invalidArgument('connection_name', 'in the body differs from the connection_name query parameter; give the scope in the query (none = every connection)');
  }
}

/** Creates or replaces the modifier of a scope; this process's next execution uses it. */
export async function setToolModifier(db: Kysely<Tables>, tools: ToolRegistry, envId: string, scope: ModifierScope, body: unknown): Promise<ToolModifier> {
  const known = await knownTool(tools, envId, scope.toolName);
  const connection = await scopedConnection(db, envId, known, scope.connectionName);
  checkBodyScope(body, scope);
  const rule = validateModifierRule(body, known.spec);
  const row = await upsertModifierRow(db, envId, scope.toolName, connection?.id ?? null, rule);
  forgetModifiers(db, envId);
  return view(row, connection?.name ?? null);
}

const missing = (scope: ModifierScope) =>
  new DomainError('not_found', `tool '${scope.toolName}' has no modifier ${scope.connectionName ? `for connection '${scope.connectionName}'` : 'for the whole environment'}`, {
    reason: 'TOOL_MODIFIER_NOT_FOUND',
  });

// Reading and deleting work for a tool the catalog no longer has, so its stored rule can still be removed.
const missingOrUnknown = (tools: ToolRegistry, scope: ModifierScope) =>
  tools.byName(scope.toolName) || IMPORTED_TOOL_NAME.test(scope.toolName) ? missing(scope) : toolNotFound(scope.toolName);

export async function getToolModifier(db: Kysely<Tables>, tools: ToolRegistry, envId: string, scope: ModifierScope): Promise<ToolModifier> {
  checkToolName(scope.toolName);
  const connection = await scopedConnection(db, envId, undefined, scope.connectionName);
  const row = await findModifierRow(db, envId, scope.toolName, connection?.id ?? null);
  if (!row) throw missingOrUnknown(tools, scope);
  return view(row, connection?.name ?? null);
}

export async function deleteToolModifier(db: Kysely<Tables>, tools: ToolRegistry, envId: string, scope: ModifierScope): Promise<void> {
  checkToolName(scope.toolName);
  const connection = await scopedConnection(db, envId, undefined, scope.connectionName);
  if (!(await deleteModifierRow(db, envId, scope.toolName, connection?.id ?? null))) throw missingOrUnknown(tools, scope);
  forgetModifiers(db, envId);
}

/** The environment's modifiers, oldest first, page by page (`tool_name` narrows to one tool). */
export async function listToolModifiers(
  db: Kysely<Tables>,
  envId: string,
  opts: { toolName?: string; pageSize?: number; pageToken?: string },
): Promise<{ modifiers: ToolModifier[]; nextPageToken: string; totalSize: number }> {
  const page = await pageModifierRows(db, envId, { toolName: opts.toolName, pageSize: pageSizeOf(opts.pageSize, MAX_PAGE_SIZE), pageToken: opts.pageToken });
  const ids = [...new Set(page.items.map((r) => r.connection_id).filter((id): id is string => id !== null))];
  const names = new Map<string, string>();
  if (ids.length) {
    for (const c of await db.selectFrom('connections').select(['id', 'connection_name']).where('id', 'in', ids).execute()) names.set(c.id, c.connection_name);
  }
  return {
    modifiers: page.items.map((r) => view(r, r.connection_id ? (names.get(r.connection_id) ?? null) : null)),
    nextPageToken: page.nextPageToken,
    totalSize: page.totalSize,
  };
}
