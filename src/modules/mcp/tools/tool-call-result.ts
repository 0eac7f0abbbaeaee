import type { JsonObject } from '@bufbuild/protobuf';
import { DomainError } from '../../errors/domain-error.js';

/** A tools/call result: the wire shape MCP clients read (CallToolResult). */
export interface ToolCallResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: JsonObject;
  isError?: boolean;
}

/** ExecuteTool's data as both views MCP asks for: structured, and the same JSON as text for clients that only read text. */
export const successResult = (data: JsonObject): ToolCallResult => ({ content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data });

/** A failure a model should read and act on (retry, fix its arguments, ask the user). */
export const errorResult = (message: string): ToolCallResult => ({ content: [{ type: 'text', text: message }], isError: true });

/**
 * A domain error of the ExecuteTool path as a tool-level error: input violations name the
 * argument (`arguments.max_results must be <= 50`), tool errors keep their short, payload-free
 * message and execution id. Messages of domain errors never carry a secret or a value sent.
 */
export function domainErrorResult(err: DomainError): ToolCallResult {
  if (err.code === 'invalid_argument' && err.violations.length) {
    const problems = err.violations.map((v) => `${v.field.replace(/^params(?=\.|$)/, 'arguments')} ${v.description}`);
    return errorResult(`invalid arguments: ${problems.join('; ')}`);
  }
  if (err.toolErrorInfo) return errorResult(`${err.toolErrorInfo.toolErrorMessage} (execution ${err.toolErrorInfo.executionId}, ${err.toolErrorInfo.toolErrorCode})`);
  return errorResult(err.message);
}

/** Errors meaning "the user has no usable account there yet": answered with an authorization link. */
export const needsAuthorization = (err: unknown): boolean =>
  err instanceof DomainError &&
  (err.code === 'not_found' || err.code === 'failed_precondition') &&
  err.reason.startsWith('CONNECTED_ACCOUNT_') &&
  err.reason !== 'CONNECTED_ACCOUNT_AMBIGUOUS';
