import type { Generated } from 'kysely';
import type { UserTables } from './schema-users.js';
import type { CustomToolTables } from './schema-custom-tools.js';
import type { RolesDomainsTokensTables } from './schema-roles-domains-tokens.js';
import type { McpTables } from './schema-mcp.js';
import type { McpOAuthTables } from './schema-mcp-oauth.js';
import type { PasswordlessTables } from './schema-passwordless.js';
import type { SessionTables } from './schema-sessions.js';
import type { HostedLoginTables } from './schema-hosted-login.js';
import type { SocialLoginTables } from './schema-social-login.js';
import type { AppSignInTables } from './schema-app-signin.js';

/**
 * Row shapes as the database stores them. Timestamps are ISO-8601 strings (UTC, fixed width,
 * so they sort as text on both dialects); booleans are 0/1 integers; JSON columns are text.
 */
export interface EnvironmentRow {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiClientRow {
  id: string;
  environment_id: string;
  secret_hash: string;
  secret_hint: string;
  description: string;
  created_at: string;
  last_used_at: string | null;
}

export interface VaultKeyRow {
  id: string;
  master_key_id: string;
  wrapped_key: string;
  active: number;
  created_at: string;
}

export interface SigningKeyRow {
  kid: string;
  algorithm: string;
  public_jwk: string;
  private_jwk_ciphertext: string;
  status: string;
  created_at: string;
  retired_at: string | null;
}

export interface OrganizationRow {
  id: string;
  environment_id: string;
  display_name: string;
  external_id: string | null;
  region_code: number;
  metadata: string;
  settings: string;
  slug: string | null;
  logo_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomProviderRow {
  id: string;
  environment_id: string;
  identifier: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface ConnectionRow {
  id: string;
  environment_id: string;
  connection_name: string;
  provider_key: string;
  auth_type: string;
  client_id: string | null;
  client_secret_ciphertext: string | null;
  scopes: string;
  settings: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface ConnectedAccountRow {
  id: string;
  environment_id: string;
  connection_id: string;
  identifier: string;
  organization_id: string | null;
  user_id: string | null;
  status: string;
  auth_type: string;
  credentials_ciphertext: string | null;
  credentials_version: number;
  token_expires_at: string | null;
  scopes: string;
  account_fields: string;
  api_config: string;
  authorized_user_id: string | null;
  authorized_user_email: string | null;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuthorizationLinkRow {
  id: string;
  environment_id: string;
  account_id: string;
  token_hash: string;
  app_state: string | null;
  user_verify_url: string | null;
  expires_at: string;
  completed_at: string | null;
  created_at: string;
}

export interface AuthorizationRequestRow {
  id: string;
  environment_id: string;
  link_id: string;
  account_id: string;
  state_hash: string | null;
  verification_hash: string | null;
  secrets_ciphertext: string | null;
  account_fields: string;
  status: string;
  expires_at: string;
  completed_at: string | null;
  created_at: string;
}

export interface EnvironmentSettingsRow {
  environment_id: string;
  settings: string;
  updated_at: string;
}

export interface AdminLoginLinkRow {
  id: string;
  environment_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface AdminSessionRow {
  id: string;
  environment_id: string;
  login_link_id: string;
  session_hash: string;
  expires_at: string;
  created_at: string;
}

/** One Tool Proxy call (migration 0004); no bodies, credentials or query values. */
export interface ProxyAuditRow {
  /** Assigned by the database, increasing with time. */
  id: Generated<number>;
  environment_id: string;
  connection_id: string | null;
  connection_name: string;
  account_id: string | null;
  identifier: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  error_code: string | null;
  created_at: string;
}

/** A tool modifier (migration 0008): pre/post rules for one tool, environment-wide or for one connection. */
export interface ToolModifierRow {
  id: string;
  environment_id: string;
  tool_name: string;
  connection_id: string | null;
  /** The connection id, or '' for an environment-wide rule (one unique index covers both). */
  scope_key: string;
  rule: string;
  created_at: string;
  updated_at: string;
}

/** One ExecuteTool call (migration 0007): who ran what, how long it took and how it ended; never inputs or outputs. */
export interface ToolExecutionRow {
  /** The execution id (`exe_…`). */
  id: string;
  environment_id: string;
  tool_name: string;
  tool_version: string | null;
  connection_id: string | null;
  connection_name: string | null;
  account_id: string | null;
  identifier: string | null;
  duration_ms: number;
  outcome: 'success' | 'error';
  error_code: string | null;
  /** Set when the run deserves a note, e.g. a deprecated custom tool version (migration 0010). */
  warning?: string | null;
  created_at: string;
}

export interface Tables extends UserTables, RolesDomainsTokensTables, CustomToolTables, McpTables, McpOAuthTables, PasswordlessTables, SessionTables, SocialLoginTables, HostedLoginTables, AppSignInTables {
  environments: EnvironmentRow;
  api_clients: ApiClientRow;
  vault_keys: VaultKeyRow;
  signing_keys: SigningKeyRow;
  organizations: OrganizationRow;
  custom_providers: CustomProviderRow;
  connections: ConnectionRow;
  connected_accounts: ConnectedAccountRow;
  authorization_links: AuthorizationLinkRow;
  authorization_requests: AuthorizationRequestRow;
  environment_settings: EnvironmentSettingsRow;
  proxy_audit: ProxyAuditRow;
  tool_executions: ToolExecutionRow;
  admin_login_links: AdminLoginLinkRow;
  admin_sessions: AdminSessionRow;
  tool_modifiers: ToolModifierRow;
}
