import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import { TOKEN_PATH } from '../../modules/app-signin/app-signin-paths.js';
import { clientCredentialsGrant } from './client-credentials-grant.js';

/** The grants app sign-in's authorization server answers (authorization_code, refresh_token), and its handler. */
export interface ProviderGrants {
  handles(grantType: unknown): boolean;
  /** Answers on the raw response; `body` is the parsed form, `arrivedAt` the epoch ms the request arrived. */
  handle(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, arrivedAt: number): Promise<void>;
}

/**
 * POST /oauth/token for bodies the raw token route (token-route.ts) leaves to Fastify (JSON, a
 * trailing slash), dispatched by grant_type alike: client credentials here, the sign-in grants to app sign-in.
 */
export function registerOAuthToken(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; providerGrants?: ProviderGrants }): void {
  app.post(TOKEN_PATH, async (req, reply) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    if (deps.providerGrants?.handles(body.grant_type)) {
      const arrivedAt = Date.now() - reply.elapsedTime;
      reply.hijack();
      await deps.providerGrants.handle(req.raw, reply.raw, body, arrivedAt);
      return reply;
    }
    const answer = await clientCredentialsGrant({ ...deps, withSignInGrants: !!deps.providerGrants }, req.headers.authorization, body);
    return reply.status(answer.status).headers(answer.headers).send(answer.body);
  });
}
