import { checkResourceAllowed, discoverOAuthServerInfo, extractWWWAuthenticateParams, type FetchLike } from '@modelcontextprotocol/client';
import { DomainError } from '../errors/domain-error.js';
import type { OutboundFetch } from '../egress/outbound-fetch.js';
import type { OAuthConfig, ProviderDefinition } from '../providers/definition/provider-definition.js';
import { isEndpointUrl } from '../providers/definition/validate-definition.js';

/** A request any MCP server must authenticate before answering (what an unauthenticated client sends first). */
const PROBE = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'latchkey', version: '0.1.0' } } };

const cannot = (why: string) => new DomainError('failed_precondition', `cannot set up OAuth for this MCP server: ${why}`, { reason: 'MCP_OAUTH_DISCOVERY_FAILED' });

/**
 * The MCP authorization spec's discovery, as a client does it: an unauthenticated request → the
 * 401's `WWW-Authenticate: Bearer resource_metadata=…` (or the well-known location) → RFC 9728
 * protected-resource metadata → its authorization server's RFC 8414 (or OIDC) metadata. The
 * answer is the OAUTH pattern's oauth_config for the usual connected-account flow: PKCE (S256,
 * which the server must advertise), and the RFC 8707 `resource` sent to both endpoints.
 */
export async function discoverMcpOAuthConfig(serverUrl: string, fetch: OutboundFetch): Promise<OAuthConfig> {
  const f = fetch as unknown as FetchLike;
  let probe: Response;
  try {
    probe = await fetch(serverUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(PROBE),
    });
  } catch {
    throw cannot('it could not be reached (or is not an address this environment may call: proxy_allowed_hosts)');
  }
  await probe.arrayBuffer().catch(() => undefined);
  if (probe.status !== 401) throw cannot(`it answered HTTP ${probe.status} without credentials, not 401: it does not ask for OAuth (use a BEARER or API_KEY pattern)`);
  const { resourceMetadataUrl } = extractWWWAuthenticateParams(probe);
  const info = await discoverOAuthServerInfo(serverUrl, { resourceMetadataUrl, fetchFn: f }).catch(() => undefined);
  const md = info?.authorizationServerMetadata;
  if (!info || !md) throw cannot('no authorization server metadata was found (RFC 9728 protected-resource metadata, then RFC 8414)');
  const resource = info.resourceMetadata?.resource ?? serverUrl;
  if (!checkResourceAllowed({ requestedResource: serverUrl, configuredResource: resource })) throw cannot(`its protected-resource metadata names another resource (${resource})`);
  if (!md.code_challenge_methods_supported?.includes('S256')) throw cannot('its authorization server does not advertise PKCE with S256');
  for (const uri of [md.authorization_endpoint, md.token_endpoint]) if (!uri || !isEndpointUrl(uri)) throw cannot('its authorization server metadata lacks https authorization and token endpoints');
  const scopes = info.resourceMetadata?.scopes_supported ?? md.scopes_supported ?? [];
  const methods = md.token_endpoint_auth_methods_supported;
  const userinfo = (md as { userinfo_endpoint?: string }).userinfo_endpoint;
  return {
    authorize_uri: md.authorization_endpoint,
    token_uri: md.token_endpoint,
    ...(userinfo && isEndpointUrl(userinfo) ? { user_info_uri: userinfo } : {}),
    available_scopes: scopes.slice(0, 200).map((scope) => ({ scope, required: false })),
    pkce: true,
    token_endpoint_auth_method: methods && !methods.includes('client_secret_post') && methods.includes('client_secret_basic') ? 'client_secret_basic' : 'client_secret_post',
    authorize_params: { resource },
    token_request_params: { resource },
  };
}

/** A provider definition for the MCP server at `serverUrl`, authenticated per the MCP authorization spec. */
export async function discoverMcpProviderDefinition(serverUrl: string, displayName: string, fetch: OutboundFetch): Promise<ProviderDefinition> {
  const oauth_config = await discoverMcpOAuthConfig(serverUrl, fetch);
  return {
    display_name: displayName,
    kind: 'MCP',
    auth_patterns: [{ type: 'OAUTH', display_name: 'OAuth', fields: [], account_fields: [], oauth_config }],
    proxy_url: serverUrl,
    proxy_enabled: true,
  };
}
