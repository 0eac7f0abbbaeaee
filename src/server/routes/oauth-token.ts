import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { authenticateApiClient } from '../../modules/clients/api-clients.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import { clientCredentialsOf } from './client-credentials.js';

/** The grants app sign-in's authorization server answers (authorization_code, refresh_token), and its handler. */
export interface ProviderGrants {
  handles(grantType: unknown): boolean;
  handle(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
}

/**
 * POST /oauth/token, dispatched by grant_type: RFC 6749 §4.4 client credentials here (errors per
 * §5.2: `error`, `error_description`); authorization_code and refresh_token go to app sign-in.
 */
export function registerOAuthToken(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; providerGrants?: ProviderGrants }): void {
  app.post('/oauth/token', async (req, reply) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    if (deps.providerGrants?.handles(body.grant_type)) return deps.providerGrants.handle(req, reply);
    reply.header('cache-control', 'no-store');
    const fail = (status: number, error: string, description: string) => reply.status(status).send({ error, error_description: description });
    if (body.grant_type !== 'client_credentials') {
      const supported = deps.providerGrants ? 'client_credentials, authorization_code or refresh_token' : 'client_credentials';
      return fail(400, body.grant_type ? 'unsupported_grant_type' : 'invalid_request', body.grant_type ? `grant_type '${String(body.grant_type).slice(0, 40)}' is not supported; use ${supported}` : 'grant_type is required (client_credentials)');
    }
    const credentials = clientCredentialsOf(req.headers.authorization, body);
    if ('error' in credentials) return fail(400, 'invalid_request', credentials.error);
    const client = await authenticateApiClient(deps.db, credentials.id, credentials.secret);
    if (!client) {
      if (credentials.method === 'basic') reply.header('www-authenticate', 'Basic realm="latchkey"');
      return fail(401, 'invalid_client', 'client authentication failed: unknown client_id or wrong client_secret');
    }
    const issued = await deps.tokens.issue(client.clientId, client.environmentId);
    return reply.send({ access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn });
  });
}
