import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Sessions } from '../sessions/index.js';
import type { SignInInteraction, SignInInteractions, SignInOutcome, SignInRequestParams } from '../sign-in/sign-in-outcome.js';
import type { AppSignInServer } from './app-signin-server.js';
import { SIGN_IN_SCOPES } from './create-app-signin-provider.js';
import { recordSignInGrant } from './signin-grants.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The request parameters a login page acts on; `domain_hint` and its alias `domain` (the SDK sends both). */
export function requestParams(p: Record<string, unknown>): SignInRequestParams {
  return {
    loginHint: str(p.login_hint),
    domainHint: str(p.domain_hint) ?? str(p.domain),
    organizationId: str(p.organization_id),
    connectionId: str(p.connection_id),
    provider: str(p.provider),
    prompt: str(p.prompt),
  };
}

/**
 * The authorization server's side of a login (contract: src/modules/sign-in/sign-in-outcome.ts).
 * The interaction is the provider's, bound to the browser by its cookie: a uid that is not this
 * browser's interaction reads as unknown.
 */
export function signInInteractions(deps: { db: Kysely<Tables>; sessions: Sessions; server: AppSignInServer; publicUrl: string }): SignInInteractions {
  const { db, server } = deps;
  const load = async (uid: string, req: IncomingMessage, res: ServerResponse) => {
    let details;
    try {
      details = await server.provider.interactionDetails(req, res);
    } catch {
      return undefined; // no interaction cookie, or the interaction expired
    }
    if (details.uid !== uid) return undefined;
    const params = details.params as Record<string, unknown>;
    const client = await db.selectFrom('api_clients').select(['id', 'environment_id']).where('id', '=', String(params.client_id)).executeTakeFirst();
    return client ? { details, params, client } : undefined;
  };

  return {
    async details(uid, req, res): Promise<SignInInteraction | undefined> {
      const found = await load(uid, req, res);
      if (!found) return undefined;
      return { uid, environmentId: found.client.environment_id, clientId: found.client.id, params: requestParams(found.params), redirectUri: str(found.params.redirect_uri) };
    },

    async finish(uid, req, res, outcome: SignInOutcome) {
      const found = await load(uid, req, res);
      if (!found) throw new Error('the login interaction is unknown or expired');
      const environmentId = found.client.environment_id;
      const started = await deps.sessions.startSession({
        environmentId,
        userId: outcome.userId,
        organizationId: outcome.organizationId,
        clientId: found.client.id,
        ip: req.socket.remoteAddress,
        userAgent: str(req.headers['user-agent']),
      });
      const scope = String(found.params.scope ?? '').split(' ').filter((s) => SIGN_IN_SCOPES.includes(s)).join(' ');
      // The grant (so its refresh tokens, ttl.RefreshToken) lives as long as the session may: the session's
      // policy decides, up to a year, and the session check on every refresh ends it sooner.
      const expiresIn = Math.max(1, Math.ceil((started.absoluteExpiresAt.getTime() - Date.now()) / 1000));
      const grant = new server.provider.Grant({ accountId: outcome.userId, clientId: found.client.id, expiresIn } as never);
      grant.addOIDCScope(scope);
      grant.addResourceScope(deps.publicUrl, scope);
      const grantId = await grant.save();
      await recordSignInGrant(db, {
        grantId,
        environmentId,
        clientId: found.client.id,
        userId: outcome.userId,
        organizationId: outcome.organizationId,
        sessionId: started.sessionId,
        identity: outcome.identity,
        amr: outcome.amr,
      });
      await server.provider.interactionFinished(req, res, { login: { accountId: outcome.userId, amr: outcome.amr, remember: false }, consent: { grantId } }, { mergeWithLastSubmission: false });
    },

    async abort(uid, req, res, error, description) {
      const found = await load(uid, req, res);
      if (!found) throw new Error('the login interaction is unknown or expired');
      await server.provider.interactionFinished(req, res, { error, error_description: description }, { mergeWithLastSubmission: false });
    },
  };
}
