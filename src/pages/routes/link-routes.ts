import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { openLink, type LinkContext } from '../../modules/authorization/flows/open-link.js';
import { startAuthorization } from '../../modules/authorization/flows/start-authorization.js';
import { staticFormFields, submitStaticCredentials } from '../../modules/authorization/flows/submit-static-credentials.js';
import { accountFieldsToCollect, validateTemplatedFields } from '../../modules/authorization/steps/account-fields.js';
import { requestedScopes } from '../../modules/authorization/steps/requested-scopes.js';
import { hasProblems, type FieldCheck } from '../../modules/authorization/steps/validate-fields.js';
import { requireAdminSession } from '../../modules/authorization/admin-sessions.js';
import { resultUrl } from '../../modules/authorization/result-url.js';
import { resolveOAuthConfig } from '../../modules/providers/definition/provider-definition.js';
import { stripTemplates } from '../../modules/providers/definition/template.js';
import { csrfTokenValid, issueCsrfToken } from '../csrf.js';
import { redirect303, sendPage } from '../respond.js';
import { accountFieldsBody, staticCredentialsBody } from '../views/link-pages.js';
import { adminSessionCookie, CSRF_FAILED, pageHandler, type PagesDeps } from './page-handler.js';

/** CSP form-action for the account-fields form, whose POST answers with a redirect to the provider. */
function authorizeSource(ctx: LinkContext): string {
  const marker = 'latchkey-template';
  const u = new URL(stripTemplates(ctx.pattern.oauth_config!.authorize_uri, marker));
  return u.host.includes(marker) ? 'https:' : u.origin;
}

/** The authorization link page: `GET|POST /connect/l/:token`. */
export function registerLinkRoutes(app: FastifyInstance, deps: PagesDeps): void {
  const { db, vault, publicUrl } = deps;
  const tokenOf = (req: FastifyRequest) => (req.params as { token: string }).token;

  async function requireAdminIfNeeded(req: FastifyRequest, ctx: LinkContext): Promise<void> {
    if (ctx.mode === 'dashboard_users') await requireAdminSession(db, adminSessionCookie(req), ctx.link.environment_id, ctx.providerName);
  }

  function staticForm(req: FastifyRequest, reply: FastifyReply, ctx: LinkContext, status: number, values: Record<string, string>, check?: FieldCheck) {
    return sendPage(
      reply,
      status,
      `Connect ${ctx.providerName}`,
      staticCredentialsBody({
        providerName: ctx.providerName,
        patternName: ctx.pattern.display_name,
        patternDescription: ctx.pattern.description,
        fields: staticFormFields(ctx),
        csrfToken: issueCsrfToken(req, reply, ctx.link.id, deps.secureCookies),
        values,
        check,
      }),
    );
  }

  function accountFieldsForm(req: FastifyRequest, reply: FastifyReply, ctx: LinkContext, status: number, values: Record<string, string>, check?: FieldCheck) {
    const oauth = resolveOAuthConfig(ctx.pattern.oauth_config!);
    return sendPage(
      reply,
      status,
      `Connect ${ctx.providerName}`,
      accountFieldsBody({
        providerName: ctx.providerName,
        patternName: ctx.pattern.display_name,
        fields: accountFieldsToCollect(ctx.pattern),
        csrfToken: issueCsrfToken(req, reply, ctx.link.id, deps.secureCookies),
        values,
        check,
        scopes: requestedScopes(oauth, ctx.connection),
        available: oauth.available_scopes,
      }),
      { formActions: [authorizeSource(ctx)] },
    );
  }

  const stored = (ctx: LinkContext) => JSON.parse(ctx.account.account_fields) as Record<string, string>;
  const submitted = (body: unknown) =>
    Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));

  app.get(
    '/connect/l/:token',
    pageHandler(deps, async (req, reply) => {
      const ctx = await openLink(db, tokenOf(req));
      if (ctx.pattern.type !== 'OAUTH') return staticForm(req, reply, ctx, 200, stored(ctx));
      await requireAdminIfNeeded(req, ctx);
      if (accountFieldsToCollect(ctx.pattern).length) return accountFieldsForm(req, reply, ctx, 200, stored(ctx));
      return redirect303(reply, (await startAuthorization(db, vault, publicUrl, ctx, {})).href);
    }),
  );

  app.post(
    '/connect/l/:token',
    { bodyLimit: 64 * 1024 },
    pageHandler(deps, async (req, reply) => {
      const ctx = await openLink(db, tokenOf(req));
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!csrfTokenValid(req, ctx.link.id, body.csrf_token)) throw CSRF_FAILED();
      if (ctx.pattern.type !== 'OAUTH') {
        const result = await submitStaticCredentials(db, vault, ctx, body, deps.changes);
        if ('check' in result) return staticForm(req, reply, ctx, 400, submitted(body), result.check);
        return redirect303(reply, resultUrl(publicUrl, result.requestId));
      }
      await requireAdminIfNeeded(req, ctx);
      const check = validateTemplatedFields(ctx.provider.definition, ctx.pattern, accountFieldsToCollect(ctx.pattern), body);
      if (hasProblems(check)) return accountFieldsForm(req, reply, ctx, 400, submitted(body), check);
      return redirect303(reply, (await startAuthorization(db, vault, publicUrl, ctx, check.values)).href);
    }),
  );
}
