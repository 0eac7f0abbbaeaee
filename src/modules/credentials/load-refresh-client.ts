import type { Kysely } from 'kysely';
import type { ConnectedAccountRow, Tables } from '../../storage/schema.js';
import { DomainError } from '../errors/domain-error.js';
import { getConnectionRow } from '../connections/connections.js';
import { readConnectionSecret } from '../connections/connection-secret.js';
import { findProvider } from '../providers/provider-registry.js';
import { resolveOAuthConfig } from '../providers/definition/provider-definition.js';
import { fillTemplate } from '../providers/definition/template.js';
import type { Vault } from '../vault/vault.js';
import type { RefreshClient } from './refresh-token-grant.js';

/** The account's connection and provider, resolved to where and how to send its refresh grant. */
export async function loadRefreshClient(db: Kysely<Tables>, vault: Vault, row: ConnectedAccountRow): Promise<RefreshClient> {
  const conn = await getConnectionRow(db, row.environment_id, { id: row.connection_id });
  const refuse = (what: string) =>
    new DomainError('failed_precondition', `cannot refresh the token of connected account '${row.identifier}': ${what}`, {
      reason: 'CONNECTION_CANNOT_REFRESH',
    });
  const provider = await findProvider(db, row.environment_id, conn.provider_key).catch(() => {
    throw refuse(`its connection '${conn.connection_name}' uses provider '${conn.provider_key}', which no longer exists`);
  });
  const oauthConfig = provider.definition.auth_patterns.find((p) => p.type === conn.auth_type)?.oauth_config;
  if (!oauthConfig) throw refuse(`provider '${provider.identifier}' has no OAuth settings for connection '${conn.connection_name}'`);
  if (!conn.client_id) throw refuse(`connection '${conn.connection_name}' has no client id; set it on the connection`);
  const cfg = resolveOAuthConfig(oauthConfig);
  const { account_field_paths: _fields, ...paths } = cfg.token_response;
  return {
    connectionName: conn.connection_name,
    endpoint: fillTemplate(cfg.refresh_uri, JSON.parse(row.account_fields) as Record<string, string>),
    clientId: conn.client_id,
    clientSecret: await readConnectionSecret(vault, conn),
    authMethod: cfg.token_endpoint_auth_method,
    extraParams: cfg.token_request_params,
    paths,
  };
}
