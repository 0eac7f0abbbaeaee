import { invalidArgument } from '../../errors/domain-error.js';
import type { ToolRequest } from '../definition/tool-spec.js';
import type { DeclarativeImplementation } from './declarative-format.js';
import { asText, fillJson, fillString, inputValue, MISSING, PLACEHOLDER } from './template.js';

type QueryValue = NonNullable<ToolRequest['query']>[string];

/** Each path placeholder encoded as one segment; `.`/`..` would climb out of the path, so they are refused. */
function fillPath(template: string, input: unknown): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = inputValue(input, name);
    const field = `params.${name}`;
    if (v === undefined || v === null) throw invalidArgument(field, 'is required: it fills the request path');
    if (typeof v === 'object') throw invalidArgument(field, 'must be a string or number: it fills the request path');
    const text = String(v);
    if (text === '') throw invalidArgument(field, 'must not be empty: it fills the request path');
    if (text === '.' || text === '..') throw invalidArgument(field, "must not be '.' or '..': it fills a request path segment");
    return encodeURIComponent(text);
  });
}

/** A filled query value as the runtime sends it: lists repeat the parameter, anything else is text. */
function queryValue(v: unknown): QueryValue {
  if (Array.isArray(v)) return v.filter((i) => i !== undefined && i !== null).map((i) => (typeof i === 'number' ? i : asText(i)));
  if (v === null) return undefined;
  return typeof v === 'number' || typeof v === 'boolean' ? v : asText(v);
}

/** The ToolRequest of one execution: the templates filled from the validated input. */
export function buildRequest(impl: DeclarativeImplementation, input: unknown): ToolRequest {
  const req: ToolRequest = { method: impl.method, path: fillPath(impl.path, input) };
  if (impl.query) {
    const query: Record<string, QueryValue> = {};
    for (const [k, t] of Object.entries(impl.query)) {
      const v = fillJson(t, input);
      if (v !== MISSING) query[k] = queryValue(v);
    }
    req.query = query;
  }
  if (impl.headers) {
    const headers: Record<string, string> = {};
    for (const [k, t] of Object.entries(impl.headers)) {
      const v = fillString(t, input);
      if (v !== MISSING && v !== null) headers[k] = Array.isArray(v) ? v.map(asText).join(', ') : asText(v);
    }
    req.headers = headers;
  }
  if (impl.body !== undefined) {
    const body = fillJson(impl.body, input);
    if (body !== MISSING) req.json = body;
  }
  return req;
}
