import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { versionNotFound } from '../custom/custom-tool-errors.js';
import { environmentToolRegistry } from './environment-registry.js';
import { versionOf, type RegisteredTool, type ToolRegistry } from './tool-registry.js';

/**
 * The tool ExecuteTool runs: `name` is the default version, `name@1.2.0` that version (built-in
 * tools answer to their one version too). Undefined when no tool has the name; a name with no such
 * version is not_found listing the versions it has.
 */
export async function findTool(db: Kysely<Tables>, base: ToolRegistry, envId: string, requested: string): Promise<RegisteredTool | undefined> {
  const registry = await environmentToolRegistry(db, base, envId);
  const at = requested.lastIndexOf('@');
  if (at < 0) return registry.byName(requested);
  const name = requested.slice(0, at);
  const version = requested.slice(at + 1);
  const found = registry.byVersion(name, version);
  if (found || !registry.byName(name)) return found;
  throw versionNotFound(name, version, registry.everyVersion.filter((t) => t.name === name).map(versionOf));
}
