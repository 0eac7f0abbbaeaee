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

export interface Tables {
  environments: EnvironmentRow;
  api_clients: ApiClientRow;
  vault_keys: VaultKeyRow;
  signing_keys: SigningKeyRow;
  organizations: OrganizationRow;
  custom_providers: CustomProviderRow;
  connections: ConnectionRow;
}
