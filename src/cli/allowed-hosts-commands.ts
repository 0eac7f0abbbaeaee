import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { allowedHostsOf, setAllowedHosts } from '../modules/egress/allowed-hosts.js';
import { TARGET_TTL_MS } from '../modules/proxy/resolve-target.js';
import { withEnv } from './authorization-commands.js';

/** What `set` and `clear` add: this process's ChangeFeed reaches no server, their caches expire instead. */
const PICKUP_NOTE = `Running servers pick the change up within ${TARGET_TTL_MS / 1000} seconds.\n`;

const describe = (envName: string, hosts: string[]): string =>
  hosts.length
    ? `proxy_allowed_hosts for ${envName}: ${hosts.join(' ')}\n`
    : `proxy_allowed_hosts for ${envName}: none (only public addresses are reached); allow hosts with: npx latchkey allowed-hosts set --env ${envName} <host>...\n`;

/** `latchkey allowed-hosts set --env E <host>...`: replaces the environment's list. */
export async function setAllowedHostsCommand(config: Config, log: Logger, envName: string, hosts: string[]): Promise<void> {
  await withEnv(config, log, envName, async (core, env) => {
    const stored = await setAllowedHosts(core.storage.db, env.id, hosts, core.changes);
    process.stdout.write(describe(env.name, stored) + PICKUP_NOTE);
  });
}

/** `latchkey allowed-hosts clear --env E`: only public addresses again. */
export async function clearAllowedHostsCommand(config: Config, log: Logger, envName: string): Promise<void> {
  await withEnv(config, log, envName, async (core, env) => {
    const stored = await setAllowedHosts(core.storage.db, env.id, [], core.changes);
    process.stdout.write(describe(env.name, stored) + PICKUP_NOTE);
  });
}

/** `latchkey allowed-hosts show [--env E]`. */
export async function showAllowedHostsCommand(config: Config, log: Logger, envName: string): Promise<void> {
  await withEnv(config, log, envName, async (core, env) => {
    process.stdout.write(describe(env.name, await allowedHostsOf(core.storage.db, env.id)));
  });
}
