import type { ToolSpec } from '../definition/tool-spec.js';
import { declarativeToolSpec } from '../declarative/index.js';
import type { RegisteredTool } from '../registry/tool-registry.js';
import type { CustomTool } from './custom-tool.js';

/** A code tool may do anything its code does: it claims no safety it was not given. */
const NO_CLAIMS = Object.freeze({ readOnly: false, destructive: false, idempotent: false });

/**
 * A stored template that no longer validates (the format grew stricter) stays listed, so the
 * environment's other tools keep working, and each execution says what is wrong with it.
 */
function declarativeSpec(t: CustomTool): ToolSpec {
  try {
    return declarativeToolSpec(t.definition, t.implementation, t.toolVersion, t.annotations);
  } catch (err) {
    return { definition: t.definition, annotations: t.annotations ?? NO_CLAIMS, version: t.toolVersion, run: () => Promise.reject(err) };
  }
}

/**
 * A stored version as the registry serves it. A declarative tool becomes a normal ToolSpec
 * (request + shape), so it runs through the same path as built-in tools; a code tool's spec has
 * neither: ExecuteTool hands it to the sandbox (run-code-tool.ts).
 */
export function registeredCustomTool(t: CustomTool): RegisteredTool {
  const spec: ToolSpec = t.kind === 'declarative' ? declarativeSpec(t) : { definition: t.definition, annotations: t.annotations ?? NO_CLAIMS, version: t.toolVersion };
  const d = t.definition;
  return {
    id: t.id,
    name: t.name,
    provider: t.provider,
    spec,
    searchText: `${d.name}\n${d.display_name}\n${d.description}`.toLowerCase(),
    custom: {
      rowId: t.id,
      kind: t.kind,
      toolVersion: t.toolVersion,
      schemaVersion: t.schemaVersion,
      isDefault: t.isDefault,
      deprecated: t.deprecatedAt !== null,
      scope: { organizationId: t.organizationId, connectionId: t.connectionId, connectionName: t.connectionName },
      source: t.kind === 'code' ? (t.implementation as string) : undefined,
      metadata: t.metadata,
      tags: t.tags,
      updatedAt: new Date(t.updatedAt),
    },
  };
}
