import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { Kysely } from 'kysely';
import type { ConnectedAccountRow, Tables } from '../../src/storage/schema.js';
import { newId } from '../../src/storage/ids.js';
import type { AccountCredentials } from '../../src/modules/accounts/account.js';
import { sealAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';
import { updateEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import type { Vault } from '../../src/modules/vault/vault.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';

export interface ProxyEnv {
  server: TestServer;
  envId: string;
  client: { clientId: string; clientSecret: string };
  token: string;
  db: Kysely<Tables>;
  vault: Vault;
}

/** A test server plus an API client and token of `env`, its proxy allowed to reach `allowHosts`. */
export async function startProxyEnv(opts: { databaseUrl?: string; env?: Record<string, string>; allowHosts?: string[]; envName?: string } = {}): Promise<ProxyEnv> {
  const server = await startTestServer({ databaseUrl: opts.databaseUrl, env: opts.env });
  const db = server.core.storage.db;
  const envName = opts.envName ?? 'development';
  const envId = (await findEnvironmentByName(db, envName)).id;
  if (opts.allowHosts) await updateEnvironmentSettings(db, envId, { proxy_allowed_hosts: opts.allowHosts });
  const client = await server.newClient(envName);
  const token = await envAccessToken(server.url, client);
  return { server, envId, client, token, db, vault: server.core.vault };
}

/** A custom provider with one auth pattern, its proxy_url templated on `{{domain}}` unless given. */
export async function customProvider(db: Kysely<Tables>, envId: string, key: string, pattern: Record<string, unknown>, proxyUrl = 'https://{{domain}}/base') {
  const isOAuth = pattern.type === 'OAUTH';
  const fields = (pattern.fields as unknown[] | undefined) ?? [];
  return createCustomProvider(db, envId, {
    key,
    display_name: `Proxy ${key}`,
    auth_patterns: [
      {
        display_name: String(pattern.type),
        ...pattern,
        ...(isOAuth ? { account_fields: pattern.account_fields ?? [{ field_name: 'domain', label: 'Domain' }] } : { fields: [{ field_name: 'domain', label: 'Domain' }, ...fields] }),
      },
    ],
    proxy_url: proxyUrl,
    proxy_enabled: true,
  });
}

let counter = 0;

/** A connected account row as the authorization flow would have stored it. */
export async function insertAccount(
  db: Kysely<Tables>,
  vault: Vault,
  opts: {
    envId: string;
    connectionId: string;
    authType: string;
    identifier?: string;
    credentials?: AccountCredentials;
    status?: string;
    accountFields?: Record<string, string>;
  },
): Promise<ConnectedAccountRow> {
  const id = newId('ca');
  const now = new Date().toISOString();
  const row: ConnectedAccountRow = {
    id,
    environment_id: opts.envId,
    connection_id: opts.connectionId,
    identifier: opts.identifier ?? `user_${++counter}`,
    organization_id: null,
    user_id: null,
    status: opts.status ?? 'ACTIVE',
    auth_type: opts.authType,
    credentials_ciphertext: opts.credentials ? sealAccountCredentials(vault, opts.envId, id, opts.credentials) : null,
    credentials_version: opts.credentials ? 1 : 0,
    token_expires_at: null,
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

/** A connection of a (built-in or custom) provider and one account on it. */
export async function connectionWithAccount(
  env: ProxyEnv,
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
  },
) {
  const connection = await createConnection(env.db, env.vault, env.envId, {
    providerKey: opts.providerKey,
    connectionName: opts.connectionName,
    authType: opts.authType,
    timeoutMs: opts.timeoutMs,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
  });
  const account = await insertAccount(env.db, env.vault, { ...opts, envId: env.envId, connectionId: connection.id });
  return { connection, account };
}

/** A call to `/proxy{path}` as the SDK makes it (undici, like axios, normalises `..` segments: path-escape tests use raw sockets). */
export function proxy(
  env: ProxyEnv,
  opts: {
    connectionName: string;
    identifier: string;
    path: string;
    method?: Dispatcher.HttpMethod;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer | Readable;
    token?: string;
    signal?: AbortSignal;
  },
) {
  return request(`${env.server.url}/proxy${opts.path}`, {
    method: opts.method ?? 'GET',
    headers: { authorization: `Bearer ${opts.token ?? env.token}`, connection_name: opts.connectionName, identifier: opts.identifier, ...opts.headers },
    body: opts.body,
    signal: opts.signal,
  });
}

/** The JSON error body of a proxy refusal. */
export async function errorBody(res: Dispatcher.ResponseData): Promise<{ code: string; message: string; details: Array<{ error_code: string }> }> {
  return (await res.body.json()) as { code: string; message: string; details: Array<{ error_code: string }> };
}

/** Polls until `check` returns a value that is not undefined (audit rows are written in batches). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
