import type { RegisteredTool, ToolRegistry } from './tool-registry.js';

/** What ListTools and its siblings answer for one tool (the proto `Tool`, wire-agnostic). */
export interface ToolView {
  id: string;
  /** The provider key upper-cased (`GMAIL`), as Scalekit names connectors; the definition keeps it lower-case. */
  provider: string;
  /** The definition as data, snake_case keys exactly as the seed's sample. */
  definition: Record<string, unknown>;
  metadata: Record<string, unknown> & { version: string; annotations: { read_only: boolean; destructive: boolean; idempotent: boolean } };
  tags: string[];
  isDefault: boolean;
  updatedAt: Date;
}

/**
 * A built-in tool's metadata is its version and annotations; a custom tool's adds its versions,
 * kind, deprecation and scope, after the caller's own metadata keys (ours win on a clash).
 */
export function toolView(tool: RegisteredTool, registry: Pick<ToolRegistry, 'loadedAt'>): ToolView {
  const { definition, annotations, version } = tool.spec;
  const base = { version, annotations: { read_only: annotations.readOnly, destructive: annotations.destructive, idempotent: annotations.idempotent } };
  const c = tool.custom;
  return {
    id: tool.id,
    provider: tool.provider.toUpperCase(),
    definition: { ...definition },
    metadata: c
      ? {
          ...c.metadata,
          ...base,
          tool_version: c.toolVersion,
          schema_version: c.schemaVersion,
          kind: c.kind,
          custom: true,
          deprecated: c.deprecated,
          ...(c.scope.organizationId ? { organization_id: c.scope.organizationId } : {}),
          ...(c.scope.connectionName ? { connection_name: c.scope.connectionName } : {}),
        }
      : base,
    tags: c ? c.tags : [definition.category],
    // A built-in tool is the one version of its name.
    isDefault: c ? c.isDefault : true,
    updatedAt: c ? c.updatedAt : registry.loadedAt,
  };
}
