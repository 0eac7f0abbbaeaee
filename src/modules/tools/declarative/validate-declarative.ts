import type { ToolDefinition } from '../definition/tool-spec.js';
import { DECLARATIVE_METHODS, IMPLEMENTATION_KEYS, MAX_IMPLEMENTATION_BYTES, MAX_PATH_CHARS } from './declarative-format.js';
import { checkOutput } from './validate-output.js';
import { isCredentialParam, refusedHeader } from './credential-headers.js';
import { hasMalformedPlaceholder, placeholdersIn } from './template.js';

export interface DeclarativeProblem {
  path: string;
  message: string;
}

type Report = (path: string, message: string) => void;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const ROOT = 'implementation';

/** What the definition's input offers to placeholders: its properties, and which are required. */
function inputOf(definition: ToolDefinition) {
  const schema = definition.input_schema ?? {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return { properties, required };
}

function checkTemplate(text: string, at: string, input: ReturnType<typeof inputOf>, report: Report): string[] {
  if (hasMalformedPlaceholder(text)) report(at, "has a malformed placeholder: write {{name}} with an input property's name (letters, digits, _; dots for nested fields)");
  const names = placeholdersIn(text);
  for (const name of names) {
    const root = name.split('.')[0];
    if (!Object.hasOwn(input.properties, root)) report(at, `uses {{${name}}}, but input_schema has no property '${root}'`);
  }
  return names;
}

function checkPath(path: unknown, input: ReturnType<typeof inputOf>, report: Report): void {
  const at = `${ROOT}.path`;
  if (typeof path !== 'string' || !path) return report(at, 'is required: the request path after the connection\'s base URL, e.g. /repos/{{owner}}/{{repo}}/issues');
  if (path.length > MAX_PATH_CHARS) return report(at, `must be at most ${MAX_PATH_CHARS} characters`);
  if (!path.startsWith('/') || path.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(path)) return report(at, "must be relative to the connection's base URL: start with a single / (no scheme or host)");
  if (/[\s\u0000-\u001f\u007f\\?#]/.test(path)) report(at, 'must not contain spaces, control characters, \\, ? or # (put query parameters in query)');
  if (path.split('/').some((s) => s === '.' || s === '..')) report(at, "must not contain '.' or '..' segments");
  for (const name of checkTemplate(path, at, input, report)) {
    const root = name.split('.')[0];
    if (!Object.hasOwn(input.properties, root)) continue;
    if (!input.required.has(root)) report(at, `uses {{${name}}}, but '${root}' is optional: a path placeholder needs a value, so list it in input_schema.required`);
    const type = (input.properties[root] as { type?: unknown })?.type;
    if (name === root && (type === 'object' || type === 'array')) report(at, `uses {{${name}}}, but '${root}' is ${type === 'object' ? 'an object' : 'a list'}; a path segment takes a string or number`);
  }
}

function checkQuery(query: unknown, input: ReturnType<typeof inputOf>, report: Report): void {
  if (query === undefined) return;
  if (!isObject(query)) return report(`${ROOT}.query`, 'must be an object of parameter names to values or {{placeholders}}');
  for (const [key, value] of Object.entries(query)) {
    const at = `${ROOT}.query.${key}`;
    if (!key || key.length > 128) report(`${ROOT}.query`, 'has a parameter name that is empty or over 128 characters');
    if (isCredentialParam(key)) report(at, "carries a credential: credentials are the connection's, which the proxy injects");
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      const itemAt = Array.isArray(value) ? `${at}[${i}]` : at;
      if (typeof item === 'string') checkTemplate(item, itemAt, input, report);
      else if (typeof item !== 'number' && typeof item !== 'boolean') report(itemAt, 'must be a string, number, boolean or {{placeholder}} (or a list of them)');
    });
  }
}

function checkHeaders(headers: unknown, input: ReturnType<typeof inputOf>, report: Report): void {
  if (headers === undefined) return;
  if (!isObject(headers)) return report(`${ROOT}.headers`, 'must be an object of header names to string values');
  for (const [name, value] of Object.entries(headers)) {
    const at = `${ROOT}.headers.${name}`;
    if (!HEADER_NAME.test(name)) report(at, 'is not a valid header name');
    const refused = refusedHeader(name);
    if (refused) report(at, refused);
    if (typeof value !== 'string') report(at, 'must be a string (it may hold {{placeholders}})');
    else checkTemplate(value, at, input, report);
  }
}

function checkBody(value: unknown, at: string, input: ReturnType<typeof inputOf>, report: Report, depth = 0): void {
  if (depth > 32) return report(at, 'nests deeper than 32 levels');
  if (typeof value === 'string') checkTemplate(value, at, input, report);
  else if (Array.isArray(value)) value.forEach((v, i) => checkBody(v, `${at}[${i}]`, input, report, depth + 1));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) checkBody(v, `${at}.${k}`, input, report, depth + 1);
}

/**
 * Every problem of a declarative implementation, each with the path to fix
 * (`implementation.query.state`): the method, a relative path, placeholders that name input
 * properties, no credential header or parameter, a valid output shape. Empty when it is valid.
 */
export function validateDeclarative(impl: unknown, definition: ToolDefinition): DeclarativeProblem[] {
  const problems: DeclarativeProblem[] = [];
  const report: Report = (path, message) => void (problems.length < 50 && problems.push({ path, message }));
  if (!isObject(impl)) return [{ path: ROOT, message: 'must be an object: {"method", "path", "query"?, "headers"?, "body"?, "output"?}' }];
  if (Buffer.byteLength(JSON.stringify(impl)) > MAX_IMPLEMENTATION_BYTES) return [{ path: ROOT, message: `must be at most ${MAX_IMPLEMENTATION_BYTES} bytes of JSON` }];
  for (const k of Object.keys(impl)) if (!(IMPLEMENTATION_KEYS as readonly string[]).includes(k)) report(`${ROOT}.${k}`, `is not a recognised field (use ${IMPLEMENTATION_KEYS.join(', ')})`);
  const input = inputOf(definition);
  if (typeof impl.method !== 'string' || !(DECLARATIVE_METHODS as readonly string[]).includes(impl.method)) report(`${ROOT}.method`, `must be one of ${DECLARATIVE_METHODS.join(', ')}`);
  checkPath(impl.path, input, report);
  checkQuery(impl.query, input, report);
  checkHeaders(impl.headers, input, report);
  if (impl.body !== undefined) {
    if (impl.method === 'GET') report(`${ROOT}.body`, 'is not allowed with GET (it sends no body)');
    checkBody(impl.body, `${ROOT}.body`, input, report);
  }
  checkOutput(impl.output, report);
  return problems;
}
