/** What the registry keeps of a custom tool version beyond its ToolSpec (from its `custom_tools` row). */
export interface CustomToolInfo {
  /** The version's `tol_…` id. */
  rowId: string;
  kind: 'code' | 'declarative';
  toolVersion: string;
  schemaVersion: string;
  /** The version executions use unless the caller names another. */
  isDefault: boolean;
  deprecated: boolean;
  scope: ToolScope;
  /** The function's source text (code tools). */
  source?: string;
  /** The caller's own metadata, served back in `Tool.metadata`. */
  metadata: Record<string, unknown>;
  tags: string[];
  updatedAt: Date;
}

/** Where a tool may be listed and run: both null = the whole environment. */
export interface ToolScope {
  organizationId: string | null;
  connectionId: string | null;
  /** The connection's name, for messages and views (null when connectionId is). */
  connectionName: string | null;
}

export const ENVIRONMENT_WIDE: ToolScope = Object.freeze({ organizationId: null, connectionId: null, connectionName: null });

/** The provider key of code tools (the seed's `provider: 'custom'`): they run on no connection of their own. */
export const CODE_TOOL_PROVIDER = 'custom';
