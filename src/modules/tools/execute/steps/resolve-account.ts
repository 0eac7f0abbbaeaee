import type { Kysely } from 'kysely';
import type { ConnectedAccountRow, ConnectionRow, Tables } from '../../../../storage/schema.js';
import { findAccountRow } from '../../../accounts/account-lookup.js';
import { connectionFromRow } from '../../../connections/connection.js';
import { DomainError, invalidArgument } from '../../../errors/domain-error.js';

/** How the caller named the account a tool runs as (ExecuteToolRequest's addressing fields). */
export interface AccountAddress {
  connectedAccountId?: string;
  connector?: string;
  identifier?: string;
  organizationId?: string;
  userId?: string;
}

export interface ResolvedAccount {
  row: ConnectedAccountRow;
  connection: ConnectionRow;
}

const wrongProvider = (toolName: string, provider: string, connection: ConnectionRow) =>
  new DomainError(
    'failed_precondition',
    `tool '${toolName}' runs on a ${provider} connection, but connection '${connection.connection_name}' is ${connection.provider_key}; pick an account on a ${provider} connection`,
    { reason: 'TOOL_PROVIDER_MISMATCH' },
  );

/**
 * Finds the connected account a tool runs as: by `connected_account_id`, by `connector` (the
 * connection name) and `identifier`, or by `identifier` alone among the environment's
 * connections of the tool's provider, where several candidates are refused naming them.
 */
export async function resolveAccount(db: Kysely<Tables>, envId: string, tool: { name: string; provider: string }, a: AccountAddress): Promise<ResolvedAccount> {
  const id = a.connectedAccountId?.trim();
  const connector = a.connector?.trim();
  const identifier = a.identifier?.trim();
  let found: ResolvedAccount;
  if (id) {
    found = await findAccountRow(db, envId, { id });
  } else if (connector) {
    if (!identifier) throw invalidArgument('identifier', 'is required with connector (or pass connected_account_id)');
    found = await findAccountRow(db, envId, { connectionName: connector, identifier, organizationId: a.organizationId || undefined, userId: a.userId || undefined });
  } else if (identifier) {
    return byIdentifier(db, envId, tool, identifier, a);
  } else {
    throw invalidArgument('identifier', 'is required: name the connected account by identifier (with connector when it has several), or pass connected_account_id');
  }
  if (found.connection.provider_key !== tool.provider) throw wrongProvider(tool.name, tool.provider, found.connection);
  return found;
}

/** Connection columns read alongside the account in one query (prefixed: both tables have id, created_at, …). */
const CONNECTION_COLUMNS = ['connection_name', 'provider_key', 'auth_type', 'client_id', 'client_secret_ciphertext', 'scopes', 'settings', 'enabled', 'created_at', 'updated_at'] as const;

async function byIdentifier(db: Kysely<Tables>, envId: string, tool: { name: string; provider: string }, identifier: string, a: AccountAddress): Promise<ResolvedAccount> {
  let q = db
    .selectFrom('connected_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .selectAll('a')
    .select(CONNECTION_COLUMNS.map((col) => `c.${col} as _c_${col}` as const))
    .where('a.environment_id', '=', envId)
    .where('a.identifier', '=', identifier)
    .where('c.provider_key', '=', tool.provider);
  if (a.organizationId) q = q.where('a.organization_id', '=', a.organizationId);
  if (a.userId) q = q.where('a.user_id', '=', a.userId);
  const rows = (await q.orderBy('c.connection_name').limit(11).execute()) as Array<Record<string, unknown>>;
  if (rows.length === 0) {
    throw new DomainError(
      'not_found',
      `no connected account '${identifier}' on a ${tool.provider} connection in this environment; create one (actions.getOrCreateConnectedAccount) and have the user authorize it through an authorization link (actions.getAuthorizationLink)`,
      { reason: 'CONNECTED_ACCOUNT_NOT_FOUND' },
    );
  }
  if (rows.length > 1) {
    const names = rows.slice(0, 10).map((r) => r._c_connection_name as string);
    throw new DomainError(
      'invalid_argument',
      `identifier '${identifier}' has accounts on several ${tool.provider} connections (${names.join(', ')}${rows.length > 10 ? ', …' : ''}); pass connector to choose one`,
      { reason: 'CONNECTED_ACCOUNT_AMBIGUOUS', violations: [{ field: 'connector', description: `is required: '${identifier}' has accounts on ${names.join(', ')}` }] },
    );
  }
  // One read: the account's columns, and its connection's under `_c_` names.
  const row: Record<string, unknown> = {};
  const connection: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rows[0])) {
    if (k.startsWith('_c_')) connection[k.slice(3)] = v;
    else row[k] = v;
  }
  connection.id = row.connection_id;
  connection.environment_id = envId;
  return { row: row as unknown as ConnectedAccountRow, connection: connection as unknown as ConnectionRow };
}

const timeouts = new WeakMap<ConnectionRow, number>();

/** The connection's timeout_ms, parsed once per row object (a cached resolution reuses it). */
export function connectionTimeoutOf(connection: ConnectionRow): number {
  let ms = timeouts.get(connection);
  if (ms === undefined) timeouts.set(connection, (ms = connectionFromRow(connection).timeoutMs));
  return ms;
}
