import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokens, Principal } from '../../modules/tokens/access-tokens.js';
import { toHttpError } from '../../transport/errors/to-http-error.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';

type Handler = (req: FastifyRequest, principal: Principal) => Promise<{ status?: number; body: unknown }>;

/**
 * A plain REST route (one the SDK protos do not define) with the same bearer-token auth and
 * error shape as the transcoded RPCs.
 */
export function authenticatedRoute(tokens: AccessTokens, report: ErrorReporter, handler: Handler) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const principal = await tokens.verifyHeader(req.headers.authorization);
      const { status, body } = await handler(req, principal);
      return reply.status(status ?? 200).send(body);
    } catch (err) {
      const { status, body } = toHttpError(err, report);
      return reply.status(status).send(body);
    }
  };
}
