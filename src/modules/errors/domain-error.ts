/**
 * The one error type domain modules throw. Transports map `code` to a gRPC
 * status / HTTP status in exactly one place (src/transport/errors).
 * Messages must tell the caller what to fix and never carry a secret.
 */
export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'unauthenticated'
  | 'permission_denied'
  | 'resource_exhausted'
  | 'unimplemented'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'internal';

export interface FieldViolation {
  field: string;
  description: string;
}

/** ErrorInfo.tool_error_info: a tool execution failed because of the provider (reason `TOOL_ERROR`). */
export interface ToolErrorInfo {
  executionId: string;
  toolErrorMessage: string;
  toolErrorCode: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Machine-readable reason, e.g. `ORGANIZATION_NOT_FOUND`; sent as ErrorInfo.error_code. */
  readonly reason: string;
  readonly violations: FieldViolation[];
  readonly toolErrorInfo: ToolErrorInfo | undefined;

  constructor(code: ErrorCode, message: string, opts: { reason?: string; violations?: FieldViolation[]; toolErrorInfo?: ToolErrorInfo } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.reason = opts.reason ?? code.toUpperCase();
    this.violations = opts.violations ?? [];
    this.toolErrorInfo = opts.toolErrorInfo;
  }
}

export const invalidArgument = (field: string, description: string): DomainError =>
  new DomainError('invalid_argument', `${field} ${description}`, {
    reason: 'INVALID_ARGUMENT',
    violations: [{ field, description }],
  });

/** Several field problems at once; the message lists them all so one round trip fixes them. */
export const invalidFields = (violations: FieldViolation[]): DomainError =>
  new DomainError('invalid_argument', violations.map((v) => `${v.field} ${v.description}`).join('; '), {
    reason: 'INVALID_ARGUMENT',
    violations,
  });

export const notFound = (what: string, id: string, reason?: string): DomainError =>
  new DomainError('not_found', `${what} '${id}' was not found in this environment`, {
    reason: reason ?? `${what.toUpperCase().replace(/[^A-Z]+/g, '_')}_NOT_FOUND`,
  });
