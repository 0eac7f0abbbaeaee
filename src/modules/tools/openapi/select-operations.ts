import { invalidArgument } from '../../errors/domain-error.js';
import { isObject, type OpenApiDocument, type Operation, type OperationRef, type Parameter } from './openapi-types.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface OperationFilter {
  tags?: string[];
  operationIds?: string[];
}

/** Every operation of the document, in document order (HEAD, OPTIONS and TRACE are not tools). */
function allOperations(doc: OpenApiDocument): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    const pathParameters = Array.isArray(item.parameters) ? (item.parameters as Parameter[]) : [];
    for (const m of METHODS) {
      const operation = item[m];
      if (!isObject(operation)) continue;
      // Documents are input: fields of the wrong type are read as absent, never trusted.
      const op: Operation = {
        ...(operation as Operation),
        operationId: typeof operation.operationId === 'string' && operation.operationId ? operation.operationId : undefined,
        tags: Array.isArray(operation.tags) ? operation.tags.filter((t): t is string => typeof t === 'string') : [],
        parameters: Array.isArray(operation.parameters) ? (operation.parameters as Parameter[]) : [],
        summary: typeof operation.summary === 'string' ? operation.summary : undefined,
        description: typeof operation.description === 'string' ? operation.description : undefined,
      };
      const method = m.toUpperCase() as OperationRef['method'];
      out.push({ method, path, operation: op, pathParameters, label: op.operationId ?? `${method} ${path}` });
    }
  }
  return out;
}

/**
 * The operations chosen by tag and by operationId (either matches; no filter = all). A filter
 * value that matches nothing is an error listing what the document has, so a typo is not a
 * silently smaller import.
 */
export function selectOperations(doc: OpenApiDocument, filter: OperationFilter): OperationRef[] {
  const ops = allOperations(doc);
  const tags = filter.tags ?? [];
  const ids = filter.operationIds ?? [];
  const known = { tags: new Set(ops.flatMap((o) => o.operation.tags ?? [])), ids: new Set(ops.map((o) => o.operation.operationId).filter(Boolean)) };
  const unknownTags = tags.filter((t) => !known.tags.has(t));
  if (unknownTags.length) throw invalidArgument('tags', `names no tag of the document: ${unknownTags.join(', ')} (it has ${[...known.tags].slice(0, 30).join(', ') || 'none'})`);
  const unknownIds = ids.filter((id) => !known.ids.has(id));
  if (unknownIds.length) throw invalidArgument('operation_ids', `names no operation of the document: ${unknownIds.join(', ')}`);
  if (!tags.length && !ids.length) return ops;
  return ops.filter((o) => ids.includes(o.operation.operationId ?? '') || (o.operation.tags ?? []).some((t) => tags.includes(t)));
}
