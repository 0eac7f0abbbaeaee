import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';
import { roleFromRow, type Role } from './role.js';
import type { RolePermission } from './permission.js';
import { effectivePermissions } from './role-permissions.js';
import { dependentRoles } from './role-inheritance.js';

/** A role as the API shows it: its effective permissions, how many roles build on it, whether it is a default. */
export interface RoleView extends Role {
  permissions: RolePermission[];
  dependentRolesCount: number;
  defaultMember: boolean;
  defaultCreator: boolean;
  isOrgRole: boolean;
}

export interface DefaultsInView {
  defaultMemberRole: string;
  defaultCreatorRole: string;
}

export async function viewRole(db: Kysely<Tables>, row: RoleRow, defaults: DefaultsInView): Promise<RoleView> {
  return {
    ...roleFromRow(row),
    permissions: await effectivePermissions(db, row),
    dependentRolesCount: (await dependentRoles(db, row)).length,
    defaultMember: row.name === defaults.defaultMemberRole,
    defaultCreator: row.name === defaults.defaultCreatorRole,
    isOrgRole: row.organization_id !== null,
  };
}
