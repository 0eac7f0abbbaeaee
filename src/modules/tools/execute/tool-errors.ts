import { DomainError, type ErrorCode } from '../../errors/domain-error.js';
import { ToolFailure } from '../definition/tool-spec.js';

/**
 * The gRPC status of a provider failure. A provider 401 stays Unauthenticated: the SDK (2.11,
 * core.js `_connectExec`) never retries an error carrying ErrorInfo `TOOL_ERROR`, so neither its
 * re-authentication nor its Unavailable backoff sends the call again.
 */
function codeForStatus(status: number | undefined): ErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'permission_denied';
  if (status === 429) return 'resource_exhausted';
  return 'internal';
}

/** A tool error: the status, ErrorInfo `TOOL_ERROR` and tool_error_info, the message short and meant for a model. */
export function toolError(code: ErrorCode, message: string, executionId: string, toolErrorCode: string): DomainError {
  return new DomainError(code, message, { reason: 'TOOL_ERROR', toolErrorInfo: { executionId, toolErrorMessage: message, toolErrorCode } });
}

/** Raised when the execution's deadline (the caller's, or the connection's timeout_ms) passes. */
export class DeadlineError extends DomainError {
  constructor(readonly budgetMs: number, why: string) {
    super('deadline_exceeded', `the tool did not finish within ${budgetMs} ms (${why})`, { reason: 'DEADLINE_EXCEEDED' });
  }
}

/**
 * What a failure inside the run step becomes. Provider answers (ToolFailure) and upstream
 * failures (timeouts, unreachable, refused destinations) are tool errors; no tool error is ever
 * Unavailable, which the SDK would otherwise retry. Other domain errors (an account expired by a
 * refused refresh, say) pass as they are. Anything else is not a DomainError and stays a bug.
 */
export function asToolError(err: unknown, executionId: string): unknown {
  if (err instanceof ToolFailure) {
    return toolError(codeForStatus(err.status), err.message, executionId, err.providerCode ?? (err.status ? `HTTP_${err.status}` : 'TOOL_FAILED'));
  }
  if (!(err instanceof DomainError) || err.toolErrorInfo) return err;
  if (err instanceof DeadlineError) return toolError('deadline_exceeded', err.message, executionId, 'DEADLINE_EXCEEDED');
  // Never a bare Unavailable: the SDK would retry it, sending the call again.
  const upstream = err.reason.startsWith('UPSTREAM_') || err.reason === 'PROXY_DESTINATION_REFUSED';
  if (!upstream && err.code !== 'unavailable') return err;
  return toolError(err.code === 'unavailable' ? 'internal' : err.code, err.message, executionId, err.reason);
}
