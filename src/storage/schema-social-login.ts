/** Row shapes of social login (migration 0018); conventions as in schema.ts. */
export type SocialProviderKind = 'GOOGLE' | 'GITHUB' | 'MICROSOFT' | 'OIDC';

export interface SocialProviderRow {
  id: string;
  environment_id: string;
  provider_key: string;
  kind: SocialProviderKind;
  display_name: string;
  client_id: string;
  client_secret_ciphertext: string;
  client_secret_hint: string;
  /** JSON array of scopes. */
  scopes: string;
  enabled: number;
  issuer: string | null;
  /** JSON object: SocialEndpoints. */
  endpoints: string;
  created_at: string;
  updated_at: string;
}

export interface SocialIdentityRow {
  id: string;
  environment_id: string;
  user_id: string;
  provider_key: string;
  subject: string;
  email: string | null;
  email_verified: number;
  created_at: string;
  last_login_at: string;
}

export interface SocialLoginStateRow {
  id: string;
  environment_id: string;
  interaction_uid: string;
  provider_key: string;
  state_hash: string;
  browser_hash: string;
  secrets_ciphertext: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface SocialLoginTables {
  social_providers: SocialProviderRow;
  social_identities: SocialIdentityRow;
  social_login_states: SocialLoginStateRow;
}
