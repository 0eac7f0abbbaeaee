import { Code } from '@connectrpc/connect';
import type { ErrorCode } from '../../modules/errors/domain-error.js';

/** The one table mapping domain error codes to each wire format. */
export const ERROR_CODES: Record<ErrorCode, { grpc: Code; http: number }> = {
  invalid_argument: { grpc: Code.InvalidArgument, http: 400 },
  failed_precondition: { grpc: Code.FailedPrecondition, http: 400 },
  not_found: { grpc: Code.NotFound, http: 404 },
  already_exists: { grpc: Code.AlreadyExists, http: 409 },
  unauthenticated: { grpc: Code.Unauthenticated, http: 401 },
  permission_denied: { grpc: Code.PermissionDenied, http: 403 },
  resource_exhausted: { grpc: Code.ResourceExhausted, http: 429 },
  unimplemented: { grpc: Code.Unimplemented, http: 501 },
  unavailable: { grpc: Code.Unavailable, http: 503 },
  deadline_exceeded: { grpc: Code.DeadlineExceeded, http: 504 },
  internal: { grpc: Code.Internal, http: 500 },
};

const HTTP_BY_GRPC = new Map<Code, number>(Object.values(ERROR_CODES).map((c) => [c.grpc, c.http]));

export function httpStatusForGrpc(code: Code): number {
  return HTTP_BY_GRPC.get(code) ?? (code === Code.Canceled ? 499 : code === Code.Aborted ? 409 : code === Code.OutOfRange ? 400 : 500);
}

/** grpc-gateway style code names (`NOT_FOUND`), used in REST error bodies. */
export function grpcCodeName(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
