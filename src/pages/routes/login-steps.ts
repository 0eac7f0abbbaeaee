import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadLoginState, pendingProof, pickOptions, signInPerson } from '../../modules/hosted-login/index.js';
import type { PasswordlessDeps } from '../../modules/passwordless/index.js';
import { listSocialProviders } from '../../modules/social-login/index.js';
import { checkEmailBody, emailBody, pickOrganizationBody, refusedBody } from '../views/login-pages.js';
import { loginErrorMessage } from '../views/login-messages.js';
import { sendLoginPage, type HostedLoginDeps, type LoginContext } from './login-context.js';
import { finishLogin } from './login-finish.js';

/** The pages every step can end on, shared by the GET and the form POSTs. */
export const passwordlessDeps = (deps: HostedLoginDeps): PasswordlessDeps => ({ db: deps.db, mailer: deps.mailer, limits: deps.passwordlessLimits, now: deps.now });

const STATUS: Record<string, number> = { resource_exhausted: 429, permission_denied: 403, failed_precondition: 409 };
export const statusOf = (err: unknown): number => STATUS[(err as { code?: string }).code ?? ''] ?? 400;

export const socialButtons = (deps: HostedLoginDeps, envId: string) => (deps.listSocialButtons ?? listSocialProviders)(deps.db, envId);

export async function showEmailStep(deps: HostedLoginDeps, reply: FastifyReply, ctx: LoginContext, extra: { email?: string; error?: string; status?: number } = {}) {
  const social = await socialButtons(deps, ctx.interaction.environmentId);
  const email = extra.email ?? ctx.interaction.params.loginHint ?? '';
  return sendLoginPage(reply, ctx, extra.status ?? 200, 'Sign in', emailBody({ ...ctx.form, email, error: extra.error, social }));
}

/** "Check your email" for the interaction's pending request; the email step again when there is none. */
export async function showCheckEmail(deps: HostedLoginDeps, reply: FastifyReply, ctx: LoginContext, extra: { error?: string; notice?: string; status?: number } = {}) {
  const state = await loadLoginState(deps.db, ctx.interaction.environmentId, ctx.form.uid);
  const proof = state?.authRequestId ? await pendingProof(deps.db, ctx.interaction.environmentId, state.authRequestId) : undefined;
  if (!state || !proof) return showEmailStep(deps, reply, ctx, { error: extra.error, status: extra.status });
  return sendLoginPage(reply, ctx, extra.status ?? 200, 'Check your email', checkEmailBody({ ...ctx.form, email: state.email, type: proof.type, expiresIn: proof.expiresIn, ...extra }));
}

export async function showPick(deps: HostedLoginDeps, reply: FastifyReply, ctx: LoginContext, extra: { error?: string; status?: number } = {}) {
  const options = (await pickOptions(deps.db, ctx.interaction.environmentId, ctx.form.uid)) ?? [];
  return sendLoginPage(reply, ctx, extra.status ?? 200, 'Choose an organization', pickOrganizationBody({ ...ctx.form, options, ...extra }));
}

/**
 * After the inbox is proven: the person (found or created, invitations accepted) and their
 * organization → back to the authorization server, or the pick page, or a refusal they can read.
 */
export async function continueAfterProof(deps: HostedLoginDeps, req: FastifyRequest, reply: FastifyReply, ctx: LoginContext, proven: { email: string; amr: string[] }) {
  const envId = ctx.interaction.environmentId;
  let step;
  try {
    step = await signInPerson(deps.db, envId, ctx.form.uid, proven, ctx.interaction.params.organizationId);
  } catch (err) {
    const message = loginErrorMessage(err);
    if (!message) throw err;
    return sendLoginPage(reply, ctx, statusOf(err), 'You cannot sign in here', refusedBody({ ...ctx.form, message }));
  }
  if (step.kind === 'pick') return showPick(deps, reply, ctx);
  return finishLogin(deps, req, reply, ctx.form.uid, envId, step.outcome);
}
