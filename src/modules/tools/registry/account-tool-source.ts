import type { AccountAddress } from '../execute/steps/resolve-account.js';
import type { RegisteredTool, ToolRegistry } from './tool-registry.js';

/** A connected account whose own tools a source may bring (ListScopedTools' and ListTools' ACTIVE accounts). */
export interface ToolAccount {
  accountId: string;
  connectionId: string;
  connectionName: string;
  providerKey: string;
  identifier: string;
}

/**
 * One more source of tools beside the catalog and custom tools: tools that exist per connected
 * account, such as those an MCP-server connector imports from its upstream with the account's
 * credential (src/modules/mcp-connectors). Listing asks it for the accounts it lists; ExecuteTool
 * asks it for a name nothing else knows.
 */
export interface AccountToolSource {
  /** Whether `name` could be one of this source's tools (a filter naming it is not refused as unknown). */
  mayName(name: string): boolean;
  /** The accounts' own tools by account id; accounts this source does not serve are left out. */
  toolsOf(envId: string, accounts: readonly ToolAccount[]): Promise<Map<string, readonly RegisteredTool[]>>;
  /**
   * The tool `name` for the account `address` names, or undefined when the name is not this
   * source's. Failures reaching the tools' upstream are tool errors of execution `executionId`.
   */
  find(envId: string, name: string, address: AccountAddress, executionId: string): Promise<RegisteredTool | undefined>;
  /** The connection a name of this source belongs to (an MCP server's allow-list), reading no upstream; undefined when none could serve it. */
  connectionOf(envId: string, name: string): Promise<{ connectionName: string; providerKey: string } | undefined>;
  /**
   * What a name of this source refers to without an account (a modifier): its connection and,
   * when one account's import shows it, the tool itself (which may take an upstream tools/list).
   * Undefined when no connection of the environment could serve the name.
   */
  describe(envId: string, name: string): Promise<{ connectionName: string; providerKey: string; tool?: RegisteredTool } | undefined>;
}

const sources = new WeakMap<object, AccountToolSource>();

/**
 * `registry`'s tools, plus `source`'s per-account tools. The source is kept beside the new
 * registry object (the per-environment registries built from it carry it on,
 * environment-registry.ts) so every lister (the RPCs, Latchkey's own MCP server) gets them without
 * a new parameter; a copy, since the built-in registry is shared by every server in the process.
 */
export function withAccountTools(registry: ToolRegistry, source: AccountToolSource): ToolRegistry {
  const own: ToolRegistry = { ...registry };
  sources.set(own, source);
  return own;
}

export const accountToolsOf = (registry: ToolRegistry): AccountToolSource | undefined => sources.get(registry);

/** The accounts' own tools (an MCP connector's), each name once; none when `registry` has no source. */
export async function ownToolsOfAccounts(registry: ToolRegistry, envId: string, accounts: readonly ToolAccount[]): Promise<RegisteredTool[]> {
  const source = accountToolsOf(registry);
  if (!source || !accounts.length) return [];
  const byName = new Map<string, RegisteredTool>();
  for (const tools of (await source.toolsOf(envId, accounts)).values()) for (const t of tools) if (!byName.has(t.name)) byName.set(t.name, t);
  return [...byName.values()];
}

/** Carries `from`'s source (if any) over to a registry derived from it. */
export function keepAccountTools(from: ToolRegistry, derived: ToolRegistry): ToolRegistry {
  const s = sources.get(from);
  if (s) sources.set(derived, s);
  return derived;
}
