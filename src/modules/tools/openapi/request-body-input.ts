import type { JsonValue } from '../declarative/declarative-format.js';
import { isObject, type OperationRef, type Schema } from './openapi-types.js';
import { jsonMedia } from './json-media.js';
import { shorten } from './shorten-text.js';
import { NotImportable, trimInput, type InputParts } from './input-parts.js';

const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The JSON request body as input and its template: an object's fields at the top level when
 * none clashes with a parameter (`{"title": "{{title}}"}`), anything else whole under `body`
 * (`"{{body}}"`). A body that is not JSON is left out when optional, unimportable when required.
 */
export function addRequestBody(ref: OperationRef, parts: InputParts): JsonValue | undefined {
  const { properties, required, notes, limits } = parts;
  const rb = ref.operation.requestBody;
  if (!isObject(rb) || !isObject(rb.content)) return undefined;
  const media = jsonMedia(rb.content);
  const types = Object.keys(rb.content).join(', ');
  if (!media) {
    if (rb.required) throw new NotImportable(`its request body is ${types} only; a declarative tool sends JSON`);
    notes.push(`request body left out: it is ${types}, and a declarative tool sends JSON`);
    return undefined;
  }
  if (ref.method === 'GET') {
    notes.push('request body left out: a GET sends none');
    return undefined;
  }
  const schema = trimInput(media.schema, limits);
  const fields = isObject(schema.properties) ? (schema.properties as Record<string, Schema>) : undefined;
  const flat = fields && (schema.type === 'object' || schema.type === undefined) && Object.keys(fields).every((k) => PLACEHOLDER_NAME.test(k) && !properties[k]);
  if (flat) {
    Object.assign(properties, fields);
    if (rb.required && Array.isArray(schema.required)) required.push(...(schema.required as string[]));
    return Object.fromEntries(Object.keys(fields).map((k) => [k, `{{${k}}}`]));
  }
  const name = properties.body ? 'request_body' : 'body';
  if (properties[name]) throw new NotImportable("its request body clashes with parameters named 'body' and 'request_body'");
  const description = shorten(rb.description, limits.descMax);
  properties[name] = description && !schema.description ? { ...schema, description } : schema;
  if (rb.required) required.push(name);
  return `{{${name}}}`;
}
