import type { FastifyReply } from 'fastify';
import type { SafeHtml } from './html.js';
import { layout } from './layout.js';

export interface PageOptions {
  /** Extra `form-action` sources, for a form whose POST answers with a redirect elsewhere (CSP applies to the redirect). */
  formActions?: string[];
}

/**
 * Headers of every hosted page and redirect: a strict CSP (no script at all, styles only from our
 * stylesheet, forms only to ourselves), no framing (CSP frame-ancestors and X-Frame-Options),
 * no Referer (link tokens are in our URLs), no caching, no MIME sniffing.
 */
export function securityHeaders(reply: FastifyReply, opts: PageOptions = {}): FastifyReply {
  const formAction = ["'self'", ...(opts.formActions ?? [])].join(' ');
  return reply
    .header('content-security-policy', `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-store');
}

export function sendPage(reply: FastifyReply, status: number, title: string, body: SafeHtml, opts: PageOptions = {}): FastifyReply {
  return securityHeaders(reply, opts).status(status).type('text/html; charset=utf-8').send(layout(title, body));
}

/**
 * 303 See Other: the browser follows with a GET (RFC 9110 §15.4.4), also after a form POST. No body:
 * the Location may carry a `state` or `auth_request_id` that has no business in page content.
 */
export function redirect303(reply: FastifyReply, location: string): FastifyReply {
  return securityHeaders(reply).status(303).header('location', location).send();
}
