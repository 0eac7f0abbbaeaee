import type { DeclarativeOutput } from '../declarative/declarative-format.js';
import { isObject, type OperationRef, type Schema } from './openapi-types.js';
import { jsonMedia } from './json-media.js';
import { trimSchema, type TrimOptions } from './trim-schema.js';

export interface OperationOutput {
  schema: Schema;
  output?: DeclarativeOutput;
}

/** The success answer's JSON schema: 200, 201, …, then 2XX (`default` is usually the error shape). */
function successSchema(ref: OperationRef): unknown {
  const responses = ref.operation.responses ?? {};
  const codes = Object.keys(responses).filter((c) => /^2(\d\d|XX)$/i.test(c)).sort();
  for (const code of codes) {
    const media = jsonMedia(responses[code]?.content);
    if (media) return media.schema ?? {};
  }
  return undefined;
}

/** The field paths a trimmed schema keeps (`user.login`, `labels[].name`), for `pick`. */
function keptPaths(s: Schema, prefix = ''): string[] {
  const props = isObject(s.properties) ? (s.properties as Record<string, Schema>) : undefined;
  if (!props) return prefix ? [prefix] : [];
  return Object.entries(props).flatMap(([key, child]) => {
    const at = prefix ? `${prefix}.${key}` : key;
    const items = isObject(child.items) ? (child.items as Schema) : undefined;
    if (items && isObject(items.properties) && !child.anyOf) return keptPaths(items, `${at}[]`);
    if (isObject(child.properties) && !child.anyOf) return keptPaths(child, at);
    return [at];
  });
}

/**
 * The output: the success answer trimmed like the input, and a `pick` of exactly the fields the
 * trimmed schema kept, so the tool returns what its output_schema says. A list answer is
 * `{"result": [...]}` (as ExecuteTool sends it); an undocumented answer is any object.
 */
export function operationOutput(ref: OperationRef, o: Omit<TrimOptions, 'mode'>): OperationOutput {
  const raw = successSchema(ref);
  if (raw === undefined) return { schema: { type: 'object' } };
  const trimmed = trimSchema(raw, { ...o, mode: 'output' }) ?? {};
  const isList = trimmed.type === 'array' || (Array.isArray(trimmed.type) && trimmed.type.includes('array'));
  const shape = isList ? (isObject(trimmed.items) ? (trimmed.items as Schema) : {}) : trimmed;
  const pick = isObject(shape.properties) && !shape.anyOf ? keptPaths(shape) : [];
  const output = pick.length ? { pick } : undefined;
  if (isList) return { schema: { type: 'object', properties: { result: trimmed } }, output };
  const isObjectSchema = trimmed.type === 'object' || (trimmed.type === undefined && isObject(trimmed.properties));
  if (isObjectSchema) return { schema: trimmed, output };
  // Plain values and unions come back as {"result": …}; a union stays whole.
  return { schema: Object.keys(trimmed).length ? { type: 'object', properties: { result: trimmed } } : { type: 'object' } };
}
