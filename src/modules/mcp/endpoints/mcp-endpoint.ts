/**
 * The two kinds of MCP endpoint Latchkey serves, and their public URLs:
 *   {PUBLIC_URL}/mcp/v3/connections/<connection_name>   one connection (enabled per connection)
 *   {PUBLIC_URL}/mcp/v3/servers/<server_id>              a configured MCP server bundling connections
 */
export type McpEndpointRef = { kind: 'connection'; connectionName: string } | { kind: 'server'; serverId: string };

export const MCP_BASE_PATH = '/mcp/v3';
/** RFC 9728 §3.1: the metadata of a resource with a path lives at this prefix + that path. */
export const PROTECTED_RESOURCE_PREFIX = '/.well-known/oauth-protected-resource';

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const ENDPOINT_PATH = /^\/mcp\/v3\/(connections|servers)\/([^/?#]+)\/?$/;

/** The endpoint a request path names (no query), or undefined for any other path. */
export function endpointOfPath(path: string): McpEndpointRef | undefined {
  const m = ENDPOINT_PATH.exec(path);
  if (!m) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(m[2]);
  } catch {
    return undefined;
  }
  if (!SEGMENT.test(name)) return undefined;
  return m[1] === 'connections' ? { kind: 'connection', connectionName: name } : { kind: 'server', serverId: name };
}

export const endpointPath = (e: McpEndpointRef): string =>
  e.kind === 'connection' ? `${MCP_BASE_PATH}/connections/${e.connectionName}` : `${MCP_BASE_PATH}/servers/${e.serverId}`;

/** The endpoint's URL: the `resource` of its protected-resource metadata, and `Connection.mcp_server_url`. */
export const endpointUrl = (publicUrl: string, e: McpEndpointRef): string => `${publicUrl}${endpointPath(e)}`;

/** Where a client finds how to get a token for the endpoint (the `resource_metadata` of a 401). */
export const resourceMetadataUrl = (publicUrl: string, e: McpEndpointRef): string => `${publicUrl}${PROTECTED_RESOURCE_PREFIX}${endpointPath(e)}`;

export const describeEndpoint = (e: McpEndpointRef): string => (e.kind === 'connection' ? `connection '${e.connectionName}'` : `MCP server '${e.serverId}'`);
