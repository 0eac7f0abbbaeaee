import type { Kysely } from 'kysely';
import type { ConnectionRow, Tables } from '../../../storage/schema.js';
import { DomainError } from '../../errors/domain-error.js';
import { connectionFromRow, type Connection } from '../../connections/connection.js';
import { findProvider } from '../../providers/provider-registry.js';
import type { Provider } from '../../providers/provider.js';
import type { AuthPattern } from '../../providers/definition/provider-definition.js';

export interface ConnectionContext {
  row: ConnectionRow;
  connection: Connection;
  provider: Provider;
  pattern: AuthPattern;
  /** The provider's display name, for pages and messages. */
  providerName: string;
}

const unusable = (message: string, reason: string) => new DomainError('failed_precondition', message, { reason });

/**
 * The connection an account belongs to, its provider and auth pattern; refused (failed_precondition)
 * when accounts cannot be authorized through it: disabled, OAuth client not set up, provider gone.
 */
export async function loadConnection(db: Kysely<Tables>, envId: string, connectionId: string): Promise<ConnectionContext> {
  const row = await db.selectFrom('connections').selectAll().where('environment_id', '=', envId).where('id', '=', connectionId).executeTakeFirst();
  if (!row) throw unusable('the connection of this connected account no longer exists', 'CONNECTION_NOT_FOUND');
  const connection = connectionFromRow(row);
  const name = connection.connectionName;
  if (!connection.enabled) throw unusable(`connection '${name}' is disabled; enable it before authorizing accounts`, 'CONNECTION_DISABLED');
  if (connection.status !== 'COMPLETED') {
    throw unusable(`connection '${name}' has no OAuth client yet; set its oauth_config.client_id and client_secret first`, 'CONNECTION_NOT_CONFIGURED');
  }
  const provider = await findProvider(db, envId, connection.providerKey).catch(() => undefined);
  const pattern = provider?.definition.auth_patterns.find((p) => p.type === connection.authType);
  if (!provider || !pattern) {
    throw unusable(`connection '${name}' uses provider '${connection.providerKey}' with ${connection.authType}, which is no longer defined`, 'CONNECTION_PROVIDER_MISSING');
  }
  if (pattern.type === 'OAUTH' && !pattern.oauth_config) throw unusable(`provider '${provider.identifier}' has no oauth_config`, 'CONNECTION_PROVIDER_MISSING');
  return { row, connection, provider, pattern, providerName: provider.definition.display_name };
}
