import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import { getConnectionRow } from '../../connections/connections.js';
import { getOrganization } from '../../organizations/organizations.js';
import { findProvider } from '../../providers/provider-registry.js';
import type { CustomToolInput } from './custom-tool-input.js';
import type { ToolScope } from './custom-tool-info.js';

const renamed = (err: unknown, field: string, what: string, value: string): never => {
  if (err instanceof DomainError && err.code === 'not_found') {
    throw new DomainError('not_found', `${field} names ${what} '${value}', which was not found in this environment`, { reason: err.reason, violations: [{ field, description: `names no ${what} of this environment` }] });
  }
  throw err;
};

/**
 * The stored scope of a new version: the organization and connection must exist in the
 * environment, and a declarative tool's provider (and its connection, when it names one) must be
 * the one the request goes to.
 */
export async function resolveScope(db: Kysely<Tables>, envId: string, input: CustomToolInput): Promise<ToolScope> {
  if (input.kind === 'declarative') await findProvider(db, envId, input.definition.provider).catch((e) => renamed(e, 'provider', 'provider', input.definition.provider));
  if (input.organizationId) await getOrganization(db, envId, { id: input.organizationId }).catch((e) => renamed(e, 'organization_id', 'organization', input.organizationId!));
  if (!input.connectionName) return { organizationId: input.organizationId, connectionId: null, connectionName: null };
  const connection = await getConnectionRow(db, envId, { name: input.connectionName }).catch((e) => renamed(e, 'connection_name', 'connection', input.connectionName!));
  if (input.kind === 'declarative' && connection.provider_key !== input.definition.provider) {
    throw invalidArgument('connection_name', `'${input.connectionName}' is a ${connection.provider_key} connection; this tool's requests go to ${input.definition.provider}`);
  }
  return { organizationId: input.organizationId, connectionId: connection.id, connectionName: connection.connection_name };
}
