import type { FieldViolation } from '../errors/domain-error.js';

// Role names travel in REST paths (`/api/v1/roles/{role_name}`) and in tokens: one path segment, no `:`
// (the transcoder's custom-verb separator).
const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
// Permission names conventionally read `invoices:read`, so `:` is allowed; still one path segment.
const PERMISSION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

export function roleNameProblem(field: string, name: string | undefined): FieldViolation | undefined {
  if (!name) return { field, description: 'is required (e.g. "viewer")' };
  if (!ROLE_NAME.test(name)) return { field, description: 'must be 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit' };
  return undefined;
}

export function permissionNameProblem(field: string, name: string | undefined): FieldViolation | undefined {
  if (!name) return { field, description: 'is required (e.g. "invoices:read")' };
  if (!PERMISSION_NAME.test(name)) return { field, description: 'must be 1 to 100 letters, digits, "_", ".", ":" or "-", starting with a letter or digit' };
  return undefined;
}

/** display_name and description share one rule: optional free text, bounded. */
export function textProblem(field: string, value: string | undefined, max: number, required = false): FieldViolation | undefined {
  if (value === undefined || value === '') return required ? { field, description: 'is required and must not be blank' } : undefined;
  if (required && !value.trim()) return { field, description: 'is required and must not be blank' };
  if (value.length > max) return { field, description: `must be at most ${max} characters` };
  return undefined;
}
