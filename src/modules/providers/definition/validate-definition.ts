import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { PLAIN_HTTP_RULE, isPlainHttpHost } from '../../egress/plain-http-rule.js';
import { invalidFields, type FieldViolation } from '../../errors/domain-error.js';
import { providerDefinitionSchema } from './definition-schema.js';
import { CREDENTIAL_FIELD, type ProviderDefinition } from './provider-definition.js';
import { malformedTemplates, stripTemplates, templateFields } from './template.js';

/** The URL a format check reads: templates replaced by a plain label, or undefined when it cannot be a URL. */
function parsedProbe(s: string): URL | undefined {
  const probe = stripTemplates(s, 'tmpl');
  if (s.length > 2048 || /[\s\\#]/.test(probe)) return undefined;
  try {
    const u = new URL(probe);
    return u.hostname !== '' && u.username === '' && u.password === '' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** https, a host, no credentials or fragment; `{{field}}` templates are checked as if they were a plain label. */
export function isHttpsUrl(s: string): boolean {
  return parsedProbe(s)?.protocol === 'https:';
}

/**
 * An endpoint Latchkey or the browser calls (proxy_url, OAuth URIs): an https URL, or an http one
 * whose host is loopback and written out, not templated (PLAIN_HTTP_RULE), so a credential can only
 * travel in cleartext to this machine.
 */
export function isEndpointUrl(s: string): boolean {
  const u = parsedProbe(s);
  if (u?.protocol === 'https:') return true;
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(s)?.[1] ?? '';
  return u?.protocol === 'http:' && !authority.includes('{{') && isPlainHttpHost(u.hostname);
}

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true });
  ajv.addKeyword({ keyword: 'errorHint', schemaType: 'string' });
  ajv.addFormat('https-url', { type: 'string', validate: isHttpsUrl });
  ajv.addFormat('endpoint-url', { type: 'string', validate: isEndpointUrl });
  const fn = ajv.compile(providerDefinitionSchema);
  compiled = fn;
  return fn;
}

/** `/auth_patterns/0/oauth_config` → `auth_patterns[0].oauth_config`, using the data to tell indexes from keys. */
function toFieldPath(pointer: string, data: unknown, extra?: string): string {
  const segs = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segs.push(extra);
  let out = '';
  let cur: unknown = data;
  for (const seg of segs) {
    if (Array.isArray(cur)) out += `[${seg}]`;
    else out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) ? (out ? `.${seg}` : seg) : `[${JSON.stringify(seg)}]`;
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return out || '(root)';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeAjvError(e: ErrorObject, data: unknown): FieldViolation {
  const p = e.params as Record<string, unknown>;
  const at = (extra?: string) => toFieldPath(e.instancePath, data, extra);
  switch (e.keyword) {
    case 'required':
      return { field: at(String(p.missingProperty)), description: 'is required' };
    case 'additionalProperties':
      return { field: at(String(p.additionalProperty)), description: 'is not a recognised field' };
    case 'enum':
      return { field: at(), description: `must be one of ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return e.instancePath === '/proxy_enabled'
        ? { field: at(), description: 'must be true: every provider is called through the proxy' }
        : { field: at(), description: `must equal ${JSON.stringify(p.allowedValue)}` };
    case 'type':
      return { field: at(), description: `must be ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}` };
    case 'format':
      return { field: at(), description: p.format === 'endpoint-url' ? `must be an https URL (${PLAIN_HTTP_RULE})` : 'must be an https URL' };
    case 'pattern': {
      const hint = (e.parentSchema as { errorHint?: string } | undefined)?.errorHint;
      return { field: at(), description: hint ?? `must match ${String(p.pattern)}` };
    }
    case 'minLength':
      return { field: at(), description: p.limit === 1 ? 'must not be empty' : `must be at least ${plural(Number(p.limit), 'character')}` };
    case 'maxLength':
      return { field: at(), description: `must be at most ${plural(Number(p.limit), 'character')}` };
    case 'minItems':
      return { field: at(), description: `must contain at least ${plural(Number(p.limit), 'item')}` };
    case 'maxItems':
      return { field: at(), description: `must contain at most ${plural(Number(p.limit), 'item')}` };
    case 'maxProperties':
      return { field: at(), description: `must contain at most ${plural(Number(p.limit), 'entry')}`.replace('entrys', 'entries') };
    case 'uniqueItems':
      return { field: at(), description: 'must not contain duplicates' };
    default:
      return { field: at(), description: e.message ?? 'is invalid' };
  }
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** Protocol parameters the flow sets itself; a definition may not override them. */
const RESERVED_AUTHORIZE = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method'];
const RESERVED_TOKEN = ['grant_type', 'code', 'redirect_uri', 'client_id', 'client_secret', 'code_verifier', 'refresh_token'];
/** Headers the proxy must control itself. */
const FORBIDDEN_HEADERS = ['host', 'content-length', 'transfer-encoding', 'connection', 'cookie', 'upgrade', 'te', 'trailer', 'keep-alive', 'proxy-authorization'];
/** Credential values a mutation may target without declaring them (they are not user inputs). */
const IMPLICIT_MUTATION_TARGETS: Record<string, string[]> = {
  OAUTH: ['access_token'],
  BASIC: ['username', 'password'],
  BEARER: ['token'],
  API_KEY: ['api_key'],
};

function fieldNames(pattern: Obj, list: 'fields' | 'account_fields'): string[] {
  return arr(pattern[list]).flatMap((f) => (isObj(f) && typeof f.field_name === 'string' ? [f.field_name] : []));
}

/** Refuse malformed templates and templates naming none of `allowed`. */
function checkTemplates(out: FieldViolation[], field: string, value: string | undefined, allowed: string[], what: string): void {
  if (value === undefined) return;
  for (const bad of malformedTemplates(value)) out.push({ field, description: `contains a malformed template ${bad}: use {{field_name}}` });
  for (const name of templateFields(value)) if (!allowed.includes(name)) out.push({ field, description: `template {{${name}}} names no ${what}` });
}

function checkPattern(out: FieldViolation[], p: Obj, i: number): void {
  const at = `auth_patterns[${i}]`;
  const type = str(p.type);
  const fields = fieldNames(p, 'fields');
  const accountFields = fieldNames(p, 'account_fields');

  // field_name is unique across fields and account_fields: templates and storage share one namespace.
  const seen = new Map<string, string>();
  for (const list of ['fields', 'account_fields'] as const) {
    arr(p[list]).forEach((f, j) => {
      const name = isObj(f) ? str(f.field_name) : undefined;
      if (name === undefined) return;
      const here = `${at}.${list}[${j}].field_name`;
      const first = seen.get(name);
      if (first) out.push({ field: here, description: `duplicates field '${name}' already declared at ${first}` });
      else seen.set(name, here);
    });
  }

  if (type && type !== 'OAUTH') {
    const needed = CREDENTIAL_FIELD[type as keyof typeof CREDENTIAL_FIELD];
    if (needed && !fields.includes(needed)) out.push({ field: `${at}.fields`, description: `must declare a '${needed}' field for ${type} auth` });
    if (p.oauth_config !== undefined) out.push({ field: `${at}.oauth_config`, description: 'is only allowed when type is OAUTH' });
  }
  if (type === 'OAUTH') {
    if (p.oauth_config === undefined) out.push({ field: `${at}.oauth_config`, description: 'is required when type is OAUTH' });
    else if (isObj(p.oauth_config)) checkOAuthConfig(out, p.oauth_config, `${at}.oauth_config`, accountFields, at);
  }

  const header = str(p.auth_header_key_override);
  if (header && FORBIDDEN_HEADERS.includes(header.toLowerCase())) {
    out.push({ field: `${at}.auth_header_key_override`, description: `must not be '${header}': the proxy controls that header` });
  }

  const targets = new Set([...fields, ...accountFields, ...(IMPLICIT_MUTATION_TARGETS[type ?? ''] ?? [])]);
  const mutated = new Set<string>();
  arr(p.auth_field_mutations).forEach((m, j) => {
    if (!isObj(m)) return;
    const mAt = `${at}.auth_field_mutations[${j}]`;
    const name = str(m.field_name);
    if (name !== undefined && !targets.has(name)) out.push({ field: `${mAt}.field_name`, description: `names no field declared in ${at}` });
    if (name !== undefined && mutated.has(name)) out.push({ field: `${mAt}.field_name`, description: `'${name}' already has a mutation in ${at}` });
    if (name !== undefined) mutated.add(name);
    if (m.prefix === undefined && m.suffix === undefined && m.default_value === undefined) {
      out.push({ field: mAt, description: 'must set at least one of prefix, suffix, default_value' });
    }
    for (const part of ['prefix', 'suffix'] as const) {
      checkTemplates(out, `${mAt}.${part}`, str(m[part]), [...fields, ...accountFields], `field declared in ${at}`);
    }
  });
}

/** True when a `{{field}}` in the URL's host is not followed by a fixed domain of at least two labels. */
function hostTemplateUnpinned(uri: string | undefined): boolean {
  const m = uri === undefined ? null : /^[a-z]+:\/\/([^/?#]*)/i.exec(uri);
  if (!m || !m[1].includes('{{')) return false;
  const afterLast = m[1].slice(m[1].lastIndexOf('}}') + 2).replace(/:\d+$/, '');
  return !/^[A-Za-z0-9-]*(\.[A-Za-z0-9-]+){2,}$/.test(afterLast);
}

function checkOAuthConfig(out: FieldViolation[], c: Obj, at: string, accountFields: string[], patternAt: string): void {
  for (const uri of ['authorize_uri', 'token_uri', 'user_info_uri', 'refresh_uri'] as const) {
    checkTemplates(out, `${at}.${uri}`, str(c[uri]), accountFields, `account_field declared in ${patternAt}`);
    if (hostTemplateUnpinned(str(c[uri]))) {
      out.push({ field: `${at}.${uri}`, description: 'may template a host only as a label under a fixed domain (e.g. https://{{shop}}.myshopify.com/…): the client secret and tokens go to this host, so an end user must not choose it' });
    }
  }
  const scopes = new Set<string>();
  arr(c.available_scopes).forEach((s, j) => {
    const scope = isObj(s) ? str(s.scope) : undefined;
    if (scope === undefined) return;
    if (scopes.has(scope)) out.push({ field: `${at}.available_scopes[${j}].scope`, description: `duplicates scope '${scope}'` });
    scopes.add(scope);
  });
  const scopeParam = str(c.scope_param) ?? 'scope';
  for (const [key, reserved] of [['authorize_params', [...RESERVED_AUTHORIZE, scopeParam]], ['token_request_params', RESERVED_TOKEN]] as const) {
    if (!isObj(c[key])) continue;
    for (const name of Object.keys(c[key] as Obj)) {
      const field = `${at}.${key}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`;
      if (!/^[A-Za-z0-9_.\-[\]]{1,64}$/.test(name)) out.push({ field, description: 'is not a valid parameter name' });
      else if (reserved.includes(name)) out.push({ field, description: `is set by the OAuth flow and cannot be overridden` });
    }
  }
  const paths = isObj(c.token_response) ? c.token_response.account_field_paths : undefined;
  if (isObj(paths)) {
    for (const name of Object.keys(paths)) {
      if (!accountFields.includes(name)) {
        out.push({ field: `${at}.token_response.account_field_paths.${name}`, description: `names no account_field declared in ${patternAt}` });
      }
    }
  }
}

function semanticViolations(d: unknown): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (!isObj(d)) return out;
  const patterns = arr(d.auth_patterns);
  patterns.forEach((p, i) => isObj(p) && checkPattern(out, p, i));
  const proxyUrl = str(d.proxy_url);
  if (proxyUrl !== undefined) {
    for (const bad of malformedTemplates(proxyUrl)) out.push({ field: 'proxy_url', description: `contains a malformed template ${bad}: use {{field_name}}` });
    // A connection may use any pattern, so each one must be able to fill every template.
    for (const name of templateFields(proxyUrl)) {
      patterns.forEach((p, i) => {
        if (isObj(p) && ![...fieldNames(p, 'fields'), ...fieldNames(p, 'account_fields')].includes(name)) {
          out.push({ field: 'proxy_url', description: `template {{${name}}} names no field declared in auth_patterns[${i}]` });
        }
      });
    }
  }
  return out;
}

/**
 * Validate a provider definition (custom-provider API body or catalog file) and return a copy with
 * defaults applied. Throws invalidFields listing every problem, each with a path like
 * `auth_patterns[0].oauth_config.token_uri`.
 */
export function validateProviderDefinition(input: unknown): ProviderDefinition {
  let data: unknown;
  try {
    data = structuredClone(input);
  } catch {
    throw invalidFields([{ field: '(root)', description: 'must be a JSON object' }]);
  }
  const validate = schemaValidator();
  const violations: FieldViolation[] = [];
  if (!validate(data)) for (const e of validate.errors ?? []) violations.push(describeAjvError(e, data));
  violations.push(...semanticViolations(data));
  const unique = violations.filter((v, i) => violations.findIndex((w) => w.field === v.field && w.description === v.description) === i);
  if (unique.length > 0) throw invalidFields(unique);
  return data as ProviderDefinition;
}
