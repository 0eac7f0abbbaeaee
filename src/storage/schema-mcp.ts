/** Row shapes of Latchkey as an MCP server (migration 0011); conventions as in schema.ts. */
export interface McpConnectionEndpointRow {
  connection_id: string;
  environment_id: string;
  user_verify_url: string | null;
  created_at: string;
}

export interface McpServerRow {
  /** `mcps_…`, the `<server_id>` of `/mcp/v3/servers/<server_id>`. */
  id: string;
  environment_id: string;
  name: string;
  /** JSON array of connection names. */
  connection_names: string;
  /** JSON array of tool names; [] allows every tool of the connections. */
  tool_names: string;
  max_tools: number | null;
  user_verify_url: string | null;
  created_at: string;
  updated_at: string;
}

/** A per-user MCP bearer token: exactly one of server_id / connection_id is set. */
export interface McpTokenRow {
  id: string;
  environment_id: string;
  identifier: string;
  server_id: string | null;
  connection_id: string | null;
  secret_hash: string;
  secret_hint: string;
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface McpTables {
  mcp_connection_endpoints: McpConnectionEndpointRow;
  mcp_servers: McpServerRow;
  mcp_tokens: McpTokenRow;
}
