import type { ToolSpec } from '../definition/tool-spec.js';
import { BUILTIN_TOOLS } from '../catalog/index.js';
import { builtinToolId } from './tool-id.js';
import type { CustomToolInfo } from '../custom/custom-tool-info.js';

/** A tool as the registry serves it: its spec plus what listing needs precomputed. */
export interface RegisteredTool {
  id: string;
  name: string;
  /** The catalog provider key, lower case (`gmail`), as in the definition; `custom` for code tools. */
  provider: string;
  spec: ToolSpec;
  /** `name`, `display_name` and `description`, lower-cased, for `filter.query`. */
  searchText: string;
  /** Set for a custom tool version: kind, versions, scope (src/modules/tools/custom). */
  custom?: CustomToolInfo;
  /** Set for a tool that exists on one connection only (an MCP connector's imported tool): ExecuteTool runs it there. */
  connectionName?: string;
}

/** The tools a server serves, in one stable order (by name). Tests build one from their own specs. */
export interface ToolRegistry {
  /** Every tool (its default version), sorted by name. */
  readonly all: readonly RegisteredTool[];
  /** Every version of every tool, sorted by name then version; a built-in tool has one. */
  readonly everyVersion: readonly RegisteredTool[];
  /** When this registry was built: the `updated_at` of its (built-in) tools. */
  readonly loadedAt: Date;
  /** The default version of a tool. */
  byName(name: string): RegisteredTool | undefined;
  /** One named version (`ExecuteTool` with `name@version`). */
  byVersion(name: string, version: string): RegisteredTool | undefined;
  /** A provider's tools (default versions), sorted by name; empty for a provider without tools. */
  byProvider(providerKey: string): readonly RegisteredTool[];
}

export const versionOf = (t: RegisteredTool): string => t.custom?.toolVersion ?? t.spec.version;
const byNameThenVersion = (a: RegisteredTool, b: RegisteredTool) => (a.name !== b.name ? (a.name < b.name ? -1 : 1) : versionOf(a) < versionOf(b) ? -1 : versionOf(a) > versionOf(b) ? 1 : 0);

export function registeredBuiltin(spec: ToolSpec): RegisteredTool {
  const d = spec.definition;
  return { id: builtinToolId(d.name, spec.version), name: d.name, provider: d.provider, spec, searchText: `${d.name}\n${d.display_name}\n${d.description}`.toLowerCase() };
}

/**
 * A registry over `tools`: each name's default version (a tool without `custom` is its own default)
 * answers byName; every version answers byVersion.
 */
export function registryOf(tools: readonly RegisteredTool[], loadedAt: Date): ToolRegistry {
  const everyVersion = [...tools].sort(byNameThenVersion);
  const all = everyVersion.filter((t) => !t.custom || t.custom.isDefault);
  const names = new Map<string, RegisteredTool>();
  const versions = new Map<string, RegisteredTool>();
  const providers = new Map<string, RegisteredTool[]>();
  for (const t of all) {
    // Two specs with one name would make ExecuteTool ambiguous: refuse at start-up, not at call time.
    if (names.has(t.name)) throw new Error(`two tools are named '${t.name}'; tool names must be unique across the catalog`);
    names.set(t.name, t);
    const list = providers.get(t.provider) ?? [];
    list.push(t);
    providers.set(t.provider, list);
  }
  for (const t of everyVersion) versions.set(`${t.name}@${versionOf(t)}`, t);
  return {
    all,
    everyVersion,
    loadedAt,
    byName: (name) => names.get(name),
    byVersion: (name, version) => versions.get(`${name}@${version}`),
    byProvider: (key) => providers.get(key) ?? [],
  };
}

export function createToolRegistry(specs: readonly ToolSpec[], loadedAt = new Date()): ToolRegistry {
  return registryOf(specs.map(registeredBuiltin), loadedAt);
}

let builtin: ToolRegistry | undefined;
/** The built-in catalog (src/modules/tools/catalog), built once per process. */
export function builtinToolRegistry(): ToolRegistry {
  builtin ??= createToolRegistry(BUILTIN_TOOLS);
  return builtin;
}
