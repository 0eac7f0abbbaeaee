import { sql, type Kysely } from 'kysely';
import type { ConnectionRow, Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { DomainError, invalidArgument, invalidFields, notFound, type FieldViolation } from '../errors/domain-error.js';
import { keysetPage, type Page } from '../paging/keyset-page.js';
import { pageSizeOf } from '../paging/page-token.js';
import { findProvider } from '../providers/provider-registry.js';
import type { Provider } from '../providers/provider.js';
import type { AuthPattern } from '../providers/definition/provider-definition.js';
import type { Vault } from '../vault/vault.js';
import { connectionFromRow, parseSettings, type Connection, type ConnectionSettings } from './connection.js';
import { sealClientSecret, secretHint } from './connection-secret.js';
import { connectionDeletionGuards } from './deletion-guards.js';
import {
  FIELD,
  authorizeParamViolations,
  clientCredentialViolations,
  nameViolation,
  pickAuthPattern,
  proxyUrlViolations,
  resolveScopes,
  timeoutViolation,
} from './validate-connection.js';

/** A connection by id, by name, or by either (an id match wins). */
export type ConnectionRef = { id: string } | { name: string } | { idOrName: string };

export interface CreateConnectionInput {
  /** A built-in provider key (`gmail`) or a custom provider identifier in this environment. */
  providerKey: string;
  /** OAUTH, BASIC, BEARER or API_KEY; default: the provider's first auth pattern. */
  authType?: string;
  /** Default: the provider key. */
  connectionName?: string;
  clientId?: string;
  clientSecret?: string;
  /** Chosen among the pattern's available scopes; its required scopes are always added. */
  scopes?: string[];
  authorizeParams?: Record<string, string>;
  timeoutMs?: number;
  /** Replaces the provider's proxy_url for calls through this connection. */
  proxyUrl?: string;
}

/** Omitted fields stay as they are; `null` clears (client credentials) or resets to the default (timeout). */
export interface ConnectionPatch {
  connectionName?: string;
  clientId?: string | null;
  clientSecret?: string | null;
  /** Replaces the chosen scopes (required scopes stay). */
  scopes?: string[];
  /** Replaces the connection's extra authorize parameters. */
  authorizeParams?: Record<string, string>;
  timeoutMs?: number | null;
  /** `null` removes the override (calls go to the provider's proxy_url again). */
  proxyUrl?: string | null;
  enabled?: boolean;
}

const MAX_PAGE_SIZE = 30;

const refLabel = (ref: ConnectionRef) => ('id' in ref ? ref.id : 'name' in ref ? ref.name : ref.idOrName);

const nameTaken = (name: string) =>
  new DomainError('already_exists', `a connection named '${name}' already exists in this environment; choose another ${FIELD.name}`, {
    reason: 'CONNECTION_NAME_EXISTS',
  });

function isUniqueViolation(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}

async function assertNameFree(db: Kysely<Tables>, envId: string, name: string, exceptId?: string) {
  let q = db.selectFrom('connections').select('id').where('environment_id', '=', envId).where('connection_name', '=', name);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw nameTaken(name);
}

async function providerForCreate(db: Kysely<Tables>, envId: string, key: string): Promise<Provider> {
  try {
    return await findProvider(db, envId, key);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') {
      throw invalidArgument(FIELD.providerKey, `'${key}' is neither a built-in provider key (such as "gmail") nor a custom provider in this environment`);
    }
    throw err;
  }
}

/** The provider and auth pattern an existing connection uses; failed_precondition if the definition lost them. */
async function patternOf(db: Kysely<Tables>, row: ConnectionRow): Promise<{ provider: Provider; pattern: AuthPattern }> {
  const provider = await findProvider(db, row.environment_id, row.provider_key).catch((err) => {
    if (err instanceof DomainError && err.code === 'not_found') {
      throw new DomainError('failed_precondition', `connection '${row.connection_name}' uses provider '${row.provider_key}', which no longer exists`, {
        reason: 'CONNECTION_PROVIDER_MISSING',
      });
    }
    throw err;
  });
  const pattern = provider.definition.auth_patterns.find((p) => p.type === row.auth_type);
  if (!pattern) {
    throw new DomainError(
      'failed_precondition',
      `connection '${row.connection_name}' is ${row.auth_type}, but provider '${provider.identifier}' no longer offers that auth type; create a new connection`,
      { reason: 'CONNECTION_PROVIDER_MISSING' },
    );
  }
  return { provider, pattern };
}

export async function createConnection(db: Kysely<Tables>, vault: Vault, envId: string, input: CreateConnectionInput): Promise<Connection> {
  const key = input.providerKey?.trim() ?? '';
  if (!key) throw invalidArgument(FIELD.providerKey, 'is required: a built-in provider key such as "gmail" or a custom provider identifier');
  const provider = await providerForCreate(db, envId, key);
  const pattern = pickAuthPattern(provider, input.authType);
  const name = input.connectionName ?? provider.identifier;
  const clientId = input.clientId || undefined;
  const clientSecret = input.clientSecret || undefined;
  const authorizeParams = input.authorizeParams ?? {};

  const v: FieldViolation[] = [];
  const bad = nameViolation(name);
  if (bad) v.push(bad);
  v.push(...clientCredentialViolations(pattern, clientId, clientSecret));
  const scopes = resolveScopes(provider, pattern, input.scopes, v);
  v.push(...authorizeParamViolations(pattern, authorizeParams));
  const badTimeout = input.timeoutMs === undefined ? undefined : timeoutViolation(input.timeoutMs);
  if (badTimeout) v.push(badTimeout);
  if (input.proxyUrl !== undefined) v.push(...proxyUrlViolations(pattern, input.proxyUrl));
  if (v.length) throw invalidFields(v);
  await assertNameFree(db, envId, name);

  const id = newId('conn');
  const settings: ConnectionSettings = {};
  if (Object.keys(authorizeParams).length) settings.authorize_params = authorizeParams;
  if (input.timeoutMs !== undefined) settings.timeout_ms = input.timeoutMs;
  if (input.proxyUrl !== undefined) settings.proxy_url = input.proxyUrl;
  if (clientSecret) settings.client_secret_hint = secretHint(clientSecret);
  const now = new Date().toISOString();
  const row: ConnectionRow = {
    id,
    environment_id: envId,
    connection_name: name,
    provider_key: provider.identifier,
    auth_type: pattern.type,
    client_id: clientId ?? null,
    client_secret_ciphertext: clientSecret ? sealClientSecret(vault, envId, id, clientSecret) : null,
    scopes: JSON.stringify(scopes),
    settings: JSON.stringify(settings),
    enabled: 1,
    created_at: now,
    updated_at: now,
  };
  try {
    await db.insertInto('connections').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
  return connectionFromRow(row);
}

/**
 * The stored row, client secret ciphertext included: for modules that need the secret
 * (readConnectionSecret). Never serialise it; answer callers with getConnection's Connection.
 */
export async function getConnectionRow(db: Kysely<Tables>, envId: string, ref: ConnectionRef): Promise<ConnectionRow> {
  const value = refLabel(ref);
  if (!value) throw invalidArgument('connection_id', 'is required: a connection id (conn_…) or connection name');
  let q = db.selectFrom('connections').selectAll().where('environment_id', '=', envId);
  if ('id' in ref) q = q.where('id', '=', value);
  else if ('name' in ref) q = q.where('connection_name', '=', value);
  else q = q.where((eb) => eb.or([eb('id', '=', value), eb('connection_name', '=', value)]));
  const rows = await q.limit(2).execute();
  const row = rows.find((r) => r.id === value) ?? rows[0];
  if (!row) throw notFound('connection', value);
  return row;
}

export async function getConnection(db: Kysely<Tables>, envId: string, ref: ConnectionRef): Promise<Connection> {
  return connectionFromRow(await getConnectionRow(db, envId, ref));
}

/** A page of the environment's connections, oldest first. `provider` matches the key case-insensitively. */
export async function listConnections(
  db: Kysely<Tables>,
  envId: string,
  opts: { provider?: string; pageSize?: number; pageToken?: string; query?: string },
): Promise<Page<Connection>> {
  const pageSize = pageSizeOf(opts.pageSize, MAX_PAGE_SIZE);
  let q = db.selectFrom('connections').selectAll().where('environment_id', '=', envId);
  // Provider keys are lowercase; the SDK docs show them uppercase (`GMAIL`).
  if (opts.provider?.trim()) q = q.where('provider_key', '=', opts.provider.trim().toLowerCase());
  const term = opts.query?.trim().toLowerCase();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    // An explicit ESCAPE: SQLite has no default escape character, and names often hold `_`.
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`lower(connection_name) like ${like} escape '\\'`,
        sql<boolean>`provider_key like ${like} escape '\\'`,
        eb('id', '=', opts.query!.trim()),
      ]),
    );
  }
  const page = await keysetPage(q, { pageSize, pageToken: opts.pageToken });
  return { ...page, items: page.items.map(connectionFromRow) };
}

/** Every connection of the environment, oldest first (environments hold few). */
export async function listAllConnections(db: Kysely<Tables>, envId: string): Promise<Connection[]> {
  const rows = await db.selectFrom('connections').selectAll().where('environment_id', '=', envId).orderBy('id').execute();
  return rows.map(connectionFromRow);
}

export async function updateConnection(db: Kysely<Tables>, vault: Vault, envId: string, ref: ConnectionRef, patch: ConnectionPatch): Promise<Connection> {
  const row = await getConnectionRow(db, envId, ref);
  const settings = parseSettings(row.settings);
  const set: Partial<ConnectionRow> = {};
  const v: FieldViolation[] = [];

  if (patch.connectionName !== undefined && patch.connectionName !== row.connection_name) {
    const bad = nameViolation(patch.connectionName);
    if (bad) v.push(bad);
    else set.connection_name = patch.connectionName;
  }
  const touchesPattern = patch.clientId != null || patch.clientSecret != null || patch.scopes !== undefined || patch.authorizeParams !== undefined;
  if (touchesPattern) {
    const { provider, pattern } = await patternOf(db, row);
    v.push(...clientCredentialViolations(pattern, patch.clientId || undefined, patch.clientSecret || undefined));
    if (patch.scopes !== undefined) set.scopes = JSON.stringify(resolveScopes(provider, pattern, patch.scopes, v));
    if (patch.authorizeParams !== undefined) {
      v.push(...authorizeParamViolations(pattern, patch.authorizeParams));
      if (Object.keys(patch.authorizeParams).length) settings.authorize_params = patch.authorizeParams;
      else delete settings.authorize_params;
    }
  }
  if (patch.timeoutMs === null) delete settings.timeout_ms;
  else if (patch.timeoutMs !== undefined) {
    const bad = timeoutViolation(patch.timeoutMs);
    if (bad) v.push(bad);
    settings.timeout_ms = patch.timeoutMs;
  }
  if (patch.proxyUrl === null) delete settings.proxy_url;
  else if (patch.proxyUrl !== undefined) {
    v.push(...proxyUrlViolations((await patternOf(db, row)).pattern, patch.proxyUrl));
    settings.proxy_url = patch.proxyUrl;
  }
  if (v.length) throw invalidFields(v);

  if (patch.clientId !== undefined) set.client_id = patch.clientId || null;
  if (patch.clientSecret !== undefined) {
    set.client_secret_ciphertext = patch.clientSecret ? sealClientSecret(vault, envId, row.id, patch.clientSecret) : null;
    if (patch.clientSecret) settings.client_secret_hint = secretHint(patch.clientSecret);
    else delete settings.client_secret_hint;
  }
  if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
  if (set.connection_name) await assertNameFree(db, envId, set.connection_name, row.id);
  set.settings = JSON.stringify(settings);
  set.updated_at = new Date().toISOString();
  try {
    await db.updateTable('connections').set(set).where('id', '=', row.id).execute();
  } catch (err) {
    if (set.connection_name && isUniqueViolation(err)) throw nameTaken(set.connection_name);
    throw err;
  }
  return getConnection(db, envId, { id: row.id });
}

export async function setConnectionEnabled(db: Kysely<Tables>, envId: string, ref: ConnectionRef, enabled: boolean): Promise<Connection> {
  const row = await getConnectionRow(db, envId, ref);
  await db.updateTable('connections').set({ enabled: enabled ? 1 : 0, updated_at: new Date().toISOString() }).where('id', '=', row.id).execute();
  return getConnection(db, envId, { id: row.id });
}

/** Refused with failed_precondition while a registered guard (see deletion-guards.ts) objects. */
export async function deleteConnection(db: Kysely<Tables>, envId: string, ref: ConnectionRef): Promise<void> {
  const row = await getConnectionRow(db, envId, ref);
  const reasons: string[] = [];
  for (const guard of connectionDeletionGuards) {
    const reason = await guard(db, envId, row.id);
    if (reason) reasons.push(reason);
  }
  if (reasons.length) {
    throw new DomainError('failed_precondition', `connection '${row.connection_name}' cannot be deleted: ${reasons.join('; ')}`, { reason: 'CONNECTION_IN_USE' });
  }
  await db.deleteFrom('connections').where('id', '=', row.id).execute();
}
