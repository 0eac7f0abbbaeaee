import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { newId } from '../../../storage/ids.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import type { ToolRegistry } from '../registry/tool-registry.js';
import { validateCustomTool } from './validate-custom-tool.js';
import { resolveScope } from './resolve-scope.js';
import type { CustomToolInput } from './custom-tool-input.js';
import { customToolRowById, customToolVersionRows, isUniqueViolation, makeDefault } from './custom-tool-store.js';
import { customToolFromRow, storedMetadata, type CustomTool } from './custom-tool.js';
import { forgetCustomTools } from './custom-tool-cache.js';
import { customToolNotFound } from './custom-tool-errors.js';

const versionExists = (name: string, version: string) =>
  new DomainError('already_exists', `tool '${name}' already has version ${version}; register a new version (tool_version) or update this one (UpdateTool)`, {
    reason: 'TOOL_VERSION_EXISTS',
    violations: [{ field: 'tool_version', description: `${version} is registered already` }],
  });

const columnsOf = (input: CustomToolInput) => ({
  kind: input.kind,
  provider: input.definition.provider,
  definition: JSON.stringify(input.definition),
  implementation: typeof input.implementation === 'string' ? input.implementation : JSON.stringify(input.implementation),
  metadata: storedMetadata(input.annotations, input.metadata),
  tags: JSON.stringify(input.tags),
  schema_version: input.schemaVersion,
});

/**
 * Registers a custom tool version (the seed's `tools.register`, CreateTool, the CLI, the OpenAPI
 * importer). The name may not be a built-in tool's; a name already registered gets another version,
 * which becomes the default unless `is_default` is false (the first version always is).
 */
export async function createCustomTool(db: Kysely<Tables>, builtins: ToolRegistry, envId: string, body: unknown): Promise<CustomTool> {
  const input = validateCustomTool(body);
  const name = input.definition.name;
  if (builtins.byName(name)) throw new DomainError('already_exists', `name '${name}' is a built-in tool; pick another name for a custom tool`, { reason: 'TOOL_NAME_TAKEN', violations: [{ field: 'name', description: 'is a built-in tool' }] });
  const scope = await resolveScope(db, envId, input);
  const now = new Date().toISOString();
  const id = newId('tol');
  try {
    await db.transaction().execute(async (trx) => {
      const existing = await customToolVersionRows(trx, envId, name);
      if (existing.some((v) => v.tool_version === input.toolVersion)) throw versionExists(name, input.toolVersion);
      const isDefault = existing.length === 0 || input.isDefault !== false;
      await trx
        .insertInto('custom_tools')
        .values({ id, environment_id: envId, name, tool_version: input.toolVersion, ...columnsOf(input), organization_id: scope.organizationId, connection_id: scope.connectionId, is_default: 0, deprecated_at: null, created_at: now, updated_at: now })
        .execute();
      if (isDefault) await makeDefault(trx, envId, name, id, now);
    });
  } catch (err) {
    throw isUniqueViolation(err) ? versionExists(name, input.toolVersion) : err;
  } finally {
    forgetCustomTools(db, envId);
  }
  return customToolFromRow((await customToolRowById(db, envId, id))!);
}

/**
 * Replaces one version in place (UpdateTool): its definition, implementation, scope, metadata and
 * tags. Name and tool_version identify it and stay; `is_default: true` makes it the default.
 */
export async function updateCustomTool(db: Kysely<Tables>, envId: string, id: string, body: unknown): Promise<CustomTool> {
  if (!id?.trim()) throw invalidArgument('tool.id', 'is required: the id (tol_…) of the custom tool version to update');
  const current = await customToolRowById(db, envId, id.trim());
  if (!current) throw customToolNotFound(id);
  const input = validateCustomTool(body);
  if (input.definition.name !== current.name) throw invalidArgument('name', `is '${current.name}' for ${current.id}; a tool cannot be renamed (register a new tool)`);
  if (input.toolVersion !== current.tool_version && ((body as Record<string, unknown>).version ?? (body as Record<string, unknown>).tool_version) !== undefined) {
    throw invalidArgument('tool_version', `is ${current.tool_version} for ${current.id}; register a new version with CreateTool instead`);
  }
  const scope = await resolveScope(db, envId, input);
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('custom_tools')
      .set({ ...columnsOf(input), schema_version: (body as Record<string, unknown>).schema_version ? input.schemaVersion : current.schema_version, organization_id: scope.organizationId, connection_id: scope.connectionId, updated_at: now })
      .where('environment_id', '=', envId)
      .where('id', '=', current.id)
      .execute();
    if (input.isDefault === true) await makeDefault(trx, envId, current.name, current.id, now);
  });
  forgetCustomTools(db, envId);
  return customToolFromRow((await customToolRowById(db, envId, current.id))!);
}
