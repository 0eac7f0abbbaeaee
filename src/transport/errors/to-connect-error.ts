import { ConnectError, Code } from '@connectrpc/connect';
import { ErrorInfoSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/errdetails/errdetails_pb.js';
import { DomainError } from '../../modules/errors/domain-error.js';
import { ERROR_CODES } from './error-codes.js';

export interface ErrorReporter {
  (err: unknown): string; // logs an unexpected error; returns a request id to quote
}

/**
 * DomainError → ConnectError with a `scalekit.v1.errdetails.ErrorInfo` detail (the SDK reads
 * `error_code` from it). Anything else is an internal error: logged, never echoed.
 */
export function toConnectError(err: unknown, report: ErrorReporter): ConnectError {
  if (err instanceof ConnectError) return err;
  if (err instanceof DomainError) {
    const info = {
      errorCode: err.reason,
      ...(err.violations.length
        ? { validationErrorInfo: { fieldViolations: err.violations.map((v) => ({ field: v.field, description: v.description, constraint: '' })) } }
        : {}),
      ...(err.toolErrorInfo ? { toolErrorInfo: err.toolErrorInfo } : {}),
    };
    return new ConnectError(err.message, ERROR_CODES[err.code].grpc, undefined, [{ desc: ErrorInfoSchema, value: info }]);
  }
  const requestId = report(err);
  return new ConnectError(`internal error; quote request id ${requestId} when reporting it`, Code.Internal, undefined, [
    { desc: ErrorInfoSchema, value: { errorCode: 'INTERNAL', requestInfo: { requestId, servingData: '' } } },
  ]);
}
