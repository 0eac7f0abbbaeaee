import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { findAdminSession, loginLinkCommand } from '../../modules/authorization/admin-sessions.js';
import { FlowError } from '../../modules/authorization/flow-error.js';
import { userVerifyRedirect } from '../../modules/authorization/user-verify-url.js';
import { howToConfigure } from '../../modules/authorization/verification-mode.js';
import { getEnvironment } from '../../modules/environments/environments.js';
import { DomainError } from '../../modules/errors/domain-error.js';
import { resolveEndpoint } from '../../modules/mcp/endpoints/resolve-endpoint.js';
import { INTERACTION_PATH } from '../../modules/mcp-oauth/mcp-oauth-paths.js';
import { claimVerifiedIdentifier, startAppVerification, verifiedIdentifier } from '../../modules/mcp-oauth/sign-in/app-verification.js';
import { deniedResult, grantConsent } from '../../modules/mcp-oauth/sign-in/grant-consent.js';
import { checkIdentifier } from '../../modules/mcp-oauth/sign-in/identifier.js';
import { loadSignInRequest, type SignInRequest } from '../../modules/mcp-oauth/sign-in/sign-in-request.js';
import { csrfTokenValid, issueCsrfToken } from '../../pages/csrf.js';
import { redirect303, sendPage } from '../../pages/respond.js';
import { adminSessionCookie, CSRF_FAILED, pageHandler, type PagesDeps } from '../../pages/routes/page-handler.js';
import { mcpConsentBody } from '../../pages/views/mcp-oauth-pages.js';

const csrfBinding = (uid: string) => `mcp-oauth:${uid}`;
const uidOf = (req: FastifyRequest) => (req.params as { uid: string }).uid;
const CONSENT_TITLE = 'Allow access to Latchkey tools?';

const adminRequired = async (deps: PagesDeps, envId: string) =>
  new FlowError(
    'login_required',
    'Administrator sign-in required',
    'This environment lets only signed-in Latchkey administrators sign in to its MCP endpoints (user verification mode dashboard_users), and this browser is not signed in. ' +
      `An administrator gets a sign-in link by running ${loginLinkCommand((await getEnvironment(deps.db, envId))?.name)} on the Latchkey server; open it in this browser, press Sign in, then reload this page.`,
    403,
    loginLinkCommand((await getEnvironment(deps.db, envId))?.name),
  );

async function notConfigured(deps: PagesDeps, envId: string): Promise<FlowError> {
  const name = (await getEnvironment(deps.db, envId))?.name ?? envId;
  return new FlowError('server_error', 'Sign-in is not set up', `User verification is not configured for environment '${name}', so nobody can sign in to its MCP endpoints yet. An administrator can ${howToConfigure(name)}.`, 409);
}

function consentPage(deps: PagesDeps, req: FastifyRequest, reply: FastifyReply, r: SignInRequest, extra: { identifier?: string; error?: string; status?: number }) {
  const csrfToken = issueCsrfToken(req, reply, csrfBinding(r.uid), deps.secureCookies);
  const body = mcpConsentBody({ clientName: r.clientName, clientId: r.clientId, endpointName: r.endpointName, resource: r.resource, offline: r.scopes.includes('offline_access'), csrfToken, ...extra });
  // Allow answers with redirects ending at the client's redirect_uri: CSP form-action covers redirects.
  return sendPage(reply, extra.status ?? 200, CONSENT_TITLE, body, { formActions: [r.redirectOrigin] });
}

/**
 * The sign-in step of Latchkey's authorization server for MCP clients, as hosted pages: the
 * person proves who they are through the environment's user-verification mode, then allows or
 * denies the client. Steps: load_sign_in_request → verify_person (mode) → consent page →
 * check_csrf → grant_consent → back to the provider (which redirects to the client with code, state and iss).
 */
export function registerMcpOAuthInteractionRoutes(app: FastifyInstance, deps: PagesDeps, provider: Provider): void {
  const { db, publicUrl } = deps;
  const path = `${INTERACTION_PATH}/:uid`;

  app.get(
    path,
    pageHandler(deps, async (req, reply) => {
      const r = await loadSignInRequest(db, provider, publicUrl, uidOf(req), req.raw, reply.raw);
      if (r.mode === 'dashboard_users') {
        if (!(await findAdminSession(db, adminSessionCookie(req), r.envId))) throw await adminRequired(deps, r.envId);
        return consentPage(deps, req, reply, r, {});
      }
      if (r.mode !== 'custom') throw await notConfigured(deps, r.envId);
      const identifier = await verifiedIdentifier(db, r.envId, r.uid);
      if (identifier) return consentPage(deps, req, reply, r, { identifier });
      const verifyUrl = (await resolveEndpoint(db, r.envId, r.ref)).userVerifyUrl;
      if (!verifyUrl) {
        throw new FlowError('server_error', 'Sign-in is not set up', `${r.endpointName} has no user_verify_url, so your app cannot confirm who you are. An administrator sets it when enabling the endpoint (user_verify_url).`, 409);
      }
      const authRequestId = await startAppVerification(db, r.envId, r.uid);
      deps.log.info({ event: 'mcp_oauth.verification_started', environmentId: r.envId, clientId: r.clientId }, 'MCP sign-in sent to the app for user verification');
      return redirect303(reply, userVerifyRedirect(verifyUrl, authRequestId, null));
    }),
  );

  app.post(
    path,
    { bodyLimit: 8 * 1024 },
    pageHandler(deps, async (req, reply) => {
      const uid = uidOf(req);
      const form = (req.body ?? {}) as Record<string, unknown>;
      if (!csrfTokenValid(req, csrfBinding(uid), form.csrf_token)) throw CSRF_FAILED();
      const r = await loadSignInRequest(db, provider, publicUrl, uid, req.raw, reply.raw);
      let result;
      if (form.decision === 'deny') result = deniedResult();
      else if (form.decision !== 'allow') throw new FlowError('invalid_request', 'This form could not be accepted', 'Press Allow or Deny.', 400);
      else if (r.mode === 'dashboard_users') {
        if (!(await findAdminSession(db, adminSessionCookie(req), r.envId))) throw await adminRequired(deps, r.envId);
        let identifier: string;
        try {
          identifier = checkIdentifier(form.identifier);
        } catch (err) {
          if (err instanceof DomainError) return consentPage(deps, req, reply, r, { error: `${err.message.replace(/^identifier/, "The identifier")}.`, status: 400 });
          throw err;
        }
        result = await grantConsent(provider, r, identifier);
      } else if (r.mode === 'custom') {
        const identifier = await claimVerifiedIdentifier(db, r.envId, uid);
        if (!identifier) throw new FlowError('expired_token', 'This sign-in has expired', 'Your app’s confirmation of who you are was used or has expired. Start again from your MCP client.', 410);
        result = await grantConsent(provider, r, identifier);
      } else throw await notConfigured(deps, r.envId);
      deps.log.info({ event: 'mcp_oauth.consent', environmentId: r.envId, clientId: r.clientId, decision: form.decision }, 'MCP sign-in decided');
      const returnTo = await provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
      return redirect303(reply, returnTo);
    }),
  );
}
