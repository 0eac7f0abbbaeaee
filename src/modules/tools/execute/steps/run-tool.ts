import type { Logger } from '../../../../logging/logger.js';
import type { ToolSpec } from '../../definition/tool-spec.js';
import { ExecutionDeadline } from '../deadline.js';
import { runToolSpec } from '../run-tool-spec.js';
import { asToolError, toolError } from '../tool-errors.js';
import { toolRunContext, type ToolUpstream } from '../tool-run-context.js';
import { DomainError } from '../../../errors/domain-error.js';

export interface RunTarget {
  envId: string;
  connectionName: string;
  identifier: string;
  connectionTimeoutMs: number;
  callerRemainingMs: number | undefined;
  signal: AbortSignal | undefined;
  executionId: string;
  log: Logger;
}

/**
 * Runs the tool's own logic with a context whose requests go through the proxy's machinery, the
 * whole run bounded by the shorter of the caller's deadline and the connection's timeout_ms.
 * Failures become tool errors (tool-errors.ts). A tool that breaks on an answer it did not expect
 * is a tool error too; its log line names where, never the message (it may quote provider data).
 */
export async function runTool(upstream: ToolUpstream, spec: ToolSpec, input: unknown, t: RunTarget): Promise<unknown> {
  const deadline = new ExecutionDeadline(t.connectionTimeoutMs, t.callerRemainingMs, t.signal);
  const ctx = toolRunContext(upstream, {
    envId: t.envId,
    connectionName: t.connectionName,
    identifier: t.identifier,
    signal: deadline.signal,
    remainingMs: () => deadline.remainingMs(),
  });
  try {
    return await deadline.race(runToolSpec(spec, input, ctx));
  } catch (err) {
    const mapped = asToolError(deadline.signal.aborted ? deadline.signal.reason : err, t.executionId);
    if (mapped instanceof DomainError) throw mapped;
    const where = (err as Error)?.stack?.split('\n')[1]?.trim();
    t.log.warn({ tool: spec.definition.name, executionId: t.executionId, err: { name: (err as Error)?.name, at: where } }, 'tool failed on the provider answer');
    throw toolError('internal', `tool '${spec.definition.name}' could not process the provider's answer`, t.executionId, 'TOOL_FAILED');
  } finally {
    deadline.done();
  }
}
