import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens, Principal } from '../../modules/tokens/access-tokens.js';
import { clientBySecret, looksLikeClientSecret } from '../../modules/clients/client-by-secret.js';
import { DomainError } from '../../modules/errors/domain-error.js';
import { checkInputLimits } from '../../modules/validation/input-limits.js';
import { checkNulFree } from '../../modules/validation/nul-free.js';
import { toHttpError } from '../../transport/errors/to-http-error.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { FailureLimiter } from './failure-limiter.js';

type Handler = (req: FastifyRequest, principal: Principal) => Promise<{ status?: number; body: unknown }>;

export interface SecretOrTokenDeps {
  db: Kysely<Tables>;
  tokens: AccessTokens;
  report: ErrorReporter;
  /** Failed raw-secret attempts per address (10 a minute by default). */
  failures?: FailureLimiter;
}

/**
 * A plain REST route that takes `Authorization: Bearer <access token>` like every other, or the
 * seed's `Bearer <client secret>`. A bearer value in the shape of a client secret (`lk_sec_` + 43
 * base64url characters, never a JWT's) is looked up by its hash and compared in constant time;
 * an address whose secrets keep failing is refused for a while (429), so secrets cannot be guessed
 * here faster than at /oauth/token.
 */
export function secretOrTokenRoute(deps: SecretOrTokenDeps, handler: Handler) {
  const failures = deps.failures ?? new FailureLimiter();
  const principalOf = async (req: FastifyRequest): Promise<Principal> => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
    if (!bearer || !looksLikeClientSecret(bearer[1])) return deps.tokens.verifyHeader(req.headers.authorization);
    const wait = failures.retryAfterSeconds(req.ip);
    if (wait) throw new DomainError('resource_exhausted', `too many failed client secret authentications from this address; retry in ${wait} s`, { reason: 'CLIENT_SECRET_RATE_LIMITED' });
    const client = await clientBySecret(deps.db, bearer[1]);
    if (!client) {
      failures.fail(req.ip);
      throw new DomainError('unauthenticated', 'the client secret is not valid: send an API client secret or an access token from POST /oauth/token', { reason: 'CLIENT_SECRET_INVALID' });
    }
    return { clientId: client.clientId, environmentId: client.environmentId, expiresAt: Date.now() };
  };
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const principal = await principalOf(req);
      checkInputLimits(req.params);
      checkInputLimits(req.query);
      checkNulFree(req.body);
      const { status, body } = await handler(req, principal);
      return reply.status(status ?? 200).send(body);
    } catch (err) {
      const { status, body } = toHttpError(err, deps.report);
      return reply.status(status).send(body);
    }
  };
}
