import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { addRedirectUri, checkKind, listRedirectUris, removeRedirectUri, type RegisteredUris } from '../modules/clients/redirect-uris.js';
import { withEnv } from './authorization-commands.js';

const describe = (clientId: string, u: RegisteredUris): string =>
  [
    `redirect URIs of ${clientId} (after sign-in): ${u.redirectUris.length ? '' : 'none'}`,
    ...u.redirectUris.map((x) => `  ${x}`),
    `post-logout redirect URIs of ${clientId}: ${u.postLogoutRedirectUris.length ? '' : 'none'}`,
    ...u.postLogoutRedirectUris.map((x) => `  ${x}`),
  ].join('\n') + '\n';

/** `latchkey clients redirect-uris list|add|remove <client_id> [uri] [--kind K] [--env E]`. */
export async function clientRedirectUrisCommand(config: Config, log: Logger, a: { action: string; clientId?: string; uri?: string; kind?: string; env: string }): Promise<void> {
  if (!a.clientId) throw new Error(`clients redirect-uris ${a.action} needs the client id (skc_…)`);
  const clientId = a.clientId;
  await withEnv(config, log, a.env, async (core, env) => {
    const db = core.storage.db;
    if (a.action === 'list') return void process.stdout.write(describe(clientId, await listRedirectUris(db, env.id, clientId)));
    if (!a.uri) throw new Error(`clients redirect-uris ${a.action} needs the URI`);
    const kind = checkKind(a.kind, '--kind');
    const after = a.action === 'add' ? await addRedirectUri(db, env.id, clientId, kind, a.uri) : await removeRedirectUri(db, env.id, clientId, kind, a.uri);
    process.stdout.write(describe(clientId, after));
  });
}
