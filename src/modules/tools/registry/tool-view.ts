import type { RegisteredTool, ToolRegistry } from './tool-registry.js';

/** What ListTools and its siblings answer for one tool (the proto `Tool`, wire-agnostic). */
export interface ToolView {
  id: string;
  /** The provider key upper-cased (`GMAIL`), as Scalekit names connectors; the definition keeps it lower-case. */
  provider: string;
  /** The definition as data, snake_case keys exactly as the seed's sample. */
  definition: Record<string, unknown>;
  metadata: { version: string; annotations: { read_only: boolean; destructive: boolean; idempotent: boolean } };
  tags: string[];
  isDefault: boolean;
  updatedAt: Date;
}

export function toolView(tool: RegisteredTool, registry: Pick<ToolRegistry, 'loadedAt'>): ToolView {
  const { definition, annotations, version } = tool.spec;
  return {
    id: tool.id,
    provider: tool.provider.toUpperCase(),
    definition: { ...definition },
    metadata: { version, annotations: { read_only: annotations.readOnly, destructive: annotations.destructive, idempotent: annotations.idempotent } },
    tags: [definition.category],
    // Built-in tools are the default (and only) version of their name until custom tools land.
    isDefault: true,
    updatedAt: registry.loadedAt,
  };
}
