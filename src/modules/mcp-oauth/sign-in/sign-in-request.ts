import type { Kysely } from 'kysely';
import type Provider from 'oidc-provider';
import type { Tables } from '../../../storage/schema.js';
import { FlowError } from '../../authorization/flow-error.js';
import { verificationModeOf, type VerificationMode } from '../../authorization/verification-mode.js';
import { describeEndpoint, type McpEndpointRef } from '../../mcp/endpoints/mcp-endpoint.js';
import { InvalidResource, resolveResource } from '../resource/resource-endpoint.js';

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/** One pending authorization request of an MCP client, as the sign-in pages need it. */
export interface SignInRequest {
  uid: string;
  details: InteractionDetails;
  clientId: string;
  /** The client's own name, shown as the client said it (with its id, which the person can check). */
  clientName: string | undefined;
  resource: string;
  ref: McpEndpointRef;
  endpointName: string;
  envId: string;
  mode: VerificationMode | undefined;
  /** The requested scopes (the endpoint's `mcp`, plus `offline_access` / `openid` when asked for). */
  scopes: string[];
  /** Where the code goes: its origin must be a CSP form-action source (the consent POST redirects there). */
  redirectOrigin: string;
}

const refused = (detail: string) => new FlowError('invalid_request', 'This sign-in request cannot be completed', detail, 400);

/**
 * load_sign_in_request — the interaction this browser holds (oidc-provider's interaction cookie:
 * another browser cannot use the URL), its single `resource` resolved to an endpoint and the
 * environment serving it, and that environment's user-verification mode.
 */
export async function loadSignInRequest(db: Kysely<Tables>, provider: Provider, publicUrl: string, uid: string, req: unknown, res: unknown): Promise<SignInRequest> {
  let details: InteractionDetails;
  try {
    details = await provider.interactionDetails(req as never, res as never);
  } catch {
    throw new FlowError('expired_token', 'This sign-in has expired', 'Sign-in pages work for 10 minutes and only in the browser that opened them. Start again from your MCP client.', 410);
  }
  if (details.uid !== uid) throw new FlowError('expired_token', 'This sign-in has expired', 'This browser is in the middle of another sign-in. Start again from your MCP client.', 410);
  const params = details.params as Record<string, unknown>;
  const resource = params.resource;
  if (typeof resource !== 'string') throw refused('The MCP client must ask for exactly one resource: the URL of the Latchkey MCP endpoint it connects to (RFC 8707 `resource` parameter).');
  let resolved;
  try {
    resolved = await resolveResource(db, publicUrl, resource);
  } catch (err) {
    if (err instanceof InvalidResource) throw refused(`${err.message}.`);
    throw err;
  }
  const clientId = String(params.client_id);
  const client = await provider.Client.find(clientId);
  return {
    uid,
    details,
    clientId,
    clientName: client?.metadata().client_name as string | undefined,
    resource,
    ref: resolved.ref,
    endpointName: describeEndpoint(resolved.ref),
    envId: resolved.envId,
    mode: await verificationModeOf(db, resolved.envId),
    scopes: String(params.scope ?? '').split(' ').filter(Boolean),
    redirectOrigin: new URL(String(params.redirect_uri)).origin,
  };
}
