import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokens, Principal } from '../../modules/tokens/access-tokens.js';
import { toHttpError } from '../../transport/errors/to-http-error.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { checkInputLimits } from '../../modules/validation/input-limits.js';
import { checkNulFree } from '../../modules/validation/nul-free.js';

type Handler = (req: FastifyRequest, principal: Principal) => Promise<{ status?: number; body: unknown }>;

/**
 * A plain REST route (one the SDK protos do not define) with the same bearer-token auth and
 * error shape as the transcoded RPCs.
 */
export function authenticatedRoute(tokens: AccessTokens, report: ErrorReporter, handler: Handler) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const principal = await tokens.verifyHeader(req.headers.authorization);
      // Path parameters and query strings are free text too; JSON bodies are bounded by each
      // route's own schema, but no string in them may carry NUL (PostgreSQL refuses it).
      checkInputLimits(req.params);
      checkInputLimits(req.query);
      checkNulFree(req.body);
      const { status, body } = await handler(req, principal);
      return reply.status(status ?? 200).send(body);
    } catch (err) {
      const { status, body } = toHttpError(err, report);
      return reply.status(status).send(body);
    }
  };
}
