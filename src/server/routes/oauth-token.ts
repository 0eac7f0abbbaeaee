import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { TOKEN_PATH } from '../../modules/app-signin/app-signin-paths.js';
import type { TokenRoute } from './token-route.js';

/** The grants app sign-in's authorization server answers (authorization_code, refresh_token), and its handler. */
export interface ProviderGrants {
  handles(grantType: unknown): boolean;
  /** Answers on the raw response; `body` is the parsed form, `arrivedAt` the epoch ms the request arrived. */
  handle(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, arrivedAt: number): Promise<void>;
}

/**
 * POST /oauth/token for the bodies the raw token route (token-route.ts) leaves to Fastify (JSON, a
 * trailing slash): Fastify parses them, the token route answers.
 */
export function registerOAuthToken(app: FastifyInstance, tokenRoute: Pick<TokenRoute, 'answerParsed'>): void {
  app.post(TOKEN_PATH, async (req, reply) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const arrivedAt = Date.now() - reply.elapsedTime;
    reply.hijack();
    await tokenRoute.answerParsed(req.raw, reply.raw, body, arrivedAt);
    return reply;
  });
}
