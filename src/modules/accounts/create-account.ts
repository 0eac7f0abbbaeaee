import type { Kysely } from 'kysely';
import type { ConnectedAccountRow, ConnectionRow, Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { DomainError, invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { getConnectionRow } from '../connections/connections.js';
import type { Vault } from '../vault/vault.js';
import { sealAccountCredentials } from './account-credentials.js';
import { accountView, type AccountView } from './account-lookup.js';
import { apiConfigViolation } from './api-config.js';
import { createConflict } from './create-conflict.js';
import { findAccountByIdentifier } from '../authorization/account-rows.js';
import { checkAuthorization, type AuthorizationInput, type CheckedAuthorization } from './validate-authorization.js';

export interface CreateAccountInput {
  /** The connection's name (the SDK's `connector` / `connectionName`). */
  connectionName: string;
  /** The caller's name for the account (a user id, an email): unique per connection. */
  identifier: string;
  organizationId?: string;
  userId?: string;
  /** With credentials the account is ACTIVE at once; without, PENDING_AUTH until a user authorizes. */
  authorization?: AuthorizationInput;
  apiConfig?: Record<string, unknown>;
}

const MAX_IDENTIFIER_LENGTH = 255;
/** A row that wins the insert and is deleted before we read it is rare; a few rounds settle it. */
const MAX_ROUNDS = 3;

const exists = (connectionName: string, identifier: string, why: string) =>
  new DomainError(
    'already_exists',
    `connection '${connectionName}' already has a connected account with identifier '${identifier}' (identifiers are unique per connection, whatever the organization_id / user_id) ` +
      `and this create asks for ${why}; update it instead`,
    { reason: 'CONNECTED_ACCOUNT_EXISTS' },
  );

function validate(input: CreateAccountInput): { connectionName: string; identifier: string } {
  const connectionName = input.connectionName?.trim() ?? '';
  const identifier = input.identifier?.trim() ?? '';
  const v: FieldViolation[] = [];
  if (!connectionName) v.push({ field: 'connector', description: 'is required: the name of the connection the account belongs to (e.g. "gmail")' });
  if (!identifier) v.push({ field: 'identifier', description: "is required: your name for the account, such as the user's id or email" });
  else if (identifier.length > MAX_IDENTIFIER_LENGTH) v.push({ field: 'identifier', description: `must be at most ${MAX_IDENTIFIER_LENGTH} characters` });
  const badConfig = apiConfigViolation(input.apiConfig);
  if (badConfig) v.push(badConfig);
  if (v.length) throw invalidFields(v);
  return { connectionName, identifier };
}

function newRow(vault: Vault, connection: ConnectionRow, identifier: string, input: CreateAccountInput, checked: CheckedAuthorization | undefined): ConnectedAccountRow {
  const id = newId('ca');
  const envId = connection.environment_id;
  const now = new Date().toISOString();
  return {
    id,
    environment_id: envId,
    connection_id: connection.id,
    identifier,
    organization_id: input.organizationId || null,
    user_id: input.userId || null,
    status: checked ? 'ACTIVE' : 'PENDING_AUTH',
    auth_type: connection.auth_type,
    credentials_ciphertext: checked ? sealAccountCredentials(vault, envId, id, checked.credentials) : null,
    credentials_version: checked ? 1 : 0,
    token_expires_at: null,
    scopes: JSON.stringify(checked?.scopes ?? []),
    account_fields: JSON.stringify(checked?.accountFields ?? {}),
    api_config: JSON.stringify(input.apiConfig ?? {}),
    authorized_user_id: null,
    authorized_user_email: null,
    last_used_at: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * CreateConnectedAccount. The SDK's getOrCreateConnectedAccount is "get, then create on
 * not_found", so concurrent calls for a new identifier all reach this create: the insert skips a
 * row that already holds (environment, connection, identifier) — ON CONFLICT DO NOTHING on the
 * unique index, which neither aborts a PostgreSQL transaction nor weakens the constraint — and the
 * losers answer with the row that won, unless they asked for something it does not have
 * (createConflict), which stays `already_exists`.
 */
export async function createAccount(db: Kysely<Tables>, vault: Vault, envId: string, input: CreateAccountInput): Promise<AccountView> {
  const { connectionName, identifier } = validate(input);
  const connection = await getConnectionRow(db, envId, { name: connectionName });
  const checked = input.authorization ? await checkAuthorization(db, connection, input.authorization) : undefined;
  const wish = { organizationId: input.organizationId || undefined, userId: input.userId || undefined, apiConfig: input.apiConfig, checked };

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const row = newRow(vault, connection, identifier, input, checked);
    const r = await db
      .insertInto('connected_accounts')
      .values(row)
      .onConflict((oc) => oc.columns(['environment_id', 'connection_id', 'identifier']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 1) return accountView(row, connection);
    const existing = await findAccountByIdentifier(db, connection, identifier);
    if (!existing) continue; // deleted between our insert and this read
    const why = await createConflict(vault, existing, wish);
    if (why) throw exists(connectionName, identifier, why);
    return accountView(existing, connection);
  }
  throw new DomainError('unavailable', `connected account '${connectionName}/${identifier}' is being created and deleted concurrently; retry the call`, {
    reason: 'CONNECTED_ACCOUNT_CONTENDED',
  });
}
