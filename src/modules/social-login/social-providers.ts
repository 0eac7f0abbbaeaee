import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SocialProviderRow } from '../../storage/schema-social-login.js';
import { newId } from '../../storage/ids.js';
import type { Vault } from '../vault/vault.js';
import { DomainError } from '../errors/domain-error.js';
import { secretHint } from '../connections/connection-secret.js';
import { socialProviderFromRow, type SocialProvider } from './social-provider.js';
import { validateNewSocialProvider, validateSocialProviderPatch } from './validate-social-provider.js';

/** Binds the sealed client secret to its row: copied to another provider, it does not open. */
const secretAad = (envId: string, id: string) => `${envId}:social_providers:${id}:client_secret`;

const notFound = (key: string) => new DomainError('not_found', `social provider '${key}' was not found in this environment`, { reason: 'SOCIAL_PROVIDER_NOT_FOUND' });

export async function findSocialProviderRow(db: Kysely<Tables>, envId: string, key: string): Promise<SocialProviderRow | undefined> {
  return db.selectFrom('social_providers').selectAll().where('environment_id', '=', envId).where('provider_key', '=', key).executeTakeFirst();
}

/** The client secret in clear, for the code exchange only. */
export function openSocialProviderSecret(vault: Vault, row: SocialProviderRow): Promise<string> {
  return vault.decrypt(row.client_secret_ciphertext, secretAad(row.environment_id, row.id));
}

export async function createSocialProvider(db: Kysely<Tables>, vault: Vault, envId: string, body: unknown): Promise<SocialProvider> {
  const f = validateNewSocialProvider(body);
  if (await findSocialProviderRow(db, envId, f.key)) {
    throw new DomainError('already_exists', `social provider '${f.key}' already exists in this environment (update or remove it)`, { reason: 'SOCIAL_PROVIDER_EXISTS' });
  }
  const id = newId('spr');
  const now = new Date().toISOString();
  const row: SocialProviderRow = {
    id,
    environment_id: envId,
    provider_key: f.key,
    kind: f.kind,
    display_name: f.displayName,
    client_id: f.clientId,
    client_secret_ciphertext: vault.encrypt(f.clientSecret, secretAad(envId, id)),
    client_secret_hint: secretHint(f.clientSecret),
    scopes: JSON.stringify(f.scopes),
    enabled: f.enabled ? 1 : 0,
    issuer: f.issuer ?? null,
    endpoints: JSON.stringify(f.endpoints),
    created_at: now,
    updated_at: now,
  };
  // Two concurrent adds of one key: the unique index keeps one.
  const r = await db.insertInto('social_providers').values(row).onConflict((oc) => oc.columns(['environment_id', 'provider_key']).doNothing()).executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new DomainError('already_exists', `social provider '${f.key}' already exists in this environment`, { reason: 'SOCIAL_PROVIDER_EXISTS' });
  return socialProviderFromRow(row);
}

export async function updateSocialProvider(db: Kysely<Tables>, vault: Vault, envId: string, key: string, body: unknown): Promise<SocialProvider> {
  const row = await findSocialProviderRow(db, envId, key);
  if (!row) throw notFound(key);
  const p = validateSocialProviderPatch(body, row.kind);
  const set: Partial<SocialProviderRow> = { updated_at: new Date().toISOString() };
  if (p.displayName !== undefined) set.display_name = p.displayName;
  if (p.clientId !== undefined) set.client_id = p.clientId;
  if (p.clientSecret !== undefined) {
    set.client_secret_ciphertext = vault.encrypt(p.clientSecret, secretAad(envId, row.id));
    set.client_secret_hint = secretHint(p.clientSecret);
  }
  if (p.scopes !== undefined) set.scopes = JSON.stringify(p.scopes);
  if (p.enabled !== undefined) set.enabled = p.enabled ? 1 : 0;
  if (p.issuer !== undefined) set.issuer = p.issuer;
  if (p.endpoints !== undefined) set.endpoints = JSON.stringify(p.endpoints);
  await db.updateTable('social_providers').set(set).where('id', '=', row.id).execute();
  return socialProviderFromRow({ ...row, ...set });
}

/** Removes the provider. Identities linked through it stay: adding the key again signs the same people in. */
export async function removeSocialProvider(db: Kysely<Tables>, envId: string, key: string): Promise<void> {
  const r = await db.deleteFrom('social_providers').where('environment_id', '=', envId).where('provider_key', '=', key).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) throw notFound(key);
}

export async function getSocialProvider(db: Kysely<Tables>, envId: string, key: string): Promise<SocialProvider> {
  const row = await findSocialProviderRow(db, envId, key);
  if (!row) throw notFound(key);
  return socialProviderFromRow(row);
}

/** Every configured provider, enabled or not (the admin API and CLI). */
export async function listConfiguredSocialProviders(db: Kysely<Tables>, envId: string): Promise<SocialProvider[]> {
  const rows = await db.selectFrom('social_providers').selectAll().where('environment_id', '=', envId).orderBy('provider_key').execute();
  return rows.map(socialProviderFromRow);
}

/** The providers the login page offers (its buttons row, hosted-login's ListSocialButtons): enabled ones only, by key. */
export async function listSocialProviders(db: Kysely<Tables>, envId: string): Promise<Array<{ key: string; label: string; kind: SocialProvider['kind'] }>> {
  const rows = await db
    .selectFrom('social_providers')
    .select(['provider_key', 'kind', 'display_name'])
    .where('environment_id', '=', envId)
    .where('enabled', '=', 1)
    .orderBy('provider_key')
    .execute();
  return rows.map((r) => ({ key: r.provider_key, label: r.display_name, kind: r.kind }));
}
