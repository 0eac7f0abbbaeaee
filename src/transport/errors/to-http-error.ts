import { ConnectError } from '@connectrpc/connect';
import { DomainError } from '../../modules/errors/domain-error.js';
import { grpcCodeName, httpStatusForGrpc } from './error-codes.js';
import { toConnectError, type ErrorReporter } from './to-connect-error.js';

export interface HttpErrorBody {
  code: string;
  message: string;
  details: Array<{
    '@type': string;
    error_code: string;
    validation_error_info?: { field_violations: Array<{ field: string; description: string }> };
    tool_error_info?: { execution_id: string; tool_error_message: string; tool_error_code: string };
    request_info?: { request_id: string };
  }>;
}

/** The REST face of the same error model: HTTP status + `{code, message, details}`. */
export function toHttpError(err: unknown, report: ErrorReporter): { status: number; body: HttpErrorBody } {
  const ce = err instanceof ConnectError ? err : toConnectError(err, report);
  const domain = err instanceof DomainError ? err : undefined;
  const detail: HttpErrorBody['details'][number] = {
    '@type': 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo',
    error_code: domain?.reason ?? grpcCodeName(ce.code),
  };
  if (domain?.violations.length) {
    detail.validation_error_info = { field_violations: domain.violations.map((v) => ({ field: v.field, description: v.description })) };
  }
  const tool = domain?.toolErrorInfo;
  if (tool) detail.tool_error_info = { execution_id: tool.executionId, tool_error_message: tool.toolErrorMessage, tool_error_code: tool.toolErrorCode };
  const requestId = /request id (\S+)/.exec(ce.rawMessage)?.[1];
  if (requestId) detail.request_info = { request_id: requestId };
  return { status: httpStatusForGrpc(ce.code), body: { code: grpcCodeName(ce.code), message: ce.rawMessage, details: [detail] } };
}
