/** Rows of migration 0015 (OAuth for MCP clients). */
export interface McpOAuthEntryRow {
  /** oidc-provider's model name: Grant, AuthorizationCode, AccessToken, RefreshToken, Session, Interaction, Client, … */
  model: string;
  /** SHA-256 (base64url) of the model's id: tokens and codes are their own ids. */
  id_hash: string;
  /** The model's JSON payload. */
  payload: string;
  grant_id: string | null;
  uid: string | null;
  expires_at: string | null;
  consumed_at: string | null;
}

export interface McpOAuthVerificationRow {
  id: string;
  environment_id: string;
  interaction_uid: string;
  verification_hash: string;
  status: 'PENDING' | 'VERIFIED' | 'USED' | 'EXPIRED';
  identifier: string | null;
  expires_at: string;
  created_at: string;
}

export interface McpOAuthTables {
  mcp_oauth_entries: McpOAuthEntryRow;
  mcp_oauth_verifications: McpOAuthVerificationRow;
}
