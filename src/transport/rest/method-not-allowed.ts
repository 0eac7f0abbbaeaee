import type { FastifyReply } from 'fastify';
import { DomainError } from '../../modules/errors/domain-error.js';
import { toHttpError } from '../errors/to-http-error.js';
import type { ErrorReporter } from '../errors/to-connect-error.js';

/**
 * 405 for a known path asked with a method it does not serve, on every REST route: an `Allow`
 * header listing the methods it does serve, body code `UNIMPLEMENTED` (what grpc-gateway answers
 * for a method mismatch; no gRPC code means "wrong method") and ErrorInfo `METHOD_NOT_ALLOWED`,
 * which tells it apart from an RPC that is not implemented (501, `UNIMPLEMENTED` too).
 */
export function sendMethodNotAllowed(reply: FastifyReply, req: { method: string; path: string }, allowed: string[], report: ErrorReporter): FastifyReply {
  const err = new DomainError('unimplemented', `${req.method} is not allowed on ${req.path}; it answers ${allowed.join(', ')}`, { reason: 'METHOD_NOT_ALLOWED' });
  return reply.status(405).header('allow', allowed.join(', ')).send(toHttpError(err, report).body);
}
