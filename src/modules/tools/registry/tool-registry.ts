import type { ToolSpec } from '../definition/tool-spec.js';
import { BUILTIN_TOOLS } from '../catalog/index.js';
import { builtinToolId } from './tool-id.js';

/** A tool as the registry serves it: its spec plus what listing needs precomputed. */
export interface RegisteredTool {
  id: string;
  name: string;
  /** The catalog provider key, lower case (`gmail`), as in the definition. */
  provider: string;
  spec: ToolSpec;
  /** `name`, `display_name` and `description`, lower-cased, for `filter.query`. */
  searchText: string;
}

/** The tools a server serves, in one stable order (by name). Tests build one from their own specs. */
export interface ToolRegistry {
  /** Every tool, sorted by name. */
  readonly all: readonly RegisteredTool[];
  /** When this registry was built: the `updated_at` of its (built-in) tools. */
  readonly loadedAt: Date;
  byName(name: string): RegisteredTool | undefined;
  /** A provider's tools, sorted by name; empty for a provider without tools. */
  byProvider(providerKey: string): readonly RegisteredTool[];
}

export function createToolRegistry(specs: readonly ToolSpec[], loadedAt = new Date()): ToolRegistry {
  const all = specs
    .map((spec): RegisteredTool => {
      const d = spec.definition;
      return { id: builtinToolId(d.name, spec.version), name: d.name, provider: d.provider, spec, searchText: `${d.name}\n${d.display_name}\n${d.description}`.toLowerCase() };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Map<string, RegisteredTool>();
  const providers = new Map<string, RegisteredTool[]>();
  for (const t of all) {
    // Two specs with one name would make ExecuteTool ambiguous: refuse at start-up, not at call time.
    if (names.has(t.name)) throw new Error(`two tools are named '${t.name}'; tool names must be unique across the catalog`);
    names.set(t.name, t);
    const list = providers.get(t.provider) ?? [];
    list.push(t);
    providers.set(t.provider, list);
  }
  return {
    all,
    loadedAt,
    byName: (name) => names.get(name),
    byProvider: (key) => providers.get(key) ?? [],
  };
}

let builtin: ToolRegistry | undefined;
/** The built-in catalog (src/modules/tools/catalog), built once per process. */
export function builtinToolRegistry(): ToolRegistry {
  builtin ??= createToolRegistry(BUILTIN_TOOLS);
  return builtin;
}
