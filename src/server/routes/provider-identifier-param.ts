import type { FastifyRequest } from 'fastify';
import { notFound } from '../../modules/errors/domain-error.js';

/** Built-in keys and custom identifiers alike are `[a-z0-9_]`, at most 64. */
const PROVIDER_IDENTIFIER = /^[a-z0-9_]{1,64}$/;

/**
 * The `:identifier` of a provider route. One no provider can have is not found without a query:
 * PostgreSQL answers a NUL byte in a parameter with an error, which must not become a 500.
 */
export function providerIdentifierParam(req: FastifyRequest): string {
  const { identifier } = req.params as { identifier: string };
  if (!PROVIDER_IDENTIFIER.test(identifier)) throw notFound('provider', identifier.replace(/[^\x20-\x7e]/g, '?').slice(0, 80), 'PROVIDER_NOT_FOUND');
  return identifier;
}
