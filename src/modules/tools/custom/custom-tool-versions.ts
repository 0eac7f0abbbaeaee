import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import { customToolRowById, customToolVersionRows, makeDefault, type CustomToolRowWithConnection } from './custom-tool-store.js';
import { customToolFromRow, type CustomTool } from './custom-tool.js';
import { forgetCustomTools } from './custom-tool-cache.js';
import { customToolNotFound, versionNotFound } from './custom-tool-errors.js';

/** Every version of `name`, by version; not_found when there is none. */
export async function customToolVersions(db: Kysely<Tables>, envId: string, name: string): Promise<CustomTool[]> {
  if (!name?.trim()) throw invalidArgument('name', 'is required: the custom tool name');
  const rows = await customToolVersionRows(db, envId, name.trim());
  if (!rows.length) throw customToolNotFound(name);
  return rows.map(customToolFromRow);
}

async function versionRow(db: Kysely<Tables>, envId: string, name: string, version: string): Promise<{ row: CustomToolRowWithConnection; all: CustomToolRowWithConnection[] }> {
  if (!version?.trim()) throw invalidArgument('tool_version', 'is required: the version to act on (tools versions NAME lists them)');
  if (!name?.trim()) throw invalidArgument('name', 'is required: the custom tool name');
  const all = await customToolVersionRows(db, envId, name.trim());
  if (!all.length) throw customToolNotFound(name);
  const row = all.find((r) => r.tool_version === version.trim());
  if (!row) throw versionNotFound(name, version, all.map((r) => r.tool_version));
  return { row, all };
}

/** SetToolDefault: the version executions use unless the caller names one; schema_version, when given, must be that version's. */
export async function setDefaultCustomTool(db: Kysely<Tables>, envId: string, ref: { name: string; toolVersion: string; schemaVersion?: string }): Promise<CustomTool> {
  const { row } = await versionRow(db, envId, ref.name, ref.toolVersion);
  if (ref.schemaVersion && ref.schemaVersion !== row.schema_version) {
    throw invalidArgument('schema_version', `is ${row.schema_version} for ${ref.name} ${row.tool_version}, not ${ref.schemaVersion}`);
  }
  await db.transaction().execute((trx) => makeDefault(trx, envId, row.name, row.id, new Date().toISOString()));
  forgetCustomTools(db, envId);
  return customToolFromRow((await customToolRowById(db, envId, row.id))!);
}

/** The seed's `deprecate(name, version)`: still listed (flagged) and executable (with a warning in the record). */
export async function deprecateCustomTool(db: Kysely<Tables>, envId: string, name: string, version: string): Promise<CustomTool> {
  const { row } = await versionRow(db, envId, name, version);
  if (!row.deprecated_at) {
    const now = new Date().toISOString();
    await db.updateTable('custom_tools').set({ deprecated_at: now, updated_at: now }).where('environment_id', '=', envId).where('id', '=', row.id).execute();
    forgetCustomTools(db, envId);
  }
  return customToolFromRow((await customToolRowById(db, envId, row.id))!);
}

const defaultInUse = (row: CustomToolRowWithConnection, others: string[]) =>
  new DomainError('failed_precondition', `version ${row.tool_version} is the default of tool '${row.name}'; make another version the default first (SetToolDefault, or tools set-default ${row.name} ${others[0]})`, {
    reason: 'TOOL_VERSION_IS_DEFAULT',
  });

async function removeRows(db: Kysely<Tables>, envId: string, ids: string[]): Promise<void> {
  await db.deleteFrom('custom_tools').where('environment_id', '=', envId).where('id', 'in', ids).execute();
  forgetCustomTools(db, envId);
}

/** DeleteTool: one version by id. The default may go only when it is the last version left. */
export async function deleteCustomToolById(db: Kysely<Tables>, envId: string, id: string): Promise<void> {
  if (!id?.trim()) throw invalidArgument('id', 'is required: the id (tol_…) of the custom tool version to delete');
  const row = await customToolRowById(db, envId, id.trim());
  if (!row) throw customToolNotFound(id);
  const others = (await customToolVersionRows(db, envId, row.name)).filter((r) => r.id !== row.id).map((r) => r.tool_version);
  if (row.is_default === 1 && others.length) throw defaultInUse(row, others);
  await removeRows(db, envId, [row.id]);
}

/** `tools delete NAME [--version V]`: one version (as DeleteTool), or every version of the tool. */
export async function deleteCustomTool(db: Kysely<Tables>, envId: string, name: string, version?: string): Promise<CustomTool[]> {
  if (version === undefined) {
    const all = await customToolVersions(db, envId, name);
    await removeRows(db, envId, all.map((t) => t.id));
    return all;
  }
  const { row } = await versionRow(db, envId, name, version);
  await deleteCustomToolById(db, envId, row.id);
  return [customToolFromRow(row)];
}
