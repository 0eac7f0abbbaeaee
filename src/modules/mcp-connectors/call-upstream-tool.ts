import type { Tool } from '@modelcontextprotocol/client';
import type { ToolRunContext } from '../tools/definition/tool-spec.js';
import { sessionFailure, upstreamToolError } from './upstream-errors.js';
import { withUpstreamSession, type UpstreamSessionOptions } from './upstream-session.js';
import type { PriorDiscovery } from '@modelcontextprotocol/client';

/** What a call needs of its account's cached state: the era verdict to reuse, and where to report a changed list. */
export interface AccountSessionState {
  sessionOptions(): UpstreamSessionOptions;
  remember(prior: PriorDiscovery): void;
}

/**
 * `tools/call` on the upstream as the account, in one short session. The data is the result's
 * structuredContent, else its content blocks; `isError` is a tool failure with the upstream's
 * short reason (upstream-errors.ts).
 */
export async function callUpstreamTool(ctx: ToolRunContext, state: AccountSessionState, tool: Tool, input: Record<string, unknown>): Promise<unknown> {
  let result;
  try {
    const session = await withUpstreamSession(ctx, state.sessionOptions(), (client) => client.callTool({ name: tool.name, arguments: input }, { toolDefinition: tool }));
    state.remember(session.prior);
    result = session.value;
  } catch (err) {
    throw sessionFailure(err);
  }
  if ('toolResult' in result) return { result: result.toolResult };
  if (result.isError) throw upstreamToolError(tool.name, result.content);
  return result.structuredContent ?? { content: result.content };
}
