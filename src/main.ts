import { parseArgs } from 'node:util';
import { ConfigError } from './config/load-config.js';
import { loadSettings } from './config/load-settings.js';
import { SettingsError } from './config/settings-error.js';
import { requireServerData } from './cli/require-server-data.js';
import { createLogger } from './logging/logger.js';
import { DomainError } from './modules/errors/domain-error.js';
import { MCP_USAGE, mcpCommand } from './cli/mcp-commands.js';
import { SOCIAL_PROVIDERS_USAGE } from './cli/social-provider-usage.js';
import { CLIENT_REDIRECT_URIS_USAGE } from './cli/client-redirect-uri-usage.js';

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
  tools create --file tool.json|tool.js [--organization O] [--connection C] [--env E]
                                 register a custom tool (or a new version of one; README: Custom tools)
  tools versions <name> [--env E]
  tools set-default|deprecate <name> <version> --env <name>
  tools delete <name> [--version V] --env <name>
  tools import-openapi --connection C --file api.yaml [--tag T ...] [--operation ID ...] [--prefix P] [--dry-run] [--env E]
                                 one declarative tool per chosen operation (README: Tools from OpenAPI)
  verification set --env <name> --mode custom|dashboard_users
                                 how OAuth consent is tied to your user (required before OAuth links)
  verification show [--env E]
  allowed-hosts set --env <name> <host>...
                                 non-public hosts/IPs the environment may reach (proxy_allowed_hosts;
                                 replaces the list)
  allowed-hosts show [--env E]
  allowed-hosts clear --env <name>
  admin login-link [--env E]     one-time link signing a browser in as administrator (dashboard_users mode)
  domains list --org ORG [--env E]
  domains add <domain> --org ORG [--type ALLOWED_EMAIL_DOMAIN|ORGANIZATION_DOMAIN] [--env E]
                                 prints the TXT record that proves the organization controls it
  domains verify <domain id> [--force] [--env E]
                                 looks the TXT record up (DNS_SERVERS); --force verifies without DNS
  roles list [--org ORG] [--env E]
  roles create <name> [--display-name D] [--base ROLE] [--org ORG] [--env E]
  roles set-default <name> [--org ORG] [--env E]   the role new members get
${MCP_USAGE}
${SOCIAL_PROVIDERS_USAGE}
${CLIENT_REDIRECT_URIS_USAGE}
  users list [--env E] [--org ORG] [--query Q]
  users show|delete <user id> [--env E]       (delete needs --env)
  users create --env <name> --org ORG --email ADDRESS [--name N] [--invite]
                                 adds a member (with --invite: PENDING_INVITE and an invitation email)
  emails list [--env E]          latest emails; without SMTP_URL they wait here, links included
  emails template show|set|reset --name invitation|passwordless_{signin,signup}_{otp,link,link_otp} [--env E] [--file template.json]
                                 an environment's email texts: {"subject","text","html"} with {{variables}}

Settings: environment variables, then .env in the directory you run the command in; the
environment wins. Every start of serve records in .latchkey/server.json there the data directory
and public URL it uses, and the other commands run in that directory use them too. They never
create a new database or master key (migrate may). See Configuration in the README.`;

async function main(argv: string[]): Promise<void> {
  // `mcp …` has options of its own (src/cli/mcp-commands.ts).
  if (argv[0] === 'mcp') return mcpCommand(argv.slice(1));
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
      force: { type: 'boolean' },
      base: { type: 'string' },
      'display-name': { type: 'string' },
      organization: { type: 'string' },
      version: { type: 'string' },
      org: { type: 'string' },
      email: { type: 'string' },
      query: { type: 'string' },
      invite: { type: 'boolean' },
      tag: { type: 'string', multiple: true },
      operation: { type: 'string', multiple: true },
      prefix: { type: 'string' },
      'dry-run': { type: 'boolean' },
      kind: { type: 'string' },
      issuer: { type: 'string' },
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
  // Custom tool commands name their tool (and version) as positionals: `tools set-default my_tool 2.0.0`.
  const toolNamed = positionals[0] === 'tools' && ['versions', 'set-default', 'deprecate', 'delete'].includes(positionals[1]);
  const command =
    positionals[0] === 'clients' && positionals[1] === 'redirect-uris'
      ? positionals.slice(0, 3).join(' ')
      : positionals[0] === 'providers'
      ? 'providers'
      : toolNamed || positionals[0] === 'allowed-hosts' || (positionals[0] === 'connections' && positionals[1] === 'update') || (positionals[0] === 'users' && ['show', 'delete'].includes(positionals[1])) || positionals[0] === 'domains' || positionals[0] === 'roles' || positionals[0] === 'social-providers'
        ? positionals.slice(0, 2).join(' ')
        : positionals.join(' ');
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command '${command}'`);
  // The tool catalog is code: listing it needs no server data.
  if (command === 'tools list') return (await import('./cli/tool-commands.js')).listToolsCommand({ provider: values.provider });
  // The server writes the record the other commands read, so it reads none itself.
  const settings = loadSettings({ useServerRecord: command !== 'serve' });
  for (const note of settings.notes) process.stderr.write(`latchkey: note: ${note}\n`);
  if (command !== 'serve') requireServerData(settings, { mayCreate: command === 'migrate' });
  const config = settings.config;
  const log = createLogger(config.logLevel, command === 'serve' ? undefined : process.stderr as never);
  // Each command's module is imported when it runs: loading every command's module graph (the
  // server, the sandbox, MCP, OAuth) made each CLI call take seconds before doing anything.
  switch (command) {
    case 'serve': {
      // Loaded only here: the server's module graph (MCP, OAuth, sandbox…) would slow every other command.
      const { serveCommand } = await import('./cli/serve.js');
      return serveCommand(config, log, settings.workDir);
    }
    case 'migrate':
      return (await import('./cli/admin-commands.js')).migrateCommand(config, log);
    case 'clients create':
      if (!values.env) throw new UsageError('clients create needs --env <name> (development or production)');
      return (await import('./cli/admin-commands.js')).createClientCommand(config, log, values.env);
    case 'providers':
      return (await import('./cli/provider-commands.js')).providersCommand(config, log, {
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
      return (await import('./cli/admin-commands.js')).rotateKeysCommand(config, log);
    case 'connections create':
      if (!values.provider) throw new UsageError('connections create needs --provider <key> (e.g. gmail, or a custom provider identifier)');
      return (await import('./cli/connection-commands.js')).createConnectionCommand(config, log, {
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
      return (await import('./cli/connection-commands.js')).updateConnectionCommand(config, log, { env: values.env ?? 'development', name, proxyUrl: values['clear-proxy-url'] ? null : values['proxy-url']! });
    }
    case 'connections list':
      return (await import('./cli/connection-commands.js')).listConnectionsCommand(config, log, values.env ?? 'development');
    case 'verification set':
      if (!values.env || !values.mode) throw new UsageError('verification set needs --env <name> and --mode custom|dashboard_users');
      return (await import('./cli/authorization-commands.js')).setVerificationCommand(config, log, values.env, values.mode);
    case 'verification show':
      return (await import('./cli/authorization-commands.js')).showVerificationCommand(config, log, values.env ?? 'development');
    case 'allowed-hosts set':
      if (!values.env || positionals.length < 3) {
        throw new UsageError('allowed-hosts set needs --env <name> and at least one host (it replaces the list; to empty it: allowed-hosts clear --env <name>)');
      }
      return (await import('./cli/allowed-hosts-commands.js')).setAllowedHostsCommand(config, log, values.env, positionals.slice(2));
    case 'allowed-hosts show':
    case 'allowed-hosts clear':
      if (positionals.length > 2) throw new UsageError(`${command} takes no host names`);
      if (command === 'allowed-hosts show') return (await import('./cli/allowed-hosts-commands.js')).showAllowedHostsCommand(config, log, values.env ?? 'development');
      if (!values.env) throw new UsageError('allowed-hosts clear needs --env <name>');
      return (await import('./cli/allowed-hosts-commands.js')).clearAllowedHostsCommand(config, log, values.env);
    case 'tools modifiers set':
      if (!values.env || !values.tool || !values.file) throw new UsageError('tools modifiers set needs --env <name>, --tool <tool name> and --file rule.json');
      return (await import('./cli/tool-modifier-commands.js')).setToolModifierCommand(config, log, { env: values.env, tool: values.tool, connection: values.connection, file: values.file });
    case 'tools modifiers show':
    case 'tools modifiers delete':
      if (!values.tool) throw new UsageError(`${command} needs --tool <tool name>`);
      if (command === 'tools modifiers show') return (await import('./cli/tool-modifier-commands.js')).showToolModifierCommand(config, log, { env: values.env ?? 'development', tool: values.tool, connection: values.connection });
      if (!values.env) throw new UsageError('tools modifiers delete needs --env <name>');
      return (await import('./cli/tool-modifier-commands.js')).deleteToolModifierCommand(config, log, { env: values.env, tool: values.tool, connection: values.connection });
    case 'tools modifiers list':
      return (await import('./cli/tool-modifier-commands.js')).listToolModifiersCommand(config, log, { env: values.env ?? 'development', tool: values.tool });
    case 'tools create':
      if (!values.file) throw new UsageError('tools create needs --file tool.json|tool.js');
      return (await import('./cli/custom-tool-commands.js')).createToolCommand(config, log, { env: values.env ?? 'development', file: values.file, organization: values.organization, connection: values.connection });
    case 'tools versions':
    case 'tools set-default':
    case 'tools deprecate':
    case 'tools delete': {
      const [name, version] = positionals.slice(2);
      const wantsVersion = command === 'tools set-default' || command === 'tools deprecate';
      if (!name || positionals.length > (wantsVersion ? 4 : 3) || (wantsVersion && !version)) {
        throw new UsageError(`${command} needs the tool name${wantsVersion ? ' and version' : ''}: ${command} <name>${wantsVersion ? ' <version>' : ''}`);
      }
      if (command === 'tools versions') return (await import('./cli/custom-tool-commands.js')).toolVersionsCommand(config, log, { env: values.env ?? 'development', name });
      if (!values.env) throw new UsageError(`${command} needs --env <name>`);
      if (command === 'tools delete') return (await import('./cli/custom-tool-commands.js')).deleteToolCommand(config, log, { env: values.env, name, version: values.version });
      if (command === 'tools set-default') return (await import('./cli/custom-tool-commands.js')).setDefaultToolCommand(config, log, { env: values.env, name, version });
      return (await import('./cli/custom-tool-commands.js')).deprecateToolCommand(config, log, { env: values.env, name, version });
    }
    case 'tools import-openapi':
      if (!values.connection || !values.file) throw new UsageError('tools import-openapi needs --connection <name> and --file api.yaml|api.json');
      return (await import('./cli/openapi-import-commands.js')).importOpenApiCommand(config, log, { env: values.env ?? 'development', connection: values.connection, file: values.file, tags: values.tag ?? [], operations: values.operation ?? [], prefix: values.prefix, dryRun: values['dry-run'] === true });
    case 'admin login-link':
      return (await import('./cli/authorization-commands.js')).adminLoginLinkCommand(config, log, values.env ?? 'development');
    case 'users list':
      return (await import('./cli/user-commands.js')).listUsersCommand(config, log, { env: values.env ?? 'development', org: values.org, query: values.query });
    case 'users show':
    case 'users delete': {
      const id = positionals[2];
      if (!id || positionals.length > 3) throw new UsageError(`${command} needs one user id: ${command} usr_…`);
      if (command === 'users show') return (await import('./cli/user-commands.js')).showUserCommand(config, log, { env: values.env ?? 'development', id });
      if (!values.env) throw new UsageError('users delete needs --env <name>');
      return (await import('./cli/user-commands.js')).deleteUserCommand(config, log, { env: values.env, id });
    }
    case 'users create':
      if (!values.env || !values.org || !values.email) throw new UsageError('users create needs --env <name>, --org <organization id> and --email <address>');
      return (await import('./cli/user-commands.js')).createUserCommand(config, log, { env: values.env, org: values.org, email: values.email, name: values.name, invite: values.invite ?? false });
    case 'emails list':
      return (await import('./cli/email-commands.js')).listEmailsCommand(config, log, values.env ?? 'development');
    case 'emails template show':
    case 'emails template set':
    case 'emails template reset':
      if (command !== 'emails template show' && !values.env) throw new UsageError(`${command} needs --env <name>`);
      return (await import('./cli/email-commands.js')).emailTemplateCommand(config, log, { action: positionals[2], env: values.env ?? 'development', name: values.name, file: values.file });
    case 'domains list':
    case 'domains add':
    case 'domains verify':
      return (await import('./cli/domain-commands.js')).domainsCommand(config, log, { action: positionals[1], positional: positionals[2], env: values.env ?? 'development', org: values.org, type: values.type, force: values.force ?? false });
    case 'roles list':
    case 'roles create':
    case 'roles set-default':
      return (await import('./cli/role-commands.js')).rolesCommand(config, log, { action: positionals[1], positional: positionals[2], env: values.env ?? 'development', org: values.org, displayName: values['display-name'], base: values.base });
    case 'social-providers list':
    case 'social-providers add':
    case 'social-providers remove':
      return (await import('./cli/social-provider-commands.js')).socialProvidersCommand(config, log, {
        action: positionals[1], key: positionals[2], env: values.env, kind: values.kind, clientId: values['client-id'], clientSecret: values['client-secret'],
        issuer: values.issuer, scopes: values.scopes, displayName: values['display-name'], file: values.file,
      });
    case 'clients redirect-uris list':
    case 'clients redirect-uris add':
    case 'clients redirect-uris remove':
      if (positionals.length > (positionals[2] === 'list' ? 4 : 5)) throw new UsageError(`${command} takes the client id${positionals[2] === 'list' ? '' : ' and one URI'}`);
      return (await import('./cli/client-redirect-uri-commands.js')).clientRedirectUrisCommand(config, log, { action: positionals[2], clientId: positionals[3], uri: positionals[4], kind: values.kind, env: values.env ?? 'development' });
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
  'tools create',
  'tools versions',
  'tools set-default',
  'tools deprecate',
  'tools delete',
  'tools import-openapi',
  'admin login-link',
  'users list',
  'users show',
  'users delete',
  'users create',
  'emails list',
  'emails template show',
  'emails template set',
  'emails template reset',
  'domains list',
  'domains add',
  'domains verify',
  'roles list',
  'roles create',
  'roles set-default',
  'social-providers list',
  'social-providers add',
  'social-providers remove',
  'clients redirect-uris list',
  'clients redirect-uris add',
  'clients redirect-uris remove',
];

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`latchkey: ${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof SettingsError || err instanceof DomainError) process.stderr.write(`latchkey: ${err.message}\n`);
  else if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') process.stderr.write(`latchkey: ${(err as Error).message}\n\n${USAGE}\n`);
  else process.stderr.write(`latchkey: cannot start: ${(err as Error).message}\n`);
  process.exit(2);
});
