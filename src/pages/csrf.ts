import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken } from '../storage/ids.js';
import { parseCookies, serializeCookie } from './cookies.js';

const COOKIE = 'latchkey_csrf';
const SECRET_RE = /^[A-Za-z0-9_-]{43}$/;

const tokenFor = (secret: string, bindTo: string) => createHmac('sha256', secret).update(`latchkey-form:${bindTo}`).digest('base64url');

/**
 * CSRF protection for every form POST: double-submit with a binding. The browser holds a random
 * secret in an HttpOnly, SameSite=Strict cookie; each form carries HMAC(secret, what it is for —
 * the link or login-link id). A cross-site page can neither read the cookie nor make the browser
 * send it with its POST; and a token for one link does not work for another.
 */
export function issueCsrfToken(req: FastifyRequest, reply: FastifyReply, bindTo: string, secure: boolean, cookiePath = '/connect'): string {
  let secret = parseCookies(req.headers.cookie)[COOKIE];
  if (!secret || !SECRET_RE.test(secret)) secret = randomToken(32);
  // The pages under another prefix (the app sign-in page, /ui/login) get the cookie on their own path.
  reply.header('set-cookie', serializeCookie(COOKIE, secret, { path: cookiePath, maxAgeSeconds: 3600, sameSite: 'Strict', secure }));
  return tokenFor(secret, bindTo);
}

/** Constant-time comparison of the submitted token with the one this browser's cookie yields. */
export function csrfTokenValid(req: FastifyRequest, bindTo: string, submitted: unknown): boolean {
  const secret = parseCookies(req.headers.cookie)[COOKIE];
  if (!secret || !SECRET_RE.test(secret) || typeof submitted !== 'string') return false;
  const expected = Buffer.from(tokenFor(secret, bindTo));
  const got = Buffer.from(submitted);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
