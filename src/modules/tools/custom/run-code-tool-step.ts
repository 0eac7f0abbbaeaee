import type { JsonObject } from '@bufbuild/protobuf';
import { DomainError } from '../../errors/domain-error.js';
import type { OutboundFetcher } from '../../egress/outbound-fetch.js';
import { createCodeToolHost, HostCallBudget, runCodeTool, sandboxLimitsFor, type SandboxLimits } from '../sandbox/index.js';
import type { NestedToolCall } from '../aliases/resolve-alias.js';
import { ExecutionDeadline } from '../execute/deadline.js';
import type { RegisteredTool } from '../registry/tool-registry.js';
import type { CodeToolCaller } from './code-tool-caller.js';

/** A code tool's place in a tree of executions: how deep, and the host calls left for the whole tree. */
export interface CodeToolParent {
  depth: number;
  budget: HostCallBudget;
}

export interface CodeToolRun {
  db: import('kysely').Kysely<import('../../../storage/schema.js').Tables>;
  envId: string;
  tool: RegisteredTool;
  input: unknown;
  caller: CodeToolCaller;
  /** Set when a code tool's `context.tools.execute` started this one. */
  parent: CodeToolParent | undefined;
  executionId: string;
  callerRemainingMs: number | undefined;
  signal: AbortSignal | undefined;
  outbound?: OutboundFetcher;
  limits?: SandboxLimits;
  /** Runs a nested call through the normal ExecuteTool path, for the same user, one level deeper. */
  executeNested(call: NestedToolCall, ctx: NestedContext): Promise<JsonObject>;
}

export interface NestedContext {
  parent: CodeToolParent;
  remainingMs: number;
  signal: AbortSignal;
}

/**
 * Runs a code tool's implementation in the sandbox (src/modules/tools/sandbox): its `context`
 * reaches other tools only through executeNested, under the shorter of the caller's deadline and
 * the sandbox's wall-clock limit, with one host-call budget for the whole tree. Limits and what a
 * runaway tool answers are the sandbox's.
 */
export async function runCodeToolStep(r: CodeToolRun): Promise<unknown> {
  // The environment's code_tool_limits over the safe defaults.
  const limits = r.limits ?? (await sandboxLimitsFor(r.db, r.envId));
  const depth = r.parent ? r.parent.depth + 1 : 1;
  if (depth > limits.nestingDepth) {
    throw new DomainError('failed_precondition', `code tool '${r.tool.name}' would be the ${depth}th code tool on one call stack; at most ${limits.nestingDepth} may nest (code_tool_limits.nestingDepth)`, { reason: 'CODE_TOOL_NESTING_LIMIT' });
  }
  const deadline = new ExecutionDeadline(limits.wallClockMs, r.callerRemainingMs, r.signal);
  const budget = r.parent?.budget ?? new HostCallBudget(limits.hostCalls);
  try {
    const host = createCodeToolHost({
      db: r.db,
      envId: r.envId,
      identifier: r.caller.identifier ?? '',
      connectedAccountId: r.caller.account?.row.id,
      executionId: r.executionId,
      outbound: r.outbound,
      limits,
      budget,
      executeNested: (call) => r.executeNested(call, { parent: { depth, budget }, remainingMs: deadline.remainingMs(), signal: deadline.signal }),
    });
    return await runCodeTool({ source: r.tool.custom!.source!, params: r.input, host, limits, signal: deadline.signal, executionId: r.executionId });
  } finally {
    deadline.done();
  }
}

/**
 * A nested call, as the parent was called: the same user (identifier, organization, user id),
 * the account the code names if it names one, and what is left of the parent's deadline.
 */
export function nestedCall(parent: { envId: string; organizationId?: string; userId?: string }, caller: CodeToolCaller, n: NestedToolCall, ctx: NestedContext) {
  return {
    envId: parent.envId,
    toolName: n.tool,
    params: n.parameters,
    identifier: caller.identifier,
    connectedAccountId: n.connected_account_id,
    organizationId: parent.organizationId,
    userId: parent.userId,
    callerRemainingMs: ctx.remainingMs,
    signal: ctx.signal,
    codeToolParent: ctx.parent,
  };
}
