import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';

/** Where a role lives: the environment (offered to every organization) or one organization. */
export interface RoleScope {
  envId: string;
  organizationId?: string;
}

export interface Role {
  id: string;
  name: string;
  displayName: string;
  description: string;
  /** The base role's name: its permissions are this role's too. */
  baseRole: string | undefined;
  organizationId: string | undefined;
  createdAt: Date;
  updatedAt: Date;
}

export const roleFromRow = (r: RoleRow): Role => ({
  id: r.id,
  name: r.name,
  displayName: r.display_name,
  description: r.description,
  baseRole: r.base_role ?? undefined,
  organizationId: r.organization_id ?? undefined,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export const roleLabel = (scope: RoleScope, name: string) => (scope.organizationId ? `role '${name}' of organization '${scope.organizationId}'` : `role '${name}'`);
