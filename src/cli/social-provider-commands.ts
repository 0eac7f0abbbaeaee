import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { DomainError } from '../modules/errors/domain-error.js';
import { createSocialProvider, listConfiguredSocialProviders, removeSocialProvider, socialCallbackUrl, type SocialProvider } from '../modules/social-login/index.js';
import { withEnv } from './authorization-commands.js';
import { readJsonFile } from './read-json-file.js';

const line = (p: SocialProvider) =>
  `${p.key}  ${p.kind}  ${p.enabled ? 'enabled' : 'disabled'}  "${p.displayName}"  client_id=${p.clientId}  secret=${p.clientSecretHint}${p.issuer ? `  issuer=${p.issuer}` : ''}\n`;

export interface SocialProviderOptions {
  action: string;
  key: string | undefined;
  env: string | undefined;
  kind?: string;
  clientId?: string;
  clientSecret?: string;
  issuer?: string;
  scopes?: string;
  displayName?: string;
  file?: string;
}

/** `latchkey social-providers <list|add|remove> …`, dispatched from main.ts. */
export async function socialProvidersCommand(config: Config, log: Logger, o: SocialProviderOptions): Promise<void> {
  const usage = (msg: string) => new DomainError('invalid_argument', `${msg} (see npx latchkey help)`);
  if (o.action === 'list') {
    return withEnv(config, log, o.env ?? 'development', async (core, env) => {
      const all = await listConfiguredSocialProviders(core.storage.db, env.id);
      process.stdout.write(all.length ? all.map(line).join('') : `${env.name} has no social providers\n`);
    });
  }
  if (o.action === 'add') {
    if (!o.key) throw usage('social-providers add needs the key: social-providers add google --client-id … --client-secret …');
    const body: Record<string, unknown> = { ...(o.file ? (readJsonFile(o.file) as Record<string, unknown>) : {}), key: o.key };
    if (o.kind) body.kind = o.kind;
    if (o.clientId) body.client_id = o.clientId;
    if (o.clientSecret) body.client_secret = o.clientSecret;
    if (o.issuer) body.issuer = o.issuer;
    if (o.displayName) body.display_name = o.displayName;
    if (o.scopes) body.scopes = o.scopes.split(',').map((s) => s.trim()).filter(Boolean);
    return withEnv(config, log, o.env ?? 'development', async (core, env) => {
      const p = await createSocialProvider(core.storage.db, core.vault, env.id, body);
      process.stdout.write(line(p) + `Register this redirect URI with the provider: ${socialCallbackUrl(config.publicUrl)}\n`);
    });
  }
  if (o.action === 'remove') {
    if (!o.key) throw usage('social-providers remove needs the key: social-providers remove google --env production');
    if (!o.env) throw usage('social-providers remove needs --env <name>');
    return withEnv(config, log, o.env, async (core, env) => {
      await removeSocialProvider(core.storage.db, env.id, o.key!);
      process.stdout.write(`removed social provider ${o.key} from ${env.name} (its users keep their accounts)\n`);
    });
  }
  throw usage(`unknown command 'social-providers ${o.action}'; it takes list, add or remove`);
}
