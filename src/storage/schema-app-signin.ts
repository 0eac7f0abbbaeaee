import type { McpOAuthEntryRow } from './schema-mcp-oauth.js';

/** Rows of migration 0020 (app sign-in: Latchkey as the apps' OpenID Provider). */
export type AppSignInEntryRow = McpOAuthEntryRow;

export interface ClientRedirectUriRow {
  client_id: string;
  /** `redirect`: after sign-in (redirect_uri); `post_logout`: after logout (post_logout_redirect_uri). */
  kind: 'redirect' | 'post_logout';
  uri: string;
  created_at: string;
}

export interface AppSignInGrantRow {
  /** oidc-provider's grant id. */
  grant_id: string;
  environment_id: string;
  client_id: string;
  user_id: string;
  organization_id: string | null;
  /** `ses_…` of the sessions module: the tokens' `sid`. */
  session_id: string;
  /** JSON of the SignInIdentity. */
  identity: string;
  /** JSON array of RFC 8176 method references. */
  amr: string;
  created_at: string;
}

export interface AppSignInTables {
  app_signin_entries: AppSignInEntryRow;
  client_redirect_uris: ClientRedirectUriRow;
  app_signin_grants: AppSignInGrantRow;
}
