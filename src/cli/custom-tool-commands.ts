import fs from 'node:fs';
import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { DomainError } from '../modules/errors/domain-error.js';
import { readToolModule } from '../modules/tools/sandbox/index.js';
import { builtinToolRegistry } from '../modules/tools/registry/tool-registry.js';
import { createCustomTool } from '../modules/tools/custom/register-custom-tool.js';
import { customToolVersions, deleteCustomTool, deprecateCustomTool, setDefaultCustomTool } from '../modules/tools/custom/custom-tool-versions.js';
import { CUSTOM_TOOLS_TTL_MS } from '../modules/tools/custom/custom-tool-cache.js';
import type { CustomTool } from '../modules/tools/custom/custom-tool.js';
import { withEnv } from './authorization-commands.js';
import { readJsonFile } from './read-json-file.js';
import { userPath } from './user-path.js';

/** Writes from this process reach no server's cache; the caches expire instead. */
const PICKUP_NOTE = `Running servers pick the change up within ${CUSTOM_TOOLS_TTL_MS / 1000} seconds.\n`;

const scopeText = (t: CustomTool) =>
  [t.organizationId && `organization ${t.organizationId}`, t.connectionName && `connection ${t.connectionName}`].filter(Boolean).join(', ') || 'the whole environment';
const line = (t: CustomTool) =>
  `${t.toolVersion}\tschema ${t.schemaVersion}\t${t.isDefault ? 'default' : '-'}\t${t.deprecatedAt ? 'deprecated' : '-'}\t${t.kind}\t${scopeText(t)}\t${t.id}`;

/** tool.json as JSON; tool.js run in the sandbox (C2's readToolModule), its implementation kept as source text. */
function readToolFile(file: string): Record<string, unknown> {
  if (!/\.(c|m)?js$/i.test(file)) return readJsonFile(file) as Record<string, unknown>;
  const resolved = userPath(file);
  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch (err) {
    throw new DomainError('invalid_argument', `cannot read ${resolved}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return readToolModule(text);
}

/** `latchkey tools create --file tool.json|tool.js [--organization O] [--connection C] [--env E]`. */
export async function createToolCommand(config: Config, log: Logger, args: { env: string; file: string; organization?: string; connection?: string }): Promise<void> {
  const body = { ...readToolFile(args.file) };
  if (args.organization !== undefined) body.organization_id = args.organization;
  if (args.connection !== undefined) body.connection_name = args.connection;
  await withEnv(config, log, args.env, async (core, env) => {
    const t = await createCustomTool(core.storage.db, builtinToolRegistry(), env.id, body);
    process.stdout.write(`registered ${t.name} ${t.toolVersion} (${t.id}) in ${env.name}${t.isDefault ? ', the default version' : ''}; scoped to ${scopeText(t)}\n${PICKUP_NOTE}`);
  });
}

/** `latchkey tools versions NAME [--env E]`: one line per version. */
export async function toolVersionsCommand(config: Config, log: Logger, args: { env: string; name: string }): Promise<void> {
  await withEnv(config, log, args.env, async (core, env) => {
    const all = await customToolVersions(core.storage.db, env.id, args.name);
    process.stdout.write(all.map(line).join('\n') + '\n');
  });
}

export async function setDefaultToolCommand(config: Config, log: Logger, args: { env: string; name: string; version: string }): Promise<void> {
  await withEnv(config, log, args.env, async (core, env) => {
    const t = await setDefaultCustomTool(core.storage.db, env.id, { name: args.name, toolVersion: args.version });
    process.stdout.write(`${t.name} ${t.toolVersion} is now the default version in ${env.name}\n${PICKUP_NOTE}`);
  });
}

export async function deprecateToolCommand(config: Config, log: Logger, args: { env: string; name: string; version: string }): Promise<void> {
  await withEnv(config, log, args.env, async (core, env) => {
    const t = await deprecateCustomTool(core.storage.db, env.id, args.name, args.version);
    process.stdout.write(`${t.name} ${t.toolVersion} is deprecated in ${env.name}: still listed and executable, each execution records a warning\n${PICKUP_NOTE}`);
  });
}

/** `latchkey tools delete NAME [--version V] --env E`: one version, or every version. */
export async function deleteToolCommand(config: Config, log: Logger, args: { env: string; name: string; version?: string }): Promise<void> {
  await withEnv(config, log, args.env, async (core, env) => {
    const gone = await deleteCustomTool(core.storage.db, env.id, args.name, args.version);
    process.stdout.write(`deleted ${args.name} ${gone.map((t) => t.toolVersion).join(', ')} from ${env.name}\n${PICKUP_NOTE}`);
  });
}
