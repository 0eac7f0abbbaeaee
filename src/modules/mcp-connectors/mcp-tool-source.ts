import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Logger } from '../../logging/logger.js';
import type { ChangeFeed } from '../changes/change-feed.js';
import { DomainError } from '../errors/domain-error.js';
import { accountNotActive } from '../credentials/refresh-errors.js';
import type { AccountToolSource, ToolAccount } from '../tools/registry/account-tool-source.js';
import type { RegisteredTool } from '../tools/registry/tool-registry.js';
import type { ToolUpstream } from '../tools/execute/tool-run-context.js';
import { resolveAccount, type AccountAddress } from '../tools/execute/steps/resolve-account.js';
import { asToolError } from '../tools/execute/tool-errors.js';
import type { AccountSessionState } from './call-upstream-tool.js';
import { importAccountTools } from './import-account-tools.js';
import { ImportedToolCache } from './imported-tool-cache.js';
import { IMPORTED_TOOL_PREFIX, importedNameSplits } from './imported-tool-name.js';
import { mcpProviderKeys } from './mcp-provider-keys.js';

export interface McpToolSourceDeps {
  db: Kysely<Tables>;
  /** The Tool Proxy's in-process exchange: every upstream request goes through it. */
  upstream: ToolUpstream;
  changes?: ChangeFeed;
  log: Logger;
  ttlMs?: number;
}

const wrongConnection = (name: string, want: string, got: string) =>
  new DomainError('failed_precondition', `tool '${name}' belongs to MCP connection '${want}', but the account named is on connection '${got}'; pick an account on '${want}'`, {
    reason: 'TOOL_PROVIDER_MISMATCH',
  });

const notServed = (name: string, connection: string) =>
  new DomainError('not_found', `tool '${name}' is not among the tools MCP connection '${connection}' serves this account; list them with tools.listScopedTools`, {
    reason: 'TOOL_NOT_FOUND',
  });

/** What a log line says of a failed import: our reason or the upstream's code, never its message. */
const importFailure = (err: unknown): string | undefined =>
  err instanceof DomainError ? err.reason : (err as { providerCode?: string })?.providerCode ?? (err as Error)?.name;

/**
 * The tools of MCP-server connectors (providers with `kind: "MCP"`), imported per connected
 * account and cached (imported-tool-cache.ts): the tool source listing and ExecuteTool consult
 * beside the catalog (account-tool-source.ts).
 */
export class McpToolSource implements AccountToolSource {
  private readonly cache: ImportedToolCache;

  constructor(private readonly deps: McpToolSourceDeps) {
    this.cache = new ImportedToolCache(deps.changes, deps.ttlMs);
  }

  mayName(name: string): boolean {
    return name.startsWith(IMPORTED_TOOL_PREFIX);
  }

  /** An upstream that fails is logged and lists nothing: one broken connector does not break a listing. */
  async toolsOf(envId: string, accounts: readonly ToolAccount[]): Promise<Map<string, readonly RegisteredTool[]>> {
    const out = new Map<string, readonly RegisteredTool[]>();
    if (!accounts.length) return out;
    const mcp = await mcpProviderKeys(this.deps.db, envId, accounts.map((a) => a.providerKey));
    await Promise.all(
      accounts
        .filter((a) => mcp.has(a.providerKey))
        .map(async (a) => {
          try {
            out.set(a.accountId, await this.toolsOfAccount(envId, a));
          } catch (err) {
            this.deps.log.warn({ connection: a.connectionName, accountId: a.accountId, reason: importFailure(err) }, 'MCP connector tools could not be imported');
          }
        }),
    );
    return out;
  }

  async connectionOf(envId: string, name: string): Promise<{ connectionName: string; providerKey: string } | undefined> {
    const row = await this.connectionRow(envId, name);
    return row && { connectionName: row.connection_name, providerKey: row.provider_key };
  }

  /** The MCP connection a `c-` name belongs to: longest connection name first (importedNameSplits lists them so). */
  private async connectionRow(envId: string, name: string): Promise<{ id: string; connection_name: string; provider_key: string } | undefined> {
    const splits = importedNameSplits(name);
    if (!splits.length) return undefined;
    const rows = await this.deps.db
      .selectFrom('connections')
      .select(['id', 'connection_name', 'provider_key'])
      .where('environment_id', '=', envId)
      .where('connection_name', 'in', splits.map((s) => s.connectionName))
      .execute();
    const mcp = await mcpProviderKeys(this.deps.db, envId, rows.map((r) => r.provider_key));
    return splits.map((s) => rows.find((r) => r.connection_name === s.connectionName && mcp.has(r.provider_key))).find(Boolean);
  }

  /**
   * The tool is known when an import holds it: a cached one, else one ACTIVE account's on the
   * connection (an upstream tools/list). An upstream that fails, or no account yet, leaves it unknown.
   */
  async describe(envId: string, name: string): Promise<{ connectionName: string; providerKey: string; tool?: RegisteredTool } | undefined> {
    const connection = await this.connectionRow(envId, name);
    if (!connection) return undefined;
    const found = { connectionName: connection.connection_name, providerKey: connection.provider_key };
    const cached = this.cache.anyWith(envId, name);
    if (cached) return { ...found, tool: cached };
    const row = await this.deps.db
      .selectFrom('connected_accounts')
      .select(['id', 'identifier'])
      .where('environment_id', '=', envId)
      .where('connection_id', '=', connection.id)
      .where('status', '=', 'ACTIVE')
      .orderBy('id')
      .executeTakeFirst();
    if (!row) return found;
    const account: ToolAccount = { accountId: row.id, connectionId: connection.id, connectionName: connection.connection_name, providerKey: connection.provider_key, identifier: row.identifier };
    try {
      return { ...found, tool: (await this.toolsOfAccount(envId, account)).find((t) => t.name === name) };
    } catch (err) {
      this.deps.log.warn({ connection: account.connectionName, accountId: account.accountId, reason: importFailure(err) }, 'MCP connector tools could not be imported to describe a tool');
      return found;
    }
  }

  async find(envId: string, name: string, address: AccountAddress, executionId: string): Promise<RegisteredTool | undefined> {
    const connection = await this.connectionRow(envId, name);
    if (!connection) return undefined;
    const named = address.connectedAccountId ? address : { ...address, connector: address.connector || connection.connection_name };
    const found = await resolveAccount(this.deps.db, envId, { name, provider: connection.provider_key }, named);
    if (found.connection.connection_name !== connection.connection_name) throw wrongConnection(name, connection.connection_name, found.connection.connection_name);
    if (found.row.status !== 'ACTIVE') throw accountNotActive(found.row);
    const account: ToolAccount = {
      accountId: found.row.id,
      connectionId: found.connection.id,
      connectionName: found.connection.connection_name,
      providerKey: found.connection.provider_key,
      identifier: found.row.identifier,
    };
    let tools: readonly RegisteredTool[];
    try {
      tools = await this.toolsOfAccount(envId, account);
    } catch (err) {
      // Outside the run step, so mapped here: an unreachable upstream is a tool error, as it is during a call.
      throw asToolError(err, executionId);
    }
    const tool = tools.find((t) => t.name === name);
    if (!tool) throw notServed(name, connection.connection_name);
    return tool;
  }

  private toolsOfAccount(envId: string, account: ToolAccount): Promise<readonly RegisteredTool[]> {
    return this.cache.get(envId, account.accountId, () => importAccountTools(this.deps.upstream, envId, account, this.stateOf(envId, account.accountId)));
  }

  private stateOf(envId: string, accountId: string): AccountSessionState {
    return {
      sessionOptions: () => ({ prior: this.cache.priorOf(envId, accountId), onToolsChanged: () => this.cache.forgetAccount(envId, accountId) }),
      remember: (prior) => this.cache.remember(envId, accountId, prior),
    };
  }
}
