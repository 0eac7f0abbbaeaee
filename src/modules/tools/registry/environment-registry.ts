import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { cachedCustomTools } from '../custom/custom-tool-cache.js';
import type { CustomTool } from '../custom/custom-tool.js';
import { registeredCustomTool } from '../custom/registered-custom-tool.js';
import { registryOf, type ToolRegistry } from './tool-registry.js';
import { keepAccountTools } from './account-tool-source.js';

/** One default per name even if two writers raced (the later one wins); no custom tool shadows a built-in. */
function servable(base: ToolRegistry, tools: CustomTool[]): CustomTool[] {
  const defaults = new Map<string, CustomTool>();
  for (const t of tools) if (t.isDefault && (!defaults.has(t.name) || defaults.get(t.name)!.updatedAt < t.updatedAt)) defaults.set(t.name, t);
  return tools.filter((t) => !base.byName(t.name)).map((t) => (t.isDefault && defaults.get(t.name) !== t ? { ...t, isDefault: false } : t));
}

/**
 * The tools one environment serves: the built-in catalog (`base`) and its custom tools, every
 * version. Built once per cached set of custom tools (custom-tool-cache.ts), so listing costs no
 * query while the cache is fresh; an environment without custom tools gets `base` itself.
 */
export async function environmentToolRegistry(db: Kysely<Tables>, base: ToolRegistry, envId: string): Promise<ToolRegistry> {
  const set = await cachedCustomTools(db, envId);
  if (!set.tools.length) return base;
  let merged = set.derived.get(base) as ToolRegistry | undefined;
  if (!merged) {
    merged = keepAccountTools(base, registryOf([...base.everyVersion, ...servable(base, set.tools).map(registeredCustomTool)], base.loadedAt));
    set.derived.set(base, merged);
  }
  return merged;
}
