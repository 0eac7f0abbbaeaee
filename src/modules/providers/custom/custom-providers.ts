import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { newId } from '../../../storage/ids.js';
import { DomainError, invalidArgument, notFound } from '../../errors/domain-error.js';
import { validateProviderDefinition } from '../definition/validate-definition.js';
import { loadBuiltinCatalog } from '../catalog/load-catalog.js';
import { customProviderFromRow } from '../provider-registry.js';
import type { Provider } from '../provider.js';

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** `My Asana` → `my_asana`: readable, stable across environments (promotion matches on it). */
export function identifierFor(displayName: string): string {
  const slug = displayName.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 63);
  return /^[a-z]/.test(slug) ? slug : `p_${slug}`.slice(0, 63);
}

async function findRow(db: Kysely<Tables>, envId: string, identifier: string) {
  return db.selectFrom('custom_providers').selectAll().where('environment_id', '=', envId).where('identifier', '=', identifier).executeTakeFirst();
}

/** Creates a custom provider; its identifier is `key` when given, else derived from display_name. */
export async function createCustomProvider(db: Kysely<Tables>, envId: string, body: unknown): Promise<Provider> {
  const def = validateProviderDefinition(body);
  const identifier = def.key ?? identifierFor(def.display_name);
  if (!IDENTIFIER.test(identifier)) throw invalidArgument('key', 'must start with a letter and hold only lowercase letters, digits and underscores (at most 63)');
  if (loadBuiltinCatalog().has(identifier)) {
    throw new DomainError('already_exists', `'${identifier}' is a built-in provider; give the custom provider another display_name or a "key"`, { reason: 'PROVIDER_EXISTS' });
  }
  if (await findRow(db, envId, identifier)) {
    throw new DomainError('already_exists', `custom provider '${identifier}' already exists in this environment; update it with PUT /api/v1/custom-providers/${identifier}`, {
      reason: 'PROVIDER_EXISTS',
    });
  }
  const now = new Date().toISOString();
  const row = { id: newId('prv'), environment_id: envId, identifier, definition: JSON.stringify({ ...def, key: undefined }), created_at: now, updated_at: now };
  await db.insertInto('custom_providers').values(row).execute();
  return customProviderFromRow(row);
}

/** Replaces a custom provider's definition (PUT semantics: the body is the whole definition). */
export async function updateCustomProvider(db: Kysely<Tables>, envId: string, identifier: string, body: unknown): Promise<Provider> {
  const row = await findRow(db, envId, identifier);
  if (!row) throw missing(identifier);
  const def = validateProviderDefinition(body);
  if (def.key !== undefined && def.key !== identifier) throw invalidArgument('key', `cannot change a provider's identifier (it is '${identifier}')`);
  const updated = { ...row, definition: JSON.stringify({ ...def, key: undefined }), updated_at: new Date().toISOString() };
  await db.updateTable('custom_providers').set({ definition: updated.definition, updated_at: updated.updated_at }).where('id', '=', row.id).execute();
  return customProviderFromRow(updated);
}

/** Refused while a connection uses the provider (connected accounts hang off connections). */
export async function deleteCustomProvider(db: Kysely<Tables>, envId: string, identifier: string): Promise<void> {
  const row = await findRow(db, envId, identifier);
  if (!row) throw missing(identifier);
  const users = await db.selectFrom('connections').select('connection_name').where('environment_id', '=', envId).where('provider_key', '=', identifier).execute();
  if (users.length) {
    throw new DomainError(
      'failed_precondition',
      `custom provider '${identifier}' is used by connection(s) ${users.map((u) => `'${u.connection_name}'`).join(', ')}; delete those connections (and their connected accounts) first`,
      { reason: 'PROVIDER_IN_USE' },
    );
  }
  await db.deleteFrom('custom_providers').where('id', '=', row.id).execute();
}

export async function getCustomProvider(db: Kysely<Tables>, envId: string, identifier: string): Promise<Provider | undefined> {
  const row = await findRow(db, envId, identifier);
  return row ? customProviderFromRow(row) : undefined;
}

function missing(identifier: string): DomainError {
  if (loadBuiltinCatalog().has(identifier)) {
    return new DomainError('failed_precondition', `'${identifier}' is a built-in provider and cannot be changed; create a custom provider instead`, { reason: 'PROVIDER_BUILTIN' });
  }
  return notFound('custom provider', identifier, 'PROVIDER_NOT_FOUND');
}
