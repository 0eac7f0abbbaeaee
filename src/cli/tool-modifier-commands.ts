import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { MODIFIER_TTL_MS } from '../modules/tools/modifiers/modifier-cache.js';
import { deleteToolModifier, getToolModifier, listToolModifiers, setToolModifier, type ToolModifier } from '../modules/tools/modifiers/tool-modifiers.js';
import { builtinToolRegistry } from '../modules/tools/registry/tool-registry.js';
import { environmentToolRegistry } from '../modules/tools/registry/environment-registry.js';
import { withEnv } from './authorization-commands.js';
import { readJsonFile } from './read-json-file.js';

/** Writes from this process reach no server's cache; the caches expire instead. */
const PICKUP_NOTE = `Running servers pick the change up within ${MODIFIER_TTL_MS / 1000} seconds.\n`;

export interface ModifierCommandArgs {
  env: string;
  tool: string;
  connection?: string;
}

const scopeOf = (a: ModifierCommandArgs) => ({ toolName: a.tool, connectionName: a.connection ?? null });
const where = (m: Pick<ToolModifier, 'tool_name' | 'connection_name'>, env: string) =>
  `${m.tool_name} in ${env}${m.connection_name ? ` (connection ${m.connection_name})` : ' (every connection without its own rule)'}`;

/** `latchkey tools modifiers set --env E --tool T [--connection C] --file rule.json`: creates or replaces. */
export async function setToolModifierCommand(config: Config, log: Logger, args: ModifierCommandArgs & { file: string }): Promise<void> {
  const body = readJsonFile(args.file);
  await withEnv(config, log, args.env, async (core, env) => {
    const m = await setToolModifier(core.storage.db, await environmentToolRegistry(core.storage.db, builtinToolRegistry(), env.id), env.id, scopeOf(args), body);
    process.stdout.write(`modifier set for ${where(m, env.name)}:\n${JSON.stringify(m, null, 2)}\n${PICKUP_NOTE}`);
  });
}

/** `latchkey tools modifiers show [--env E] --tool T [--connection C]`: the stored rule as JSON (a valid --file). */
export async function showToolModifierCommand(config: Config, log: Logger, args: ModifierCommandArgs): Promise<void> {
  await withEnv(config, log, args.env, async (core, env) => {
    process.stdout.write(JSON.stringify(await getToolModifier(core.storage.db, await environmentToolRegistry(core.storage.db, builtinToolRegistry(), env.id), env.id, scopeOf(args)), null, 2) + '\n');
  });
}

export async function deleteToolModifierCommand(config: Config, log: Logger, args: ModifierCommandArgs): Promise<void> {
  await withEnv(config, log, args.env, async (core, env) => {
    await deleteToolModifier(core.storage.db, await environmentToolRegistry(core.storage.db, builtinToolRegistry(), env.id), env.id, scopeOf(args));
    process.stdout.write(`modifier deleted for ${where({ tool_name: args.tool, connection_name: args.connection ?? null }, env.name)}\n${PICKUP_NOTE}`);
  });
}

const summary = (m: ToolModifier): string => {
  const parts = m.pre.map((r) => `${r.op} ${r.path}`);
  if (m.post.keep) parts.push(`keep ${m.post.keep.length} field(s)`);
  if (m.post.drop.length) parts.push(`drop ${m.post.drop.length} field(s)`);
  if (m.post.max_string_length !== null) parts.push(`strings ≤ ${m.post.max_string_length}`);
  if (m.post.max_array_items !== null) parts.push(`lists ≤ ${m.post.max_array_items}`);
  return parts.join(', ');
};

/** `latchkey tools modifiers list [--env E] [--tool T]`: one line per modifier, every page. */
export async function listToolModifiersCommand(config: Config, log: Logger, args: { env: string; tool?: string }): Promise<void> {
  await withEnv(config, log, args.env, async (core, env) => {
    const all: ToolModifier[] = [];
    let pageToken: string | undefined;
    do {
      const page = await listToolModifiers(core.storage.db, env.id, { toolName: args.tool, pageSize: 100, pageToken });
      all.push(...page.modifiers);
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    if (!all.length) {
      process.stdout.write(`no tool modifiers in ${env.name}; add one with: npx latchkey tools modifiers set --env ${env.name} --tool <name> --file rule.json\n`);
      return;
    }
    for (const m of all) process.stdout.write(`${m.tool_name}\t${m.connection_name ?? '*'}\t${summary(m)}\n`);
  });
}
