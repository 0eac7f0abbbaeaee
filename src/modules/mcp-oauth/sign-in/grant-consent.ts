import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { MCP_SCOPE } from '../provider/resource-server-info.js';
import { subjectId } from '../subject.js';
import type { SignInRequest } from './sign-in-request.js';

/** The OIDC scopes an MCP client may be granted beside the endpoint's own. */
const GRANTABLE_OIDC_SCOPES = ['offline_access', 'openid'];

/**
 * grant_consent — the person allowed the client: a grant for this client and identifier holding
 * the endpoint's `mcp` scope for exactly the requested resource (and offline_access / openid when
 * asked), and the interaction result that signs the identifier in. The environment is part of the
 * subject, so the token cannot be read in another environment.
 */
export async function grantConsent(provider: Provider, request: SignInRequest, identifier: string): Promise<InteractionResults> {
  const accountId = subjectId({ envId: request.envId, identifier });
  const existing = request.details.grantId ? await provider.Grant.find(request.details.grantId) : undefined;
  // A grant of another subject (the browser's earlier session) is never extended to this one.
  const grant = existing && existing.accountId === accountId ? existing : new provider.Grant({ accountId, clientId: request.clientId });
  grant.addResourceScope(request.resource, MCP_SCOPE);
  const oidc = request.scopes.filter((s) => GRANTABLE_OIDC_SCOPES.includes(s));
  if (oidc.length) grant.addOIDCScope(oidc.join(' '));
  const grantId = await grant.save();
  return { login: { accountId, remember: false }, consent: { grantId } };
}

export const deniedResult = (): InteractionResults => ({ error: 'access_denied', error_description: 'the person did not allow this MCP client' });
