import { parseArgs } from 'node:util';
import { ConfigError } from './config/load-config.js';
import { loadSettings } from './config/load-settings.js';
import { SettingsError } from './config/settings-error.js';
import { requireServerData } from './cli/require-server-data.js';
import { createLogger } from './logging/logger.js';
import { serveCommand } from './cli/serve.js';
import { createClientCommand, migrateCommand, rotateKeysCommand } from './cli/admin-commands.js';
import { providersCommand } from './cli/provider-commands.js';
import { createConnectionCommand, listConnectionsCommand, updateConnectionCommand } from './cli/connection-commands.js';
import { listToolsCommand } from './cli/tool-commands.js';
import { deleteToolModifierCommand, listToolModifiersCommand, setToolModifierCommand, showToolModifierCommand } from './cli/tool-modifier-commands.js';
import { adminLoginLinkCommand, setVerificationCommand, showVerificationCommand } from './cli/authorization-commands.js';
import { clearAllowedHostsCommand, setAllowedHostsCommand, showAllowedHostsCommand } from './cli/allowed-hosts-commands.js';
import { DomainError } from './modules/errors/domain-error.js';

const USAGE = `Usage: npx latchkey <command>      (the same as npm run latchkey -- <command>)

  serve                          run the server (what npm start does)
  migrate                        apply database migrations and exit
  clients create --env <name>    create an API client; prints SCALEKIT_* lines for an app's .env
  keys rotate                    rotate the token-signing key and the data-encryption key
  providers list [--env E] [--type CUSTOM|BUILTIN]
  providers create --file provider.json [--env E]
  providers update <identifier> --file provider.json [--env E]
  providers delete <identifier> [--env E]
  providers diff <identifier> --from development --to production
  providers promote <identifier> --from development --to production [--confirm-destination-change]
  connections create --provider <key> [--name N] [--type OAUTH|BASIC|BEARER|API_KEY]
      [--client-id ID --client-secret S] [--scopes a,b] [--proxy-url URL] [--env E]
                                 (name defaults to the provider key; --proxy-url replaces the
                                 provider's proxy_url for this connection: an enterprise instance)
  connections update <name> --proxy-url URL | --clear-proxy-url [--env E]
  connections list [--env E]
  tools list [--provider P]      the built-in tools: name, provider, description
  tools modifiers set --env <name> --tool T [--connection C] --file rule.json
                                 pre/post rules for every execution of tool T (README: Tools → Modifiers)
  tools modifiers show|delete --tool T [--connection C] [--env E]   (delete needs --env)
  tools modifiers list [--env E] [--tool T]
  verification set --env <name> --mode custom|dashboard_users
                                 how OAuth consent is tied to your user (required before OAuth links)
  verification show [--env E]
  allowed-hosts set --env <name> <host>...
                                 non-public hosts/IPs the environment may reach (proxy_allowed_hosts;
                                 replaces the list)
  allowed-hosts show [--env E]
  allowed-hosts clear --env <name>
  admin login-link [--env E]     one-time link signing a browser in as administrator (dashboard_users mode)

Settings: environment variables, then .env in the directory you run the command in; the
environment wins. Every start of serve records in .latchkey/server.json there the data directory
and public URL it uses, and the other commands run in that directory use them too. They never
create a new database or master key (migrate may). See Configuration in the README.`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      env: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      file: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      type: { type: 'string' },
      provider: { type: 'string' },
      name: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      scopes: { type: 'string' },
      'proxy-url': { type: 'string' },
      'clear-proxy-url': { type: 'boolean' },
      mode: { type: 'string' },
      tool: { type: 'string' },
      connection: { type: 'string' },
      'confirm-destination-change': { type: 'boolean' },
    },
  });
  if (values.help || positionals[0] === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  // The bare command used to start a second server; `serve` is explicit (npm start passes it).
  if (!positionals.length) throw new UsageError('no command given');
  // CLI commands log to stderr so their stdout stays machine-readable.
  // Resource commands take an action and an optional identifier: `providers promote my_asana`.
  // `allowed-hosts set` takes the hosts as positionals too: `allowed-hosts set --env E 127.0.0.1 sidecar.internal`.
  // `connections update <name>` names its connection the same way.
  const command =
    positionals[0] === 'providers'
      ? 'providers'
      : positionals[0] === 'allowed-hosts' || (positionals[0] === 'connections' && positionals[1] === 'update')
        ? positionals.slice(0, 2).join(' ')
        : positionals.join(' ');
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command '${command}'`);
  // The tool catalog is code: listing it needs no server data.
  if (command === 'tools list') return listToolsCommand({ provider: values.provider });
  // The server writes the record the other commands read, so it reads none itself.
  const settings = loadSettings({ useServerRecord: command !== 'serve' });
  for (const note of settings.notes) process.stderr.write(`latchkey: note: ${note}\n`);
  if (command !== 'serve') requireServerData(settings, { mayCreate: command === 'migrate' });
  const config = settings.config;
  const log = createLogger(config.logLevel, command === 'serve' ? undefined : process.stderr as never);
  switch (command) {
    case 'serve':
      return serveCommand(config, log, settings.workDir);
    case 'migrate':
      return migrateCommand(config, log);
    case 'clients create':
      if (!values.env) throw new UsageError('clients create needs --env <name> (development or production)');
      return createClientCommand(config, log, values.env);
    case 'providers':
      return providersCommand(config, log, {
        action: positionals[1] ?? 'list',
        identifier: positionals[2],
        file: values.file,
        env: values.env ?? 'development',
        from: values.from ?? 'development',
        to: values.to ?? 'production',
        type: values.type,
        confirmDestinationChange: values['confirm-destination-change'],
      });
    case 'keys rotate':
      return rotateKeysCommand(config, log);
    case 'connections create':
      if (!values.provider) throw new UsageError('connections create needs --provider <key> (e.g. gmail, or a custom provider identifier)');
      return createConnectionCommand(config, log, {
        env: values.env ?? 'development',
        provider: values.provider,
        name: values.name,
        type: values.type,
        clientId: values['client-id'],
        clientSecret: values['client-secret'],
        scopes: values.scopes,
        proxyUrl: values['proxy-url'],
      });
    case 'connections update': {
      const name = positionals[2];
      if (!name || positionals.length > 3) throw new UsageError('connections update needs the connection name: connections update <name> --proxy-url URL');
      if ((values['proxy-url'] === undefined) === !values['clear-proxy-url']) {
        throw new UsageError('connections update needs exactly one of --proxy-url URL or --clear-proxy-url');
      }
      return updateConnectionCommand(config, log, { env: values.env ?? 'development', name, proxyUrl: values['clear-proxy-url'] ? null : values['proxy-url']! });
    }
    case 'connections list':
      return listConnectionsCommand(config, log, values.env ?? 'development');
    case 'verification set':
      if (!values.env || !values.mode) throw new UsageError('verification set needs --env <name> and --mode custom|dashboard_users');
      return setVerificationCommand(config, log, values.env, values.mode);
    case 'verification show':
      return showVerificationCommand(config, log, values.env ?? 'development');
    case 'allowed-hosts set':
      if (!values.env || positionals.length < 3) {
        throw new UsageError('allowed-hosts set needs --env <name> and at least one host (it replaces the list; to empty it: allowed-hosts clear --env <name>)');
      }
      return setAllowedHostsCommand(config, log, values.env, positionals.slice(2));
    case 'allowed-hosts show':
    case 'allowed-hosts clear':
      if (positionals.length > 2) throw new UsageError(`${command} takes no host names`);
      if (command === 'allowed-hosts show') return showAllowedHostsCommand(config, log, values.env ?? 'development');
      if (!values.env) throw new UsageError('allowed-hosts clear needs --env <name>');
      return clearAllowedHostsCommand(config, log, values.env);
    case 'tools modifiers set':
      if (!values.env || !values.tool || !values.file) throw new UsageError('tools modifiers set needs --env <name>, --tool <tool name> and --file rule.json');
      return setToolModifierCommand(config, log, { env: values.env, tool: values.tool, connection: values.connection, file: values.file });
    case 'tools modifiers show':
    case 'tools modifiers delete':
      if (!values.tool) throw new UsageError(`${command} needs --tool <tool name>`);
      if (command === 'tools modifiers show') return showToolModifierCommand(config, log, { env: values.env ?? 'development', tool: values.tool, connection: values.connection });
      if (!values.env) throw new UsageError('tools modifiers delete needs --env <name>');
      return deleteToolModifierCommand(config, log, { env: values.env, tool: values.tool, connection: values.connection });
    case 'tools modifiers list':
      return listToolModifiersCommand(config, log, { env: values.env ?? 'development', tool: values.tool });
    case 'admin login-link':
      return adminLoginLinkCommand(config, log, values.env ?? 'development');
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

class UsageError extends Error {}

const COMMANDS = [
  'serve',
  'migrate',
  'clients create',
  'providers',
  'keys rotate',
  'connections create',
  'connections list',
  'connections update',
  'tools list',
  'verification set',
  'verification show',
  'allowed-hosts set',
  'allowed-hosts show',
  'allowed-hosts clear',
  'tools modifiers set',
  'tools modifiers show',
  'tools modifiers delete',
  'tools modifiers list',
  'admin login-link',
];

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`latchkey: ${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof SettingsError || err instanceof DomainError) process.stderr.write(`latchkey: ${err.message}\n`);
  else if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') process.stderr.write(`latchkey: ${(err as Error).message}\n\n${USAGE}\n`);
  else process.stderr.write(`latchkey: cannot start: ${(err as Error).message}\n`);
  process.exit(2);
});
