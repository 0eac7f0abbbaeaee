import { endpointUrl, type McpEndpointRef } from './mcp-endpoint.js';
import { mcpOAuthIssuer } from '../../mcp-oauth/mcp-oauth-paths.js';

/**
 * RFC 9728 protected-resource metadata of one endpoint: this server is the authorization
 * server of its own MCP endpoints (its issuer is PUBLIC_URL), and tokens travel only in the
 * Authorization header (never in a URL).
 */
export function protectedResourceMetadata(publicUrl: string, e: McpEndpointRef) {
  return {
    resource: endpointUrl(publicUrl, e),
    authorization_servers: [mcpOAuthIssuer(publicUrl)],
    bearer_methods_supported: ['header'],
    resource_name: `Latchkey MCP (${e.kind === 'connection' ? e.connectionName : e.serverId})`,
  };
}
