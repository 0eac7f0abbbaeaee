import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Vault } from '../../modules/vault/vault.js';
import type { OutboundFetcher } from '../../modules/egress/outbound-fetch.js';
import type { ChangeFeed } from '../../modules/changes/change-feed.js';
import type { Logger } from '../../logging/logger.js';
import { DomainError } from '../../modules/errors/domain-error.js';
import { checkNulFree } from '../../modules/validation/nul-free.js';
import { FlowError } from '../../modules/authorization/flow-error.js';
import { parseCookies } from '../cookies.js';
import { sendPage } from '../respond.js';
import { errorBody } from '../views/result-pages.js';

export interface PagesDeps {
  db: Kysely<Tables>;
  vault: Vault;
  publicUrl: string;
  /** Outbound fetch for the OAuth token and userinfo calls, bound per environment to its allow-list. */
  outbound: OutboundFetcher;
  log: Logger;
  /** Logs an unexpected error and returns the reference shown to the person. */
  report: (err: unknown) => string;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
  /** Told when a flow changes an account's credentials (drops this process's cached ones). */
  changes?: ChangeFeed;
}

export const ADMIN_SESSION_COOKIE = 'latchkey_admin_session';
export const adminSessionCookie = (req: FastifyRequest): string | undefined => parseCookies(req.headers.cookie)[ADMIN_SESSION_COOKIE];

export const CSRF_FAILED = () =>
  new FlowError(
    'invalid_csrf_token',
    'This form could not be accepted',
    'For your security, forms expire and only work in the browser that opened them. Go back, reload the page and submit it again (cookies must be enabled).',
    403,
  );

const DOMAIN_STATUS: Record<string, number> = { not_found: 404, failed_precondition: 409, invalid_argument: 400, permission_denied: 403 };

/** Every failure becomes a page: flow errors as written, domain errors with their message, the rest as 500 with a reference. */
export function sendError(deps: Pick<PagesDeps, 'log' | 'report'>, reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof FlowError) {
    deps.log.info({ event: 'authorization.page_error', error: err.error, status: err.status }, err.title);
    return sendPage(reply, err.status, err.title, errorBody(err.detail, undefined, err.command));
  }
  if (err instanceof DomainError) {
    deps.log.info({ event: 'authorization.page_error', error: err.reason }, err.message);
    return sendPage(reply, DOMAIN_STATUS[err.code] ?? 400, 'This request cannot be completed', errorBody(`${err.message}.`));
  }
  const ref = deps.report(err);
  return sendPage(
    reply,
    500,
    'Something went wrong',
    errorBody("Latchkey hit an unexpected error, so nothing was connected. Try again with a new link; if it keeps happening, give the reference below to the app's administrator.", ref),
  );
}

export function pageHandler(deps: Pick<PagesDeps, 'log' | 'report'>, fn: (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      // Link tokens, callback parameters and form fields all reach queries; PostgreSQL refuses NUL.
      checkNulFree(req.params);
      checkNulFree(req.query);
      checkNulFree(req.body);
      return await fn(req, reply);
    } catch (err) {
      return sendError(deps, reply, err);
    }
  };
}
