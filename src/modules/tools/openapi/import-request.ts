import { invalidFields, type FieldViolation } from '../../errors/domain-error.js';
import { isObject } from './openapi-types.js';

/** What the API body and the CLI flags ask for (`POST /api/v1/agent-auth/tools/import-openapi`). */
export interface OpenApiImportRequest {
  connectionName: string;
  /** The OpenAPI document: an object, or its JSON or YAML text. */
  document: object | string;
  tags?: string[];
  operationIds?: string[];
  prefix?: string;
  /** Report what would be registered without registering anything. */
  dryRun: boolean;
}

const KEYS = ['connection_name', 'document', 'tags', 'operation_ids', 'prefix', 'dry_run'];

function names(body: Record<string, unknown>, field: string, out: FieldViolation[]): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > 100 || !v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 256)) {
    out.push({ field, description: 'must be a list of at most 100 non-empty strings of at most 256 characters' });
    return undefined;
  }
  return v.length ? (v as string[]) : undefined;
}

/** The JSON body read field by field, every problem named at once. */
export function parseImportRequest(body: unknown): OpenApiImportRequest {
  const out: FieldViolation[] = [];
  if (!isObject(body)) throw invalidFields([{ field: 'body', description: 'must be a JSON object: {connection_name, document, tags?, operation_ids?, prefix?, dry_run?}' }]);
  for (const k of Object.keys(body)) if (!KEYS.includes(k)) out.push({ field: k, description: `is not a recognised field (use ${KEYS.join(', ')})` });
  const connectionName = body.connection_name;
  if (typeof connectionName !== 'string' || !connectionName.trim()) out.push({ field: 'connection_name', description: 'is required: the connection the tools run on (its provider becomes theirs)' });
  const document = body.document;
  if (!(typeof document === 'string' && document.trim()) && !isObject(document)) out.push({ field: 'document', description: 'is required: the OpenAPI 3.0/3.1 document, as an object or its JSON/YAML text' });
  const prefix = body.prefix;
  if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length > 32 || !/^[A-Za-z0-9_]*$/.test(prefix))) out.push({ field: 'prefix', description: 'must be at most 32 letters, digits or _ (empty for no prefix)' });
  if (body.dry_run !== undefined && typeof body.dry_run !== 'boolean') out.push({ field: 'dry_run', description: 'must be true or false' });
  const tags = names(body, 'tags', out);
  const operationIds = names(body, 'operation_ids', out);
  if (out.length) throw invalidFields(out);
  return { connectionName: (connectionName as string).trim(), document: document as object | string, tags, operationIds, prefix: prefix as string | undefined, dryRun: body.dry_run === true };
}
