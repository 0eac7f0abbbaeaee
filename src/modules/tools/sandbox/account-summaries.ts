import type { Kysely } from 'kysely';
import type { ConnectedAccountRow, Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../errors/domain-error.js';
import { getAccount } from '../../accounts/account-lookup.js';

/** A connected account as a code tool sees it: who, where, what state; never a credential. */
export interface AccountSummary {
  id: string;
  identifier: string;
  connector: string;
  provider: string;
  status: string;
  authorization_type: string;
  organization_id: string | null;
  user_id: string | null;
  scopes: string[];
  account_fields: Record<string, string>;
  token_expires_at: string | null;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

const MAX_LISTED = 100;
const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
const text = (v: unknown, field: string, max = 255): string | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > max) throw invalidArgument(field, `must be a string of at most ${max} characters`);
  return v;
};

/** context.accounts.get(id): an account of this environment. */
export async function accountSummary(db: Kysely<Tables>, envId: string, id: unknown): Promise<AccountSummary> {
  const a = await getAccount(db, envId, { id: text(id, 'accounts.get(id)', 64) ?? '' });
  return {
    id: a.id, identifier: a.identifier, connector: a.connectionName, provider: a.providerKey, status: a.status,
    authorization_type: a.authType, organization_id: a.organizationId ?? null, user_id: a.userId ?? null,
    scopes: a.scopes, account_fields: a.accountFields, token_expires_at: iso(a.tokenExpiresAt),
    last_used_at: iso(a.lastUsedAt), created_at: a.createdAt.toISOString(), updated_at: a.updatedAt.toISOString(),
  };
}

/** context.accounts.list({ identifier, provider, connector }): the user's accounts by default, at most 100. */
export async function listAccountSummaries(db: Kysely<Tables>, envId: string, defaultIdentifier: string, query: unknown): Promise<{ accounts: AccountSummary[] }> {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const identifier = text(q.identifier, 'accounts.list.identifier') ?? defaultIdentifier;
  const provider = text(q.provider, 'accounts.list.provider', 64);
  const connector = text(q.connector, 'accounts.list.connector', 64);
  let sel = db
    .selectFrom('connected_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .selectAll('a')
    .select(['c.connection_name as _connection_name', 'c.provider_key as _provider_key'])
    .where('a.environment_id', '=', envId)
    .where('a.identifier', '=', identifier);
  if (provider) sel = sel.where('c.provider_key', '=', provider);
  if (connector) sel = sel.where('c.connection_name', '=', connector);
  const rows = await sel.orderBy('a.id').limit(MAX_LISTED).execute();
  return { accounts: rows.map((r) => summaryOfRow(r, r._connection_name, r._provider_key)) };
}

function summaryOfRow(r: ConnectedAccountRow, connector: string, provider: string): AccountSummary {
  return {
    id: r.id, identifier: r.identifier, connector, provider, status: r.status, authorization_type: r.auth_type,
    organization_id: r.organization_id, user_id: r.user_id, scopes: JSON.parse(r.scopes) as string[],
    account_fields: JSON.parse(r.account_fields) as Record<string, string>, token_expires_at: r.token_expires_at,
    last_used_at: r.last_used_at, created_at: r.created_at, updated_at: r.updated_at,
  };
}
