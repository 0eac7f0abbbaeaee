/** Row shapes of migration 0013: roles and permissions, domains, API tokens (conventions as in schema.ts). */
export interface RoleRow {
  id: string;
  environment_id: string;
  /** null: an environment role, offered to every organization. */
  organization_id: string | null;
  name: string;
  display_name: string;
  description: string;
  /** The name of the role this one inherits from (`extends` on the wire). */
  base_role: string | null;
  created_at: string;
  updated_at: string;
}

export interface PermissionRow {
  id: string;
  environment_id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface RolePermissionRow {
  role_id: string;
  permission_id: string;
  created_at: string;
}

export interface RoleDefaultsRow {
  environment_id: string;
  default_member_role: string;
  default_creator_role: string;
  updated_at: string;
}

export interface OrganizationRoleDefaultsRow {
  organization_id: string;
  environment_id: string;
  default_member_role: string;
  updated_at: string;
}

export interface DomainRow {
  id: string;
  environment_id: string;
  organization_id: string;
  domain: string;
  domain_type: 'ALLOWED_EMAIL_DOMAIN' | 'ORGANIZATION_DOMAIN';
  txt_record_key: string;
  txt_record_secret: string;
  verification_status: 'PENDING' | 'VERIFIED' | 'FAILED';
  verification_method: 'DNS' | 'ADMIN';
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApiTokenRow {
  id: string;
  environment_id: string;
  organization_id: string;
  user_id: string | null;
  token_hash: string;
  token_suffix: string;
  /** JSON object of string values. */
  custom_claims: string;
  description: string | null;
  expires_at: string | null;
  invalidated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RolesDomainsTokensTables {
  roles: RoleRow;
  permissions: PermissionRow;
  role_permissions: RolePermissionRow;
  role_defaults: RoleDefaultsRow;
  organization_role_defaults: OrganizationRoleDefaultsRow;
  domains: DomainRow;
  api_tokens: ApiTokenRow;
}
