/** One version of a custom tool (migration 0010); scope null/null = the whole environment. */
export interface CustomToolRow {
  /** `tol_…`, one per version. */
  id: string;
  environment_id: string;
  name: string;
  tool_version: string;
  schema_version: string;
  kind: 'code' | 'declarative';
  provider: string;
  /** JSON: the definition a model sees. */
  definition: string;
  /** The function source (code) or the request template as JSON (declarative). */
  implementation: string;
  /** JSON object. */
  metadata: string;
  /** JSON array of strings. */
  tags: string;
  organization_id: string | null;
  connection_id: string | null;
  is_default: number;
  deprecated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomToolTables {
  custom_tools: CustomToolRow;
}
