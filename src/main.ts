import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config/load-config.js';
import { createLogger } from './logging/logger.js';
import { serveCommand } from './cli/serve.js';
import { createClientCommand, migrateCommand, rotateKeysCommand } from './cli/admin-commands.js';
import { providersCommand } from './cli/provider-commands.js';
import { createConnectionCommand, listConnectionsCommand } from './cli/connection-commands.js';
import { adminLoginLinkCommand, setVerificationCommand, showVerificationCommand } from './cli/authorization-commands.js';
import { clearAllowedHostsCommand, setAllowedHostsCommand, showAllowedHostsCommand } from './cli/allowed-hosts-commands.js';
import { DomainError } from './modules/errors/domain-error.js';

const USAGE = `Usage: latchkey <command>

  serve                          run the server (default)
  migrate                        apply database migrations and exit
  clients create --env <name>    create an API client; prints SCALEKIT_* lines for an app's .env
  keys rotate                    rotate the token-signing key and the data-encryption key
  providers list [--env E] [--type CUSTOM|BUILTIN]
  providers create --file provider.json [--env E]
  providers update <identifier> --file provider.json [--env E]
  providers delete <identifier> [--env E]
  providers diff <identifier> --from development --to production
  providers promote <identifier> --from development --to production
  connections create --provider <key> [--name N] [--type OAUTH|BASIC|BEARER|API_KEY]
      [--client-id ID --client-secret S] [--scopes a,b] [--env E]   (name defaults to the provider key)
  connections list [--env E]
  verification set --env <name> --mode custom|dashboard_users
                                 how OAuth consent is tied to your user (required before OAuth links)
  verification show [--env E]
  allowed-hosts set --env <name> <host>...
                                 non-public hosts/IPs the environment may reach (proxy_allowed_hosts;
                                 replaces the list)
  allowed-hosts show [--env E]
  allowed-hosts clear --env <name>
  admin login-link [--env E]     one-time link signing a browser in as administrator (dashboard_users mode)

Configuration comes from environment variables; see the README.`;

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
      mode: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const config = loadConfig();
  // CLI commands log to stderr so their stdout stays machine-readable.
  // Resource commands take an action and an optional identifier: `providers promote my_asana`.
  // `allowed-hosts set` takes the hosts as positionals too: `allowed-hosts set --env E 127.0.0.1 sidecar.internal`.
  const command =
    positionals[0] === 'providers' ? 'providers' : positionals[0] === 'allowed-hosts' ? positionals.slice(0, 2).join(' ') : positionals.join(' ') || 'serve';
  const log = createLogger(config.logLevel, command === 'serve' ? undefined : process.stderr as never);
  switch (command) {
    case 'serve':
      return serveCommand(config, log);
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
      });
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
    case 'admin login-link':
      return adminLoginLinkCommand(config, log, values.env ?? 'development');
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`latchkey: ${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof DomainError) process.stderr.write(`latchkey: ${err.message}\n`);
  else if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') process.stderr.write(`latchkey: ${(err as Error).message}\n\n${USAGE}\n`);
  else process.stderr.write(`latchkey: cannot start: ${(err as Error).message}\n`);
  process.exit(2);
});
