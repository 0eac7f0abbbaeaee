import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { createRole, listRoles, organizationScope } from '../modules/roles/roles.js';
import { defaultMemberRoleOf, environmentRoleDefaults } from '../modules/roles/default-roles.js';
import { updateDefaultOrganizationRole, updateDefaultRoles } from '../modules/roles/update-default-roles.js';
import type { RoleScope } from '../modules/roles/role.js';
import { DomainError } from '../modules/errors/domain-error.js';
import { withEnv } from './authorization-commands.js';

type Core = Parameters<Parameters<typeof withEnv>[3]>[0];

const scopeOf = async (core: Core, envId: string, org: string | undefined): Promise<RoleScope> =>
  org ? organizationScope(core.storage.db, envId, org, '--org') : { envId };

/** `latchkey roles list [--org ORG] [--env E]`: name, base, where it lives, and which are the defaults. */
export async function listRolesCommand(config: Config, log: Logger, opts: { env: string; org?: string }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const db = core.storage.db;
    const scope = await scopeOf(core, env.id, opts.org);
    const defaults = await environmentRoleDefaults(db, env.id);
    const member = opts.org ? await defaultMemberRoleOf(db, env.id, opts.org) : defaults.defaultMemberRole;
    for (const r of await listRoles(db, scope)) {
      const marks = [r.name === member && 'default member', r.name === defaults.defaultCreatorRole && 'default creator'].filter(Boolean);
      process.stdout.write(
        `${r.name}  ${r.organization_id ? 'organization' : 'environment'}${r.base_role ? `  extends ${r.base_role}` : ''}${marks.length ? `  (${marks.join(', ')})` : ''}\n`,
      );
    }
  });
}

/** `latchkey roles create <name> [--display-name D] [--base B] [--org ORG] [--env E]`. */
export async function createRoleCommand(config: Config, log: Logger, opts: { env: string; org?: string; name: string; displayName?: string; base?: string }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const scope = await scopeOf(core, env.id, opts.org);
    const r = await createRole(core.storage.db, scope, { name: opts.name, displayName: opts.displayName ?? opts.name, extends: opts.base, permissions: [] });
    process.stdout.write(`created role ${r.name} (${r.id}) in ${opts.org ?? env.name}\n`);
  });
}

/** `latchkey roles set-default <name> [--org ORG] --env E`: the role new members get. */
export async function setDefaultRoleCommand(config: Config, log: Logger, opts: { env: string; org?: string; name: string }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const db = core.storage.db;
    if (opts.org) {
      const scope = (await scopeOf(core, env.id, opts.org)) as Required<RoleScope>;
      await updateDefaultOrganizationRole(db, scope, opts.name);
      process.stdout.write(`new members of ${opts.org} get role ${opts.name}\n`);
    } else {
      await updateDefaultRoles(db, env.id, { member: opts.name, memberField: 'role', creatorField: 'role' });
      process.stdout.write(`new members in ${env.name} get role ${opts.name}\n`);
    }
  });
}

/** `latchkey roles <list|create|set-default> …`, dispatched from main.ts. */
export async function rolesCommand(
  config: Config,
  log: Logger,
  o: { action: string; positional: string | undefined; env: string; org?: string; displayName?: string; base?: string },
): Promise<void> {
  const usage = (msg: string) => new DomainError('invalid_argument', `${msg} (see npx latchkey help)`);
  if (o.action === 'list') return listRolesCommand(config, log, { env: o.env, org: o.org });
  if (!o.positional) throw usage(`roles ${o.action} needs the role name: roles ${o.action} <name>`);
  if (o.action === 'create') return createRoleCommand(config, log, { env: o.env, org: o.org, name: o.positional, displayName: o.displayName, base: o.base });
  if (o.action === 'set-default') return setDefaultRoleCommand(config, log, { env: o.env, org: o.org, name: o.positional });
  throw usage(`unknown command 'roles ${o.action}'; it takes list, create or set-default`);
}
