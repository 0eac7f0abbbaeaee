import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { createMailer } from '../modules/email/mailer.js';
import { createUserAndMembership } from '../modules/users/create-user-and-membership.js';
import { listOrganizationUsers } from '../modules/users/organization-users.js';
import type { User } from '../modules/users/user.js';
import { deleteUser, getUser, listUsers } from '../modules/users/users.js';
import { withEnv } from './authorization-commands.js';

const line = (u: User) =>
  [u.id, u.email, u.profile.name || '-', u.memberships.map((m) => `${m.organizationId}:${m.status}:${m.roles.join('+')}`).join(',') || '-'].join('\t');

/** `latchkey users list [--env E] [--org ORG] [--query Q]`: one user a line (id, email, name, memberships). */
export async function listUsersCommand(config: Config, log: Logger, opts: { env: string; org?: string; query?: string }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const page = opts.org
      ? await listOrganizationUsers(core.storage.db, env.id, opts.org, { pageSize: 100, query: opts.query })
      : await listUsers(core.storage.db, env.id, { pageSize: 100, query: opts.query });
    if (!page.items.length) return void process.stdout.write(`no users in ${env.name}${opts.org ? ` organization ${opts.org}` : ''}${opts.query ? ` matching '${opts.query}'` : ''}\n`);
    process.stdout.write(page.items.map(line).join('\n') + '\n');
    if (page.totalSize > page.items.length) process.stdout.write(`(${page.items.length} of ${page.totalSize} shown; narrow with --query)\n`);
  });
}

/** `latchkey users show <id> [--env E]`: the user as JSON. */
export async function showUserCommand(config: Config, log: Logger, opts: { env: string; id: string }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    process.stdout.write(JSON.stringify(await getUser(core.storage.db, env.id, { id: opts.id }), null, 2) + '\n');
  });
}

/** `latchkey users create --env E --org ORG --email A [--name N] [--invite]`: adds a member (an invitation email with --invite). */
export async function createUserCommand(config: Config, log: Logger, opts: { env: string; org: string; email: string; name?: string; invite: boolean }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.emailFrom, db: core.storage.db, vault: core.vault, log });
    try {
      const user = await createUserAndMembership({ db: core.storage.db, mailer, publicUrl: config.publicUrl, log }, env.id, {
        organizationId: opts.org,
        user: { email: opts.email, profile: opts.name ? { name: opts.name } : undefined },
        membership: {},
        sendInvitation: opts.invite,
      });
      process.stdout.write(line(user) + '\n');
      if (opts.invite && !mailer.configured) process.stdout.write(`the invitation is in the outbox (SMTP_URL is unset): npx latchkey emails list --env ${env.name}\n`);
    } finally {
      mailer.close();
    }
  });
}

/** `latchkey users delete <id> --env E`: the user and every membership of theirs. */
export async function deleteUserCommand(config: Config, log: Logger, opts: { env: string; id: string }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    await deleteUser(core.storage.db, env.id, { id: opts.id });
    process.stdout.write(`deleted user ${opts.id} from ${env.name}\n`);
  });
}
