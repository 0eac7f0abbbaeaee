import type { DomainError, ErrorCode } from '../../errors/domain-error.js';
import { toolError } from '../execute/tool-errors.js';
import type { SandboxLimits } from './sandbox-limits.js';

/** Why the sandbox stopped a tool before it answered. */
export type StopReason = 'cpu' | 'wall' | 'cancelled' | 'memory' | 'stack' | 'output';

const LIMIT_CODES: Record<StopReason, string> = {
  cpu: 'CODE_TOOL_CPU_LIMIT',
  wall: 'CODE_TOOL_TIMEOUT',
  cancelled: 'CODE_TOOL_CANCELLED',
  memory: 'CODE_TOOL_MEMORY_LIMIT',
  stack: 'CODE_TOOL_STACK_LIMIT',
  output: 'CODE_TOOL_OUTPUT_LIMIT',
};

const mib = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MiB`;

/** A tool stopped at one of its limits: a tool error naming the limit and the setting that raises it. */
export function limitError(reason: StopReason, limits: SandboxLimits, executionId: string): DomainError {
  const message = {
    cpu: `the code tool was stopped after ${limits.cpuMs} ms of CPU time (code_tool_limits.cpuMs); look for a loop that never ends`,
    wall: `the code tool did not finish within ${limits.wallClockMs} ms (code_tool_limits.wallClockMs)`,
    cancelled: 'the code tool was stopped: the call was cancelled or its deadline passed',
    memory: `the code tool ran out of its ${mib(limits.memoryBytes)} of memory (code_tool_limits.memoryBytes)`,
    stack: `the code tool overflowed its ${Math.round(limits.stackBytes / 1024)} KiB stack (code_tool_limits.stackBytes); look for recursion that never ends`,
    output: `the code tool returned more than ${mib(limits.outputBytes)} of JSON (code_tool_limits.outputBytes)`,
  }[reason];
  const code = reason === 'wall' || reason === 'cancelled' ? 'deadline_exceeded' : 'resource_exhausted';
  return toolError(code, message, executionId, LIMIT_CODES[reason]);
}

/** What a tool threw, as the tool error the caller gets. Its own message is the tool author's, for the caller; it is never logged. */
export interface ThrownByTool {
  name: string;
  message: string;
  /** A failed context call's code and status (ToolExecutionError). */
  code?: string;
  status?: string;
}

const PASSED_STATUSES: ReadonlySet<string> = new Set<ErrorCode>(['invalid_argument', 'not_found', 'failed_precondition', 'unauthenticated', 'permission_denied', 'resource_exhausted', 'deadline_exceeded']);

const MAX_MESSAGE = 1000;

export function thrownError(thrown: ThrownByTool, executionId: string, limits: SandboxLimits): DomainError {
  if (thrown.name === 'InternalError' && thrown.message === 'out of memory') return limitError('memory', limits, executionId);
  if (thrown.name === 'InternalError' && thrown.message === 'stack overflow') return limitError('stack', limits, executionId);
  if (thrown.name === 'RangeError' && /call stack/i.test(thrown.message)) return limitError('stack', limits, executionId);
  const message = String(thrown.message).slice(0, MAX_MESSAGE);
  switch (thrown.name) {
    case 'ValidationError':
      return toolError('invalid_argument', message, executionId, 'VALIDATION_ERROR');
    case 'BusinessLogicError':
      return toolError('failed_precondition', message, executionId, 'BUSINESS_LOGIC_ERROR');
    case 'ExternalAPIError':
      return toolError('internal', message, executionId, 'EXTERNAL_API_ERROR');
    case 'ToolExecutionError':
      // A context call failed and the tool let it through: the failure as it was, so a limit or a missing account keeps its code.
      return toolError(PASSED_STATUSES.has(thrown.status ?? '') ? (thrown.status as ErrorCode) : 'internal', message, executionId, String(thrown.code ?? 'TOOL_FAILED').slice(0, 64));
    case 'OutputError':
      return toolError('internal', message, executionId, 'CODE_TOOL_OUTPUT_INVALID');
    default:
      return toolError('internal', `the code tool threw ${String(thrown.name).slice(0, 64)}: ${message}`, executionId, 'CODE_TOOL_ERROR');
  }
}
