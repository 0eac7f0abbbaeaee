import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInOutcome } from '../../modules/sign-in/sign-in-outcome.js';
import type { HostedLoginDeps } from './login-context.js';

/**
 * Hands the browser back to the authorization server: it answers the raw response itself (a
 * redirect into the authorization flow), so Fastify lets go of the reply first. Social login's
 * callback hands over the same way.
 */
export async function handOver(deps: Pick<HostedLoginDeps, 'report'>, reply: FastifyReply, run: () => Promise<void>): Promise<FastifyReply> {
  reply.hijack();
  try {
    await run();
  } catch (err) {
    const ref = deps.report(err);
    if (!reply.raw.headersSent) {
      reply.raw.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      reply.raw.end(`Sign-in could not be completed. Reference: ${ref}\n`);
    }
  }
  return reply;
}

export function finishLogin(deps: HostedLoginDeps, req: FastifyRequest, reply: FastifyReply, uid: string, envId: string, outcome: SignInOutcome): Promise<FastifyReply> {
  deps.log.info({ event: 'hosted_login.signed_in', environmentId: envId, userId: outcome.userId, organizationId: outcome.organizationId, amr: outcome.amr }, 'signed in on the hosted login page');
  return handOver(deps, reply, () => deps.interactions.finish(uid, req.raw, reply.raw, outcome));
}

export function abortLogin(deps: HostedLoginDeps, req: FastifyRequest, reply: FastifyReply, uid: string, error: string, description: string): Promise<FastifyReply> {
  deps.log.info({ event: 'hosted_login.aborted', error }, 'hosted login ended without a sign-in');
  return handOver(deps, reply, () => deps.interactions.abort(uid, req.raw, reply.raw, error, description));
}
