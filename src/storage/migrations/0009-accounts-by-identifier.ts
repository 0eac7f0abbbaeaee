import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
// ListScopedTools looks up every account of one identifier in an environment, across connections:
// the (environment_id, connection_id, identifier) index cannot serve that without a scan.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('connected_accounts_env_identifier').on('connected_accounts').columns(['environment_id', 'identifier', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('connected_accounts_env_identifier').execute();
}
