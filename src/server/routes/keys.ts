import type { FastifyInstance } from 'fastify';
import type { SigningKeys } from '../../modules/tokens/signing-keys.js';

export function registerKeys(app: FastifyInstance, keys: SigningKeys): void {
  app.get('/keys', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return keys.publicJwks();
  });
}
