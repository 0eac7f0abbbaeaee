import type { JsonValue } from '../declarative/declarative-format.js';
import { isCredentialParam, refusedHeader } from '../declarative/credential-headers.js';
import { isObject, type OperationRef, type Parameter } from './openapi-types.js';
import { jsonMedia } from './json-media.js';
import { shorten } from './shorten-text.js';
import { inputName, NotImportable, trimInput, type InputParts } from './input-parts.js';

/** Path-level parameters, overridden by the operation's own of the same name and location. */
function parametersOf(ref: OperationRef): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const p of [...ref.pathParameters, ...(ref.operation.parameters ?? [])]) if (isObject(p) && typeof p.name === 'string' && p.name) byKey.set(`${p.in}:${p.name}`, p);
  return [...byKey.values()];
}

const paramSchema = (p: Parameter): unknown => p.schema ?? (isObject(p.content) ? (jsonMedia(p.content)?.schema ?? (Object.values(p.content)[0] as { schema?: unknown } | undefined)?.schema) : undefined);

/** Why a parameter is left out (and the connection or the API's default covers it), or undefined to keep it. */
function leftOut(p: Parameter): string | undefined {
  if (!['path', 'query', 'header', 'cookie'].includes(p.in)) return `is in '${String(p.in)}', which OpenAPI 3 does not define`;
  if (p.in === 'cookie') return 'is a cookie parameter, which declarative tools do not send';
  if (p.in === 'header') return refusedHeader(p.name);
  if (p.in === 'query' && isCredentialParam(p.name)) return "carries a credential: the connection's";
  const schema = paramSchema(p);
  const type = isObject(schema) ? schema.type : undefined;
  if (p.in === 'query' && (p.style === 'deepObject' || type === 'object')) return 'is an object query parameter, which declarative tools do not serialise';
  if (p.in === 'query' && type === 'array' && p.explode === false) return 'is a comma-joined list (explode: false), which declarative tools do not serialise';
  return undefined;
}

export interface ParameterTemplates {
  path: string;
  query: Record<string, JsonValue>;
  headers: Record<string, string>;
}

/**
 * The operation's path, query and header parameters as input properties and the request
 * templates that place them. Credential headers and parameters are left out (noted): the
 * connection authenticates. A required parameter that cannot be sent makes the operation unimportable.
 */
export function addParameters(ref: OperationRef, parts: InputParts): ParameterTemplates {
  const { properties, required, notes, limits } = parts;
  const query: Record<string, JsonValue> = {};
  const headers: Record<string, string> = {};
  let path = ref.path;
  for (const p of parametersOf(ref)) {
    const why = leftOut(p);
    if (why) {
      if (p.required && p.in !== 'header' && p.in !== 'query') throw new NotImportable(`its required ${p.in} parameter '${p.name}' ${why}`);
      notes.push(`${p.in} parameter '${p.name}' left out: it ${why}`);
      continue;
    }
    // `id` in the path and `id` in the query: the second one is named by where it goes.
    const name = properties[inputName(p.name)] ? `${inputName(p.name)}_${p.in}` : inputName(p.name);
    if (properties[name]) throw new NotImportable(`parameters '${p.name}' and another one both become input '${name}'`);
    const schema = trimInput(paramSchema(p), limits);
    const description = shorten(p.description, limits.descMax);
    properties[name] = description ? { ...schema, description } : schema;
    if (p.required || p.in === 'path') required.push(name);
    if (p.in === 'path') {
      if (!path.includes(`{${p.name}}`)) throw new NotImportable(`path parameter '${p.name}' is not in the path ${ref.path}`);
      path = path.split(`{${p.name}}`).join(`{{${name}}}`);
    } else if (p.in === 'query') query[p.name] = `{{${name}}}`;
    else headers[p.name] = `{{${name}}}`;
  }
  const unbound = /\{([^{}]+)\}/.exec(path.replace(/\{\{[^{}]+\}\}/g, ''));
  if (unbound) throw new NotImportable(`path parameter '${unbound[1]}' of ${ref.path} is not described`);
  return { path, query, headers };
}
