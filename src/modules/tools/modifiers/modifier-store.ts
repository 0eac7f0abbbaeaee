import type { Kysely } from 'kysely';
import type { Tables, ToolModifierRow } from '../../../storage/schema.js';
import { newId } from '../../../storage/ids.js';
import { keysetPage, type Page } from '../../paging/keyset-page.js';
import type { ModifierRule } from './modifier-rule.js';

/** The tool_modifiers table; `connectionId` null is the environment-wide rule. */
const scopeKey = (connectionId: string | null) => connectionId ?? '';

export async function findModifierRow(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null): Promise<ToolModifierRow | undefined> {
  return db
    .selectFrom('tool_modifiers')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('tool_name', '=', toolName)
    .where('scope_key', '=', scopeKey(connectionId))
    .executeTakeFirst();
}

/** Inserts or replaces the rule of (tool, connection) in one statement, so concurrent PUTs never collide. */
export async function upsertModifierRow(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null, rule: ModifierRule): Promise<ToolModifierRow> {
  const now = new Date().toISOString();
  await db
    .insertInto('tool_modifiers')
    .values({ id: newId('tmod'), environment_id: envId, tool_name: toolName, connection_id: connectionId, scope_key: scopeKey(connectionId), rule: JSON.stringify(rule), created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['environment_id', 'tool_name', 'scope_key']).doUpdateSet({ rule: JSON.stringify(rule), updated_at: now }))
    .execute();
  return (await findModifierRow(db, envId, toolName, connectionId))!;
}

/** True when a row was deleted. */
export async function deleteModifierRow(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null): Promise<boolean> {
  const res = await db
    .deleteFrom('tool_modifiers')
    .where('environment_id', '=', envId)
    .where('tool_name', '=', toolName)
    .where('scope_key', '=', scopeKey(connectionId))
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function pageModifierRows(
  db: Kysely<Tables>,
  envId: string,
  opts: { toolName?: string; pageSize: number; pageToken?: string },
): Promise<Page<ToolModifierRow>> {
  let q = db.selectFrom('tool_modifiers').selectAll().where('environment_id', '=', envId);
  if (opts.toolName) q = q.where('tool_name', '=', opts.toolName);
  return keysetPage(q, { pageSize: opts.pageSize, pageToken: opts.pageToken });
}

/** Every rule of the environment, for the execution-time cache (environments hold a handful). */
export async function allModifierRows(db: Kysely<Tables>, envId: string): Promise<Array<Pick<ToolModifierRow, 'tool_name' | 'scope_key' | 'rule'>>> {
  return db.selectFrom('tool_modifiers').select(['tool_name', 'scope_key', 'rule']).where('environment_id', '=', envId).execute();
}
