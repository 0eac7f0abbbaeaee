import { NotImportable } from './input-parts.js';
import { loadOpenApiDocument } from './parse-document.js';
import { selectOperations } from './select-operations.js';
import { toolName, uniqueNames } from './tool-name.js';
import { toolFor, type ImportedTool, type SkippedOperation } from './build-tool.js';

export type { ImportedTool, SkippedOperation } from './build-tool.js';

export interface OpenApiImportOptions {
  /** The provider key of the connection the tools run on (definition.provider). */
  provider: string;
  tags?: string[];
  operationIds?: string[];
  /** Name prefix, snake_cased; defaults to the provider key. */
  prefix?: string;
}

export interface OpenApiImport {
  tools: ImportedTool[];
  skipped: SkippedOperation[];
}

/**
 * An OpenAPI 3.0/3.1 document (object, JSON or YAML text) as declarative tools over a connection:
 * one per chosen operation, named `<prefix>_<operationId>` in snake_case, schemas trimmed for a
 * model within the built-in budget. Security schemes are ignored: the connection authenticates.
 * Operations that cannot be a tool are reported in `skipped` with the reason.
 */
export async function readOpenApiTools(document: object | string, opts: OpenApiImportOptions): Promise<OpenApiImport> {
  const doc = await loadOpenApiDocument(document);
  const refs = selectOperations(doc, { tags: opts.tags, operationIds: opts.operationIds });
  const wanted = refs.map((r) => toolName(opts.prefix ?? opts.provider, r.operation.operationId, r.method, r.path));
  const names = uniqueNames(wanted);
  const tools: ImportedTool[] = [];
  const skipped: SkippedOperation[] = [];
  refs.forEach((ref, i) => {
    try {
      const result = toolFor(ref, names[i], opts.provider);
      if ('reason' in result) return void skipped.push(result);
      if (names[i] !== wanted[i]) result.notes.push(`named ${names[i]}: ${wanted[i]} was taken by an earlier operation`);
      tools.push(result);
    } catch (err) {
      if (!(err instanceof NotImportable)) throw err;
      skipped.push({ operation: ref.label, reason: err.message });
    }
  });
  return { tools, skipped };
}

/** The tools only (see readOpenApiTools for what is skipped and why). */
export async function toolsFromOpenApi(document: object | string, opts: OpenApiImportOptions): Promise<ImportedTool[]> {
  return (await readOpenApiTools(document, opts)).tools;
}
