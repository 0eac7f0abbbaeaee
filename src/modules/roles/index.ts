// What other modules use of roles: the names a membership holds, checked and defaulted.
export { resolveMembershipRoles } from './resolve-membership-roles.js';
export { seedDefaultRoles } from './default-roles.js';
