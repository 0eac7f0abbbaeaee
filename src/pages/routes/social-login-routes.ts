import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../logging/logger.js';
import type { SignInInteractions } from '../../modules/sign-in/sign-in-outcome.js';
import { DomainError } from '../../modules/errors/domain-error.js';
import { checkNulFree } from '../../modules/validation/nul-free.js';
import {
  completeSocialLogin, signInSocialPerson, SOCIAL_CALLBACK_PATH, startSocialLogin, STATE_TTL_SECONDS, type SocialLoginDeps, type SocialSignIn, type SocialSignInStep,
} from '../../modules/social-login/index.js';
import { parseCookies, serializeCookie } from '../cookies.js';
import { redirect303 } from '../respond.js';
import { loginPageUrl } from '../views/login-paths.js';
import { INTERACTION_UID } from './login-context.js';
import { handOver } from './login-finish.js';
import { EXPIRED, sendNotVerified, sendSocialProblem, sendSsoNotSetUp } from './social-login-pages.js';

export interface SocialLoginRouteDeps extends SocialLoginDeps {
  log: Logger;
  report: (err: unknown) => string;
  /** The authorization server's side of the login interaction (src/modules/app-signin/). */
  interactions: SignInInteractions;
}

/** Binds a social sign-in's `state` to the browser that started it (login CSRF, RFC 6749 §10.12). */
const BROWSER_COOKIE = 'latchkey_social_browser';
const COOKIE_PATH = '/ui/login/social';

const browserOf = (req: FastifyRequest) => parseCookies(req.headers.cookie)[BROWSER_COOKIE];

/** Hands the browser back to the authorization server, which answers the raw response itself. */
function finish(deps: SocialLoginRouteDeps, req: FastifyRequest, reply: FastifyReply, signIn: SocialSignIn, step: Extract<SocialSignInStep, { kind: 'done' }>): Promise<FastifyReply> {
  const { outcome, user } = step;
  deps.log.info({ event: 'social_login.signed_in', environmentId: signIn.environmentId, provider: signIn.provider.provider_key, userId: user.userId, how: user.how, organizationId: outcome.organizationId }, 'signed in with a social provider');
  return handOver(deps, reply, () => deps.interactions.finish(signIn.interactionUid, req.raw, reply.raw, outcome));
}

/** After the provider: the interaction still open → sign the person in (HRD, linking, organization) → answer the step. */
async function afterProvider(deps: SocialLoginRouteDeps, req: FastifyRequest, reply: FastifyReply, signIn: SocialSignIn): Promise<FastifyReply> {
  const interaction = await deps.interactions.details(signIn.interactionUid, req.raw, reply.raw);
  if (!interaction || interaction.environmentId !== signIn.environmentId) throw EXPIRED();
  const name = signIn.provider.display_name;
  const uid = signIn.interactionUid;
  let step: SocialSignInStep;
  try {
    step = await signInSocialPerson(deps.db, signIn.environmentId, uid, signIn.identity, interaction.params, name);
  } catch (err) {
    if (!(err instanceof DomainError) || err.reason !== 'SOCIAL_EMAIL_NOT_VERIFIED') throw err;
    deps.log.info({ event: 'social_login.email_not_verified', environmentId: signIn.environmentId, provider: signIn.provider.provider_key }, 'social email not verified: nothing linked or created');
    return sendNotVerified(reply, name, uid);
  }
  const base = { environmentId: signIn.environmentId, provider: signIn.provider.provider_key };
  if (step.kind === 'sso') {
    deps.log.info({ event: 'social_login.home_realm', ...base, reason: step.realm.reason, organizationId: step.realm.organizationId }, 'home realm discovery after social login chose SSO');
    return sendSsoNotSetUp(reply, { email: step.email, organizationName: step.realm.organizationName, provider: name, uid });
  }
  if (step.kind === 'pick') {
    deps.log.info({ event: 'social_login.pick_organization', ...base, userId: step.user.userId }, 'social sign-in goes to the organization pick');
    return redirect303(reply, loginPageUrl(uid));
  }
  return finish(deps, req, reply, signIn, step);
}

/**
 * The social sign-in pages, under the login page's path (the authorization server's interaction
 * cookie covers /ui/login):
 *   GET /ui/login/social/<key>/start?interaction=<uid> → 303 to the provider
 *   GET /ui/login/social/callback?code&state           → account linking, then back into the authorization flow
 */
export function registerSocialLoginRoutes(app: FastifyInstance, deps: SocialLoginRouteDeps): void {
  const secure = deps.publicUrl.startsWith('https:');

  app.get('/ui/login/social/:key/start', async (req, reply) => {
    const uid = (req.query as { interaction?: unknown }).interaction;
    if (typeof uid !== 'string' || !INTERACTION_UID.test(uid)) return sendSocialProblem(deps, reply, EXPIRED(), undefined);
    try {
      const interaction = await deps.interactions.details(uid, req.raw, reply.raw);
      if (!interaction) throw EXPIRED();
      const { location, browser } = await startSocialLogin(deps, { interaction, providerKey: (req.params as { key: string }).key, browser: browserOf(req) });
      // Lax: the provider's redirect back is a cross-site top-level GET, which Lax cookies follow.
      reply.header('set-cookie', serializeCookie(BROWSER_COOKIE, browser, { path: COOKIE_PATH, maxAgeSeconds: STATE_TTL_SECONDS, sameSite: 'Lax', secure }));
      return redirect303(reply, location);
    } catch (err) {
      return sendSocialProblem(deps, reply, err, uid);
    }
  });

  app.get(SOCIAL_CALLBACK_PATH, async (req, reply) => {
    const query = Object.fromEntries(Object.entries(req.query as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    let uid: string | undefined;
    try {
      // PostgreSQL refuses NUL; a forged callback gets a page, not a 500.
      checkNulFree(query);
      const signIn = await completeSocialLogin(deps, query, browserOf(req), (u) => (uid = u));
      return await afterProvider(deps, req, reply, signIn);
    } catch (err) {
      return sendSocialProblem(deps, reply, err, uid);
    }
  });
}
