import type { Kysely } from 'kysely';
import { create } from '@bufbuild/protobuf';
import type { ScalekitClient } from '@scalekit-sdk/node';
import { AuthorizationDetailsSchema, ConnectorStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import type { ConnectedAccountRow, Tables } from '../../src/storage/schema.js';
import { newId } from '../../src/storage/ids.js';
import type { Vault } from '../../src/modules/vault/vault.js';
import type { AccountCredentials } from '../../src/modules/accounts/account.js';
import { sealAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';
import type { AgentAuthEnv } from './agent-auth-env.js';

// ---------------------------------------------------------------------------------------------
// Providers

/** The seed's static payloads (auth-patterns.txt), BASIC extended with a password field. */
export const STATIC_PROVIDERS = {
  BASIC: {
    display_name: 'My Freshdesk',
    description: 'Connect to Freshdesk. Manage tickets, contacts, companies, and customer support workflows',
    auth_patterns: [
      {
        type: 'BASIC',
        display_name: 'Basic Auth',
        description: 'Authenticate with Freshdesk using Basic Auth with username and password',
        fields: [
          { field_name: 'domain', label: 'Freshdesk Domain', input_type: 'text', hint: 'Your Freshdesk domain (e.g., yourcompany.freshdesk.com)', required: true },
          { field_name: 'username', label: 'API Key', input_type: 'text', hint: 'Your Freshdesk API Key', required: true },
          { field_name: 'password', label: 'Password', input_type: 'password', hint: 'Leave empty to use X', required: false },
        ],
      },
    ],
    proxy_url: 'https://{{domain}}/api',
    proxy_enabled: true,
  },
  BEARER: {
    display_name: 'My Bearer Token Provider',
    description: 'Connect to an API that accepts a static bearer token',
    auth_patterns: [
      {
        type: 'BEARER',
        display_name: 'Bearer Token',
        description: 'Authenticate with a static bearer token',
        fields: [{ field_name: 'token', label: 'Bearer Token', input_type: 'password', hint: 'Your long-lived bearer token', required: true }],
      },
    ],
    proxy_url: 'https://api.example.com',
    proxy_enabled: true,
  },
  API_KEY: {
    display_name: 'My Attention',
    description: 'Connect to Attention for AI insights, conversations, teams, and workflows',
    auth_patterns: [
      {
        type: 'API_KEY',
        display_name: 'API Key',
        description: 'Authenticate with Attention using an API Key',
        fields: [{ field_name: 'api_key', label: 'Integration Token', input_type: 'password', hint: 'Your Attention API Key', required: true }],
      },
    ],
    proxy_url: 'https://api.attention.tech',
    proxy_enabled: true,
  },
};

/**
 * A custom provider with one auth pattern, its proxy_url templated on `{{domain}}` unless given.
 * A templated proxy_url gets its `domain` field: a credential field of static patterns, an account
 * field of OAUTH ones (unless the pattern names its own account_fields).
 */
export async function customProvider(db: Kysely<Tables>, envId: string, key: string, pattern: Record<string, unknown>, proxyUrl = 'https://{{domain}}/base') {
  const domain = proxyUrl.includes('{{domain}}') ? [{ field_name: 'domain', label: 'Domain' }] : [];
  const fields = (pattern.fields as unknown[] | undefined) ?? [];
  return createCustomProvider(db, envId, {
    key,
    display_name: `Test ${key}`,
    auth_patterns: [
      {
        display_name: String(pattern.type),
        ...pattern,
        ...(pattern.type === 'OAUTH' ? { account_fields: pattern.account_fields ?? domain } : { fields: [...domain, ...fields] }),
      },
    ],
    proxy_url: proxyUrl,
    proxy_enabled: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Connected accounts

let accountCounter = 0;

/** A connected account row as the authorization flow would have stored it, its credentials sealed in the vault. */
export async function insertAccount(
  db: Kysely<Tables>,
  vault: Vault,
  opts: {
    envId: string;
    connectionId: string;
    /** OAUTH unless given. */
    authType?: string;
    identifier?: string;
    credentials?: AccountCredentials;
    status?: string;
    accountFields?: Record<string, string>;
    /** When the stored access token expires (token_expires_at); never, unless given. */
    expiresAt?: Date | null;
  },
): Promise<ConnectedAccountRow> {
  const id = newId('ca');
  const now = new Date().toISOString();
  const row: ConnectedAccountRow = {
    id,
    environment_id: opts.envId,
    connection_id: opts.connectionId,
    identifier: opts.identifier ?? `user_${++accountCounter}`,
    organization_id: null,
    user_id: null,
    status: opts.status ?? 'ACTIVE',
    auth_type: opts.authType ?? 'OAUTH',
    credentials_ciphertext: opts.credentials ? sealAccountCredentials(vault, opts.envId, id, opts.credentials) : null,
    credentials_version: opts.credentials ? 1 : 0,
    token_expires_at: opts.expiresAt ? opts.expiresAt.toISOString() : null,
    scopes: '[]',
    account_fields: JSON.stringify(opts.accountFields ?? {}),
    api_config: '{}',
    authorized_user_id: null,
    authorized_user_email: null,
    last_used_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('connected_accounts').values(row).execute();
  return row;
}

/** Tokens as an upstream issued them, in the shape the flow stores OAuth credentials. */
export function oauthCredentials(tokens: { access_token: string; refresh_token?: string }): AccountCredentials {
  return { kind: 'oauth', token_type: 'Bearer', access_token: tokens.access_token, ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}) };
}

/** A connection of a (built-in or custom) provider and one account on it. */
export async function connectionWithAccount(
  env: Pick<AgentAuthEnv, 'db' | 'vault' | 'envId'>,
  opts: {
    providerKey: string;
    connectionName: string;
    authType: string;
    identifier?: string;
    credentials?: AccountCredentials;
    status?: string;
    accountFields?: Record<string, string>;
    timeoutMs?: number;
    clientId?: string;
    clientSecret?: string;
    /** The connection's own proxy_url (aims a built-in provider at its loopback fake). */
    proxyUrl?: string;
  },
) {
  const connection = await createConnection(env.db, env.vault, env.envId, {
    providerKey: opts.providerKey,
    connectionName: opts.connectionName,
    authType: opts.authType,
    timeoutMs: opts.timeoutMs,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    proxyUrl: opts.proxyUrl,
  });
  const account = await insertAccount(env.db, env.vault, { ...opts, envId: env.envId, connectionId: connection.id });
  return { connection, account };
}

export const accountRow = (db: Kysely<Tables>, id: string) => db.selectFrom('connected_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

// ---------------------------------------------------------------------------------------------
// The SDK side

/** Static credentials as the SDK sends them (authorizationDetails.staticAuth). */
export const staticAuthDetails = (details: Record<string, string>) => create(AuthorizationDetailsSchema, { details: { case: 'staticAuth', value: { details } } });

/** The seed's "Check authorization before proxy calls" Node.js snippet, as written. */
export async function checkAuthorizationBeforeProxy(scalekit: ScalekitClient, identifier: string) {
  const account = (await scalekit.actions.getOrCreateConnectedAccount({
    connectionName: 'gmail',
    identifier,
  })).connectedAccount;

  if (account?.status !== ConnectorStatus.ACTIVE) {
    throw new Error('Connected account is not ACTIVE. Re-authorize the user.');
  }
  return account;
}
