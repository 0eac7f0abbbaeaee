import type { PermissionRow } from '../../storage/schema-roles-domains-tokens.js';
import { DomainError } from '../errors/domain-error.js';

export interface Permission {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A permission as one role holds it: `roleName` is the role it comes from (itself or a base). */
export interface RolePermission extends Permission {
  roleName: string;
}

export const permissionFromRow = (r: PermissionRow): Permission => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export const permissionNotFound = (name: string): DomainError =>
  new DomainError('not_found', `permission '${name}' was not found in this environment`, { reason: 'PERMISSION_NOT_FOUND' });
