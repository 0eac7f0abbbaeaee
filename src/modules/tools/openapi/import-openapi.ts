import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { getConnectionRow } from '../../connections/connections.js';
import { DomainError } from '../../errors/domain-error.js';
import { createCustomTool } from '../custom/register-custom-tool.js';
import type { ToolRegistry } from '../registry/tool-registry.js';
import type { OpenApiImportRequest } from './import-request.js';
import { readOpenApiTools, type ImportedTool, type SkippedOperation } from './tools-from-openapi.js';

export interface ImportReport {
  connection_name: string;
  provider: string;
  dry_run: boolean;
  /** Registered (or, in a dry run, what would be): each with its definition and request template. */
  tools: Array<{ name: string; operation: string; id: string | null; tool_version: string | null; notes: string[]; definition: ImportedTool['definition']; implementation: ImportedTool['implementation'] }>;
  skipped: SkippedOperation[];
}

/** The custom tool body of an imported tool (the shape `POST /v1/connect/tools/custom` takes). */
const customToolBody = (t: ImportedTool, connectionName: string) => ({
  ...t.definition,
  implementation: t.implementation,
  connection_name: connectionName,
  annotations: { read_only: t.annotations.readOnly, destructive: t.annotations.destructive, idempotent: t.annotations.idempotent },
  tags: [t.definition.category, 'openapi'],
});

/**
 * Imports an OpenAPI document as declarative tools on one connection: the connection's provider
 * becomes each tool's, and each is registered as a custom tool scoped to that connection. A tool
 * the environment cannot take (its name is taken, say) is reported in `skipped`, the others are
 * registered; a dry run registers nothing.
 */
export async function importOpenApi(db: Kysely<Tables>, builtins: ToolRegistry, envId: string, req: OpenApiImportRequest): Promise<ImportReport> {
  const connection = await getConnectionRow(db, envId, { name: req.connectionName });
  const { tools, skipped } = await readOpenApiTools(req.document, { provider: connection.provider_key, tags: req.tags, operationIds: req.operationIds, prefix: req.prefix });
  const report: ImportReport = { connection_name: connection.connection_name, provider: connection.provider_key, dry_run: req.dryRun, tools: [], skipped: [...skipped] };
  for (const t of tools) {
    const entry = { name: t.definition.name, operation: t.operation, id: null as string | null, tool_version: null as string | null, notes: t.notes, definition: t.definition, implementation: t.implementation };
    if (!req.dryRun) {
      try {
        const saved = await createCustomTool(db, builtins, envId, customToolBody(t, connection.connection_name));
        entry.id = saved.id;
        entry.tool_version = saved.toolVersion;
      } catch (err) {
        if (!(err instanceof DomainError) || err.code === 'internal') throw err;
        report.skipped.push({ operation: t.operation, reason: `${t.definition.name} was not registered: ${err.message}` });
        continue;
      }
    }
    report.tools.push(entry);
  }
  return report;
}
