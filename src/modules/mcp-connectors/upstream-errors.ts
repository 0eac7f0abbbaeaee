import { ProtocolError } from '@modelcontextprotocol/client';
import { DomainError } from '../errors/domain-error.js';
import { ToolFailure } from '../tools/definition/tool-spec.js';
import { providerFailure } from '../tools/execute/provider-failure.js';
import { SessionFailed } from './upstream-session.js';

/** JSON-RPC error codes a model can act on, by name; their messages are the upstream's and may echo input. */
const JSON_RPC_NAMES: Record<number, string> = { [-32602]: 'invalid params', [-32601]: 'method not found', [-32600]: 'invalid request', [-32603]: 'internal error' };

/** A CallToolResult's `isError`: the upstream tool failed, and says why in its first text block (kept short). */
export function upstreamToolError(toolName: string, content: unknown): ToolFailure {
  const first = Array.isArray(content) ? content.find((c) => c && typeof c === 'object' && (c as { type?: unknown }).type === 'text') : undefined;
  const text = String((first as { text?: unknown } | undefined)?.text ?? '').replace(/\s+/g, ' ').trim();
  const why = text ? `: ${text.length > 200 ? `${text.slice(0, 199)}…` : text}` : '';
  return new ToolFailure(`the MCP server's tool '${toolName}' reported an error${why}`, undefined, 'MCP_TOOL_ERROR');
}

/**
 * What a failed MCP session becomes inside the run step (tool-errors.ts maps it on): the proxy's
 * own error (unreachable, refused destination, deadline) as it was; an HTTP answer outside 2xx as
 * the provider failure it is (401 → unauthenticated, after the proxy's one refresh); a JSON-RPC
 * error by its code; anything else as an answer Latchkey could not read.
 */
export function sessionFailure(err: unknown): unknown {
  if (!(err instanceof SessionFailed)) return err;
  const { trace, cause } = err;
  if (trace.error instanceof DomainError || trace.error instanceof ToolFailure) return trace.error;
  if (cause instanceof DomainError || cause instanceof ToolFailure) return cause;
  if (trace.failed) return providerFailure(trace.failed.status, trace.failed.headers, trace.failed.body);
  if (cause instanceof ProtocolError) {
    const name = JSON_RPC_NAMES[cause.code] ?? `JSON-RPC error ${cause.code}`;
    return new ToolFailure(`the MCP server refused the request (${name})`, undefined, `MCP_${cause.code}`);
  }
  return new ToolFailure('the MCP server answered in a way Latchkey could not read', undefined, 'MCP_PROTOCOL_ERROR');
}
