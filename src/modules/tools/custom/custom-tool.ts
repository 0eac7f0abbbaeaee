import type { ToolAnnotations, ToolDefinition } from '../definition/tool-spec.js';
import type { CustomToolRowWithConnection } from './custom-tool-store.js';

/** One stored version of a custom tool, parsed from its row. */
export interface CustomTool {
  id: string;
  name: string;
  toolVersion: string;
  schemaVersion: string;
  kind: 'code' | 'declarative';
  provider: string;
  definition: ToolDefinition;
  implementation: string | Record<string, unknown>;
  /** As registered; unset = the kind's defaults (registered-custom-tool.ts). */
  annotations: ToolAnnotations | undefined;
  metadata: Record<string, unknown>;
  tags: string[];
  organizationId: string | null;
  connectionId: string | null;
  connectionName: string | null;
  isDefault: boolean;
  deprecatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Stored metadata: the caller's own keys, with the annotations under a key of ours. */
interface StoredMetadata {
  annotations: { read_only: boolean; destructive: boolean; idempotent: boolean } | null;
  user: Record<string, unknown>;
}

const annotationsJson = (a: ToolAnnotations) => ({ read_only: a.readOnly, destructive: a.destructive, idempotent: a.idempotent });

export const storedMetadata = (annotations: ToolAnnotations | undefined, user: Record<string, unknown>): string =>
  JSON.stringify({ annotations: annotations ? annotationsJson(annotations) : null, user } satisfies StoredMetadata);

export function customToolFromRow(row: CustomToolRowWithConnection): CustomTool {
  const meta = JSON.parse(row.metadata) as StoredMetadata;
  return {
    id: row.id,
    name: row.name,
    toolVersion: row.tool_version,
    schemaVersion: row.schema_version,
    kind: row.kind,
    provider: row.provider,
    definition: JSON.parse(row.definition) as ToolDefinition,
    implementation: row.kind === 'code' ? row.implementation : (JSON.parse(row.implementation) as Record<string, unknown>),
    annotations: meta.annotations ? { readOnly: meta.annotations.read_only, destructive: meta.annotations.destructive, idempotent: meta.annotations.idempotent } : undefined,
    metadata: meta.user,
    tags: JSON.parse(row.tags) as string[],
    organizationId: row.organization_id,
    connectionId: row.connection_id,
    connectionName: row.connection_name,
    isDefault: row.is_default === 1,
    deprecatedAt: row.deprecated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The REST view (snake_case), shaped like the body it was registered with plus what the server
 * adds, so a GET can be edited and registered again as a new version.
 */
export function customToolJson(t: CustomTool): Record<string, unknown> {
  return {
    id: t.id,
    ...t.definition,
    implementation: t.implementation,
    tool_version: t.toolVersion,
    schema_version: t.schemaVersion,
    kind: t.kind,
    organization_id: t.organizationId,
    connection_name: t.connectionName,
    is_default: t.isDefault,
    deprecated: t.deprecatedAt !== null,
    deprecated_at: t.deprecatedAt,
    annotations: t.annotations ? annotationsJson(t.annotations) : null,
    metadata: t.metadata,
    tags: t.tags,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}
