import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clearLoginState, loadLoginState, pickOrganization, proveEmail, realmOfRequest, startEmailLogin, type EmailProof } from '../../modules/hosted-login/index.js';
import { resendPasswordless } from '../../modules/passwordless/index.js';
import { redirect303 } from '../respond.js';
import { magicLinkBody, ssoNotSetUpBody } from '../views/login-pages.js';
import { loginErrorMessage } from '../views/login-messages.js';
import { LOGIN_PATH, loginPageUrl, magicLinkUri, socialStartPath } from '../views/login-paths.js';
import { ExpiredLogin, loginContext, sendExpired, sendLoginPage, type HostedLoginDeps, type LoginContext } from './login-context.js';
import { abortLogin, finishLogin } from './login-finish.js';
import { continueAfterProof, passwordlessDeps, showCheckEmail, showEmailStep, showPick, socialButtons, statusOf } from './login-steps.js';
import { pageHandler } from './page-handler.js';

export type { HostedLoginDeps } from './login-context.js';

type Step = (deps: HostedLoginDeps, req: FastifyRequest, reply: FastifyReply, ctx: LoginContext) => Promise<FastifyReply>;
const form = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;

/** The page: whatever step the interaction is at (pick, check email, SSO, or the email form). */
const showLogin: Step = async (deps, _req, reply, ctx) => {
  const envId = ctx.interaction.environmentId;
  const state = await loadLoginState(deps.db, envId, ctx.form.uid);
  if (state?.userId) return showPick(deps, reply, ctx);
  if (state?.authRequestId) return showCheckEmail(deps, reply, ctx);
  const realm = await realmOfRequest(deps.db, envId, ctx.interaction.params);
  if (realm?.kind === 'sso') return sendLoginPage(reply, ctx, 200, 'Single sign-on is not set up yet', ssoNotSetUpBody({ ...ctx.form, organizationName: realm.organizationName }));
  const provider = ctx.interaction.params.provider;
  if (provider) {
    // `provider` (getAuthorizationUrl's option) goes straight to that social provider, when the environment offers it.
    const offered = await socialButtons(deps, envId);
    if (offered.some((p) => p.key === provider)) return redirect303(reply, socialStartPath(provider, ctx.form.uid));
    return showEmailStep(deps, reply, ctx, { error: `The sign-in method this app asked for (${provider.slice(0, 40)}) is not available here. Sign in with your email instead.` });
  }
  return showEmailStep(deps, reply, ctx);
};

const submitEmail: Step = async (deps, req, reply, ctx) => {
  const envId = ctx.interaction.environmentId;
  const email = form(req).email;
  try {
    const step = await startEmailLogin(passwordlessDeps(deps), { envId, uid: ctx.form.uid, email, params: ctx.interaction.params, ip: req.ip, magicLinkUri: magicLinkUri(deps.publicUrl, ctx.form.uid) });
    if (step.kind === 'sso') {
      deps.log.info({ event: 'hosted_login.home_realm', environmentId: envId, reason: step.realm.reason, organizationId: step.realm.organizationId }, 'home realm discovery chose SSO');
      return sendLoginPage(reply, ctx, 200, 'Single sign-on is not set up yet', ssoNotSetUpBody({ ...ctx.form, organizationName: step.realm.organizationName, email: String(email).trim() }));
    }
    return showCheckEmail(deps, reply, ctx);
  } catch (err) {
    const error = loginErrorMessage(err);
    if (!error) throw err;
    return showEmailStep(deps, reply, ctx, { email: typeof email === 'string' ? email : '', error, status: statusOf(err) });
  }
};

const proveWith = (proofOf: (req: FastifyRequest) => EmailProof): Step => async (deps, req, reply, ctx) => {
  let proven;
  try {
    proven = await proveEmail(passwordlessDeps(deps), ctx.interaction.environmentId, ctx.form.uid, proofOf(req));
  } catch (err) {
    const error = loginErrorMessage(err);
    if (!error) throw err;
    return showCheckEmail(deps, reply, ctx, { error, status: statusOf(err) });
  }
  return continueAfterProof(deps, req, reply, ctx, proven);
};

const resend: Step = async (deps, req, reply, ctx) => {
  const state = await loadLoginState(deps.db, ctx.interaction.environmentId, ctx.form.uid);
  if (!state?.authRequestId) return showEmailStep(deps, reply, ctx);
  try {
    await resendPasswordless(passwordlessDeps(deps), ctx.interaction.environmentId, state.authRequestId, { ip: req.ip });
  } catch (err) {
    const error = loginErrorMessage(err);
    if (!error) throw err;
    return showCheckEmail(deps, reply, ctx, { error, status: statusOf(err) });
  }
  return showCheckEmail(deps, reply, ctx, { notice: 'We sent a new email. Earlier codes and links no longer work.' });
};

const restart: Step = async (deps, _req, reply, ctx) => {
  await clearLoginState(deps.db, ctx.form.uid);
  return redirect303(reply, loginPageUrl(ctx.form.uid));
};

const pick: Step = async (deps, req, reply, ctx) => {
  let outcome;
  try {
    outcome = await pickOrganization(deps.db, ctx.interaction.environmentId, ctx.form.uid, form(req).organization_id);
  } catch (err) {
    const error = loginErrorMessage(err);
    if (!error) throw err;
    return showPick(deps, reply, ctx, { error, status: statusOf(err) });
  }
  return finishLogin(deps, req, reply, ctx.form.uid, ctx.interaction.environmentId, outcome);
};

const cancel: Step = async (deps, req, reply, ctx) => {
  await clearLoginState(deps.db, ctx.form.uid);
  return abortLogin(deps, req, reply, ctx.form.uid, 'access_denied', 'The person cancelled the sign-in');
};

/** The magic link lands here: a button only, since mail scanners open links (the POST verifies). */
const showMagicLink: Step = async (_deps, req, reply, ctx) => {
  const token = (req.query as { link_token?: unknown }).link_token;
  return sendLoginPage(reply, ctx, 200, 'Finish signing in', magicLinkBody({ ...ctx.form, linkToken: typeof token === 'string' ? token.slice(0, 200) : '' }));
};

/**
 * The hosted login page `/ui/login?interaction=<uid>` and its form actions (all POSTs CSRF-checked).
 * The browser only ever leaves it back into the authorization flow (finish / abort) or to a social
 * provider's start route.
 */
export function registerHostedLoginRoutes(app: FastifyInstance, deps: HostedLoginDeps): void {
  const route = (post: boolean, step: Step) =>
    pageHandler(deps, async (req, reply) => {
      try {
        return await step(deps, req, reply, await loginContext(deps, req, reply, { post }));
      } catch (err) {
        if (err instanceof ExpiredLogin) return sendExpired(reply);
        throw err;
      }
    });
  const post = (path: string, step: Step) => app.post(`${LOGIN_PATH}/${path}`, { bodyLimit: 8 * 1024 }, route(true, step));
  app.get(LOGIN_PATH, route(false, showLogin));
  app.get(`${LOGIN_PATH}/link`, route(false, showMagicLink));
  post('email', submitEmail);
  post('code', proveWith((req) => ({ code: form(req).code })));
  post('link', proveWith((req) => ({ linkToken: form(req).link_token })));
  post('resend', resend);
  post('restart', restart);
  post('organization', pick);
  post('cancel', cancel);
}
