import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { createConnection, listAllConnections, updateConnection } from '../modules/connections/connections.js';
import type { Connection } from '../modules/connections/connection.js';
import { oauthRedirectUri } from '../modules/connections/redirect-uri.js';
import { TARGET_TTL_MS } from '../modules/proxy/resolve-target.js';
import { withEnv } from './authorization-commands.js';

export interface CreateConnectionOptions {
  env: string;
  provider: string;
  name?: string;
  type?: string;
  clientId?: string;
  clientSecret?: string;
  /** Comma- or space-separated. */
  scopes?: string;
  proxyUrl?: string;
}

/** `key: value` lines; the secret appears only as its hint. */
function describe(c: Connection, publicUrl: string): string {
  const lines: Array<[string, string | undefined]> = [
    ['id', c.id],
    ['name', c.connectionName],
    ['provider', c.providerKey],
    ['type', c.authType],
    ['status', c.status],
    ['enabled', String(c.enabled)],
    ['proxy_url', c.proxyUrl ?? "(the provider's)"],
  ];
  if (c.authType === 'OAUTH') {
    lines.push(
      ['client_id', c.clientId ?? '(not set)'],
      ['client_secret', c.hasClientSecret ? c.clientSecretHint ?? '••••' : '(not set)'],
      ['scopes', c.scopes.join(' ') || '(none)'],
      ['redirect_uri', oauthRedirectUri(publicUrl)],
    );
  }
  return lines.map(([k, v]) => `${(k + ':').padEnd(15)}${v}`).join('\n');
}

/** `latchkey connections create --provider gmail …`: prints the new connection. */
export async function createConnectionCommand(config: Config, log: Logger, opts: CreateConnectionOptions): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const c = await createConnection(core.storage.db, core.vault, env.id, {
      providerKey: opts.provider,
      connectionName: opts.name,
      authType: opts.type?.toUpperCase(),
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      scopes: opts.scopes?.split(/[\s,]+/).filter(Boolean),
      proxyUrl: opts.proxyUrl,
    });
    process.stdout.write(`created connection '${c.connectionName}' in ${env.name}\n${describe(c, config.publicUrl)}\n`);
    if (c.authType === 'OAUTH') process.stdout.write(`\nAllow ${oauthRedirectUri(config.publicUrl)} as a redirect URI in the provider's OAuth app.\n`);
  });
}

/** `latchkey connections list`: one line per connection, oldest first. */
export async function listConnectionsCommand(config: Config, log: Logger, envName: string): Promise<void> {
  await withEnv(config, log, envName, async (core, env) => {
    const all = await listAllConnections(core.storage.db, env.id);
    if (!all.length) {
      process.stdout.write(`no connections in ${env.name}; create one with: npx latchkey connections create --provider <key> --env ${env.name}\n`);
      return;
    }
    const rows = [['NAME', 'PROVIDER', 'TYPE', 'STATUS', 'ENABLED', 'ID'], ...all.map((c) => [c.connectionName, c.providerKey, c.authType, c.status, String(c.enabled), c.id])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    process.stdout.write(rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] + 2))).join('')).join('\n') + '\n');
  });
}

/** `latchkey connections update <name> --proxy-url URL | --clear-proxy-url`: prints the connection. */
export async function updateConnectionCommand(config: Config, log: Logger, opts: { env: string; name: string; proxyUrl: string | null }): Promise<void> {
  await withEnv(config, log, opts.env, async (core, env) => {
    const c = await updateConnection(core.storage.db, core.vault, env.id, { idOrName: opts.name }, { proxyUrl: opts.proxyUrl });
    core.changes.environmentChanged(env.id);
    // This process's change feed reaches no server; their caches expire instead.
    process.stdout.write(`updated connection '${c.connectionName}' in ${env.name}\n${describe(c, config.publicUrl)}\nRunning servers pick the change up within ${TARGET_TTL_MS / 1000} seconds.\n`);
  });
}
