import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@bufbuild/protobuf';
import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import type { OutboundFetcher } from '../../egress/outbound-fetch.js';
import { resolveAlias, type NestedToolCall } from '../aliases/resolve-alias.js';
import { accountSummary, listAccountSummaries } from './account-summaries.js';
import type { CodeToolHost, HostCallName } from './code-tool-host-api.js';
import { httpRequest } from './http-request.js';
import { sandboxLimits, type SandboxLimits } from './sandbox-limits.js';

/** Host calls left for a whole tree of executions (a code tool and the code tools it calls). */
export class HostCallBudget {
  constructor(private left: number) {}
  take(): void {
    if (this.left <= 0) throw new DomainError('resource_exhausted', 'the code tool made too many context calls (code_tool_limits.hostCalls, shared with the code tools it calls)', { reason: 'CODE_TOOL_CALL_LIMIT' });
    this.left--;
  }
}

export interface CodeToolHostOptions {
  db: Kysely<Tables>;
  envId: string;
  /** The user the code tool runs for: nested tools run as this identifier's accounts. */
  identifier: string;
  /** The account the code tool itself was executed as, preferred when an alias fits it. */
  connectedAccountId?: string;
  executionId: string;
  /** The normal ExecuteTool path (modifiers, records, deadline) for one nested call; the caller bounds nesting depth. */
  executeNested(call: NestedToolCall): Promise<JsonObject>;
  /** The egress guard's fetch; without it utils.httpRequest is refused. */
  outbound?: OutboundFetcher;
  limits?: SandboxLimits;
  /** Shared with nested code tools' hosts so the bound holds for the whole tree; a fresh one by default. */
  budget?: HostCallBudget;
  /** The tool's console lines: they may carry tool data, so they are never written to the server log. */
  onConsole?(level: string, text: string): void;
  /** Unused: the server logger is never given tool data. Accepted so callers may pass theirs. */
  log?: unknown;
}

function toolCall(args: unknown): NestedToolCall {
  const a = (args && typeof args === 'object' && !Array.isArray(args) ? args : {}) as Record<string, unknown>;
  if (typeof a.tool !== 'string' || !a.tool.trim() || a.tool.length > 200) throw invalidArgument('tools.execute.tool', 'is required: the name of the tool to run');
  const p = a.parameters;
  if (p !== undefined && (p === null || typeof p !== 'object' || Array.isArray(p))) throw invalidArgument('tools.execute.parameters', 'must be an object');
  const account = a.connected_account_id;
  if (account !== undefined && (typeof account !== 'string' || account.length > 64)) throw invalidArgument('tools.execute.connected_account_id', 'must be a connected account id');
  return { tool: a.tool.trim(), parameters: p as JsonObject | undefined, connected_account_id: account || undefined };
}

/**
 * The server side of a code tool's `context`: nested tools through executeNested (generic names
 * resolved to catalog tools first, and their answers mapped back), the user's accounts without
 * credentials, and HTTP through the egress guard. Every call counts against the budget.
 */
export function createCodeToolHost(o: CodeToolHostOptions): CodeToolHost & { budget: HostCallBudget } {
  const limits = o.limits ?? sandboxLimits();
  const budget = o.budget ?? new HostCallBudget(limits.hostCalls);
  const handlers: Record<HostCallName, (args: unknown, signal: AbortSignal) => Promise<unknown>> = {
    async 'tools.execute'(args) {
      const call = toolCall(args);
      const alias = await resolveAlias(o.db, o.envId, { identifier: o.identifier, ownAccountId: o.connectedAccountId }, call);
      if (!alias) return o.executeNested(call);
      const out = await o.executeNested(alias.call);
      return alias.target.result(out, call.parameters ?? {});
    },
    'accounts.get': (id) => accountSummary(o.db, o.envId, id),
    'accounts.list': (query) => listAccountSummaries(o.db, o.envId, o.identifier, query),
    async 'utils.httpRequest'(args, signal) {
      if (!o.outbound) throw new DomainError('failed_precondition', 'utils.httpRequest is not available here', { reason: 'CODE_TOOL_HTTP_UNAVAILABLE' });
      return httpRequest(o.db, o.envId, o.outbound, args, signal);
    },
  };
  return {
    budget,
    async call(name, args, signal) {
      budget.take();
      return handlers[name](args, signal);
    },
    generateId: () => randomUUID(),
    log: o.onConsole ? (level, text) => o.onConsole?.(level, text) : undefined,
  };
}
