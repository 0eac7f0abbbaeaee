import { invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { roleNameProblem, textProblem } from './role-names.js';

export interface CreateRoleInput {
  name: string;
  displayName: string;
  description?: string;
  /** The base role's name. */
  extends?: string;
  permissions: string[];
}

/** Fields left undefined stay as they are; `extends: ''` removes the base; non-empty `permissions` replace the role's own. */
export interface UpdateRoleInput {
  displayName?: string;
  description?: string;
  extends?: string;
  permissions: string[];
}

const DISPLAY_NAME_MAX = 200;
const DESCRIPTION_MAX = 1000;

/** Every field problem at once, named `role.…` as on the wire. */
export function checkRoleInput(input: Partial<CreateRoleInput>, creating: boolean, prefix = 'role.'): void {
  const v: (FieldViolation | undefined)[] = [
    creating ? roleNameProblem(`${prefix}name`, input.name) : undefined,
    creating || input.displayName !== undefined ? textProblem(`${prefix}display_name`, input.displayName, DISPLAY_NAME_MAX, true) : undefined,
    textProblem(`${prefix}description`, input.description, DESCRIPTION_MAX),
    input.extends ? roleNameProblem(`${prefix}extends`, input.extends) : undefined,
  ];
  const found = v.filter((x): x is FieldViolation => x !== undefined);
  if (found.length) throw invalidFields(found);
}
