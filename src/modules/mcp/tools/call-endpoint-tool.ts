import type { JsonObject } from '@bufbuild/protobuf';
import type { Logger } from '../../../logging/logger.js';
import { DomainError } from '../../errors/domain-error.js';
import { executeTool, type ToolExecutionDeps } from '../../tools/execute/execute-tool.js';
import type { McpCaller } from '../auth/mcp-caller.js';
import type { EndpointTool } from './endpoint-tools.js';
import { domainErrorResult, needsAuthorization, successResult, type ToolCallResult } from './tool-call-result.js';

/** The tool is not one this endpoint offers its caller (unknown, not allowed, or past the cap). */
export class UnknownMcpTool extends Error {
  constructor(readonly toolName: string) {
    super(`tool '${toolName.slice(0, 128)}' is not offered by this MCP endpoint; tools/list lists the tools it offers`);
    this.name = 'UnknownMcpTool';
  }
}

/** A finished call, or the tool's account must be authorized first (the protocol layer asks the user). */
export type EndpointCallOutcome = { kind: 'result'; result: ToolCallResult } | { kind: 'authorize'; tool: EndpointTool };

/**
 * tools/call: the named tool among the endpoint's tools for this caller (`offered`), run through exactly the
 * ExecuteTool pipeline (validation, modifiers, deadline, records, TOOL_ERROR mapping) as the
 * caller's account. Domain errors become tool-level errors (`isError`) a model can act on; a
 * missing or inactive account asks for authorization instead.
 */
export async function callEndpointTool(
  deps: ToolExecutionDeps,
  offered: readonly EndpointTool[],
  caller: McpCaller,
  call: { name: string; arguments: Record<string, unknown> | undefined; signal?: AbortSignal },
  log: Logger,
): Promise<EndpointCallOutcome> {
  const tool = offered.find((t) => t.mcpName === call.name);
  if (!tool) throw new UnknownMcpTool(call.name);
  if (!tool.accountId && !tool.accountless) return { kind: 'authorize', tool };
  // A code tool runs for the identifier; every other tool as the caller's account on its connection.
  const runAs = tool.accountless ? { identifier: caller.identifier } : { connectedAccountId: tool.accountId };
  try {
    const { data } = await executeTool(deps, { envId: caller.envId, toolName: tool.tool.name, params: (call.arguments ?? {}) as JsonObject, ...runAs, signal: call.signal }, log);
    return { kind: 'result', result: successResult(data) };
  } catch (err) {
    // The account stopped being ACTIVE between listing and running (a refused refresh, say).
    if (needsAuthorization(err)) return { kind: 'authorize', tool };
    if (err instanceof DomainError) return { kind: 'result', result: domainErrorResult(err) };
    throw err;
  }
}
