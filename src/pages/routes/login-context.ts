import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Logger } from '../../logging/logger.js';
import type { Mailer } from '../../modules/email/mailer.js';
import type { PasswordlessLimits } from '../../modules/passwordless/index.js';
import type { ListSocialButtons } from '../../modules/hosted-login/index.js';
import type { SignInInteraction, SignInInteractions } from '../../modules/sign-in/sign-in-outcome.js';
import type { SafeHtml } from '../html.js';
import { csrfTokenValid, issueCsrfToken } from '../csrf.js';
import { sendPage } from '../respond.js';
import { expiredBody, type LoginForm } from '../views/login-pages.js';
import { LOGIN_PATH } from '../views/login-paths.js';
import { CSRF_FAILED } from './page-handler.js';

export interface HostedLoginDeps {
  db: Kysely<Tables>;
  mailer: Mailer;
  publicUrl: string;
  log: Logger;
  report: (err: unknown) => string;
  /** The authorization server's side of the interaction (src/modules/app-signin/). */
  interactions: SignInInteractions;
  /** The social buttons row; social login's enabled providers (listSocialProviders) when not given. */
  listSocialButtons?: ListSocialButtons;
  /** Passwordless limits and clock (tests tighten them). */
  passwordlessLimits?: PasswordlessLimits;
  now?: () => number;
}

/** One request's login: the interaction it continues and its form's CSRF binding. */
export interface LoginContext {
  interaction: SignInInteraction;
  form: LoginForm;
}

/** An interaction id's shape (the hosted page and social login's start route). */
export const INTERACTION_UID = /^[A-Za-z0-9_-]{1,128}$/;
const csrfBinding = (uid: string) => `hosted-login:${uid}`;

export class ExpiredLogin extends Error {}

/** The `interaction` query parameter, checked before it reaches the authorization server. */
export function uidOf(req: FastifyRequest): string {
  const uid = (req.query as { interaction?: unknown }).interaction;
  if (typeof uid !== 'string' || !INTERACTION_UID.test(uid)) throw new ExpiredLogin();
  return uid;
}

/**
 * Loads the interaction (only the browser holding its cookie gets it) and, for a POST, checks the
 * form's CSRF token first. A fresh CSRF token goes into every page this request renders.
 */
export async function loginContext(deps: HostedLoginDeps, req: FastifyRequest, reply: FastifyReply, opts: { post: boolean }): Promise<LoginContext> {
  const uid = uidOf(req);
  if (opts.post && !csrfTokenValid(req, csrfBinding(uid), (req.body as Record<string, unknown> | undefined)?.csrf_token)) throw CSRF_FAILED();
  const interaction = await deps.interactions.details(uid, req.raw, reply.raw);
  if (!interaction) throw new ExpiredLogin();
  const csrfToken = issueCsrfToken(req, reply, csrfBinding(uid), deps.publicUrl.startsWith('https:'), LOGIN_PATH);
  return { interaction, form: { uid, csrfToken } };
}

/**
 * A login page. Its forms may end in a redirect to the app (the authorization server's answer),
 * and CSP form-action covers redirects, so the app's redirect origin is allowed as a form target.
 */
export function sendLoginPage(reply: FastifyReply, ctx: LoginContext | undefined, status: number, title: string, body: SafeHtml): FastifyReply {
  const redirect = ctx?.interaction.redirectUri;
  let formActions: string[] = [];
  try {
    const origin = redirect ? new URL(redirect).origin : 'null';
    if (origin !== 'null') formActions = [origin];
  } catch {
    // A redirect URI that is no URL cannot be redirected to either; keep 'self' only.
  }
  return sendPage(reply, status, title, body, { formActions });
}

export const sendExpired = (reply: FastifyReply) => sendLoginPage(reply, undefined, 410, 'This sign-in has expired', expiredBody());
