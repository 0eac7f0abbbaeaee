import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { addRedirectUri, checkKind, listRedirectUris, removeRedirectUri } from '../../modules/clients/redirect-uris.js';
import { authenticatedRoute } from './authenticated-route.js';

const PATH = '/api/v1/clients/:client_id/redirect-uris';

const bodyOf = (body: unknown): { uri: unknown; kind: unknown } => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidArgument('body', 'must be a JSON object such as {"uri":"https://app.example.com/callback","kind":"redirect"}');
  for (const k of Object.keys(body)) if (k !== 'uri' && k !== 'kind') throw invalidArgument(k, 'is not a recognised field (send "uri" and optionally "kind")');
  return body as { uri: unknown; kind: unknown };
};

const view = (u: { redirectUris: string[]; postLogoutRedirectUris: string[] }) => ({ redirect_uris: u.redirectUris, post_logout_redirect_uris: u.postLogoutRedirectUris });

/**
 * Where an API client of the caller's environment may send the browser after sign-in
 * (`kind: redirect`, the default) and after logout (`kind: post_logout`); matched exactly:
 *   GET    /api/v1/clients/{client_id}/redirect-uris → {"redirect_uris": [...], "post_logout_redirect_uris": [...]}
 *   POST   /api/v1/clients/{client_id}/redirect-uris   {"uri": "...", "kind": "redirect"} → the lists
 *   DELETE /api/v1/clients/{client_id}/redirect-uris   {"uri": "...", "kind": "redirect"} → the lists
 */
export function registerClientRedirectUriRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter }): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  const clientOf = (req: { params: unknown }) => String((req.params as { client_id: string }).client_id);

  app.get(PATH, route(async (req, p) => ({ body: view(await listRedirectUris(deps.db, p.environmentId, clientOf(req))) })));

  app.post(PATH, route(async (req, p) => {
    const b = bodyOf(req.body);
    return { status: 201, body: view(await addRedirectUri(deps.db, p.environmentId, clientOf(req), checkKind(b.kind), b.uri as string)) };
  }));

  app.delete(PATH, route(async (req, p) => {
    const b = bodyOf(req.body);
    if (typeof b.uri !== 'string' || !b.uri) throw invalidArgument('uri', 'is required: the registered URI to remove');
    return { body: view(await removeRedirectUri(deps.db, p.environmentId, clientOf(req), checkKind(b.kind), b.uri)) };
  }));
}
