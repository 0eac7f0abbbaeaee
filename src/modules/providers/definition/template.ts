import { DomainError } from '../../errors/domain-error.js';

/** `{{ name }}` with optional inner whitespace; names follow the field_name rule. */
const TEMPLATE_RE = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;
/** Anything that looks like a template, well-formed or not (used to find malformed ones). */
const ANY_TEMPLATE_RE = /\{\{[^{}]*\}\}/g;
const ONE_TEMPLATE_RE = new RegExp(`^${TEMPLATE_RE.source}$`);
/** Safe for a host label or a path segment: nothing that can end the host or start a path/query. */
const STRICT_VALUE_RE = /^[A-Za-z0-9._~-]+$/;
/** With allowPath, a value placed after the host may also carry `/` (but never `..` segments). */
const PATH_VALUE_RE = /^[A-Za-z0-9._~/-]+$/;
/**
 * A template that is the whole authority (`https://{{domain}}/api`) may hold a host with a port or
 * a bracketed IPv6 literal (`acme.example.com:8443`, `[2001:db8::1]`); still never `/ ? # @ \` or spaces.
 */
const AUTHORITY_VALUE_RE = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** Field names referenced by `{{ name }}` templates in `s`, in order of first appearance, de-duplicated. */
export function templateFields(s: string): string[] {
  const names: string[] = [];
  for (const m of s.matchAll(TEMPLATE_RE)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/** Template-looking fragments that are not valid `{{ field_name }}` references, plus stray braces. */
export function malformedTemplates(s: string): string[] {
  const bad = [...s.matchAll(ANY_TEMPLATE_RE)].map((m) => m[0]).filter((t) => !ONE_TEMPLATE_RE.test(t));
  const rest = s.replace(ANY_TEMPLATE_RE, '');
  if (rest.includes('{{') || rest.includes('}}')) bad.push(rest.includes('{{') ? '{{' : '}}');
  return bad;
}

/** Replace every template by `placeholder`, e.g. to check the surrounding URL parses. */
export function stripTemplates(s: string, placeholder: string): string {
  return s.replace(ANY_TEMPLATE_RE, placeholder);
}

export interface FillOptions {
  /** Allow `/` in values that land after the URL authority (a path template). Host values stay strict. */
  allowPath?: boolean;
}

/** Index where the URL authority (host part) ends, or -1 if `s` is not an absolute URL. */
function authorityEnd(s: string): number {
  const start = s.indexOf('://');
  if (start < 0) return -1;
  const rest = s.slice(start + 3).search(/[/?#]/);
  return rest < 0 ? s.length : start + 3 + rest;
}

/**
 * Fill `{{ name }}` templates from `values`. Values are never URL-encoded; instead a value must be
 * plain (/^[A-Za-z0-9._~-]+$/) so it cannot redirect a proxied call to another host or inject a path;
 * a template forming the whole authority may also carry `:port` or be a bracketed IPv6 literal.
 * (Where that host may point — loopback, private ranges — is the proxy's SSRF guard's concern.)
 * Throws failed_precondition naming the field (never echoing the value, which may be a secret).
 */
export function fillTemplate(s: string, values: Record<string, string>, opts: FillOptions = {}): string {
  const hostEnd = authorityEnd(s);
  return s.replace(TEMPLATE_RE, (match, name: string, offset: number) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined || value === null || value === '') {
      throw new DomainError('failed_precondition', `template field '${name}' has no value on this connected account`, {
        reason: 'TEMPLATE_FIELD_MISSING',
        violations: [{ field: name, description: 'is required to build the upstream URL' }],
      });
    }
    const inHost = hostEnd >= 0 && offset < hostEnd;
    const pathOk = opts.allowPath && !inHost && PATH_VALUE_RE.test(value) && !value.split('/').some((seg) => seg === '..' || seg === '.');
    const wholeAuthority = inHost && s.slice(0, offset).endsWith('://') && offset + match.length === hostEnd;
    const authorityOk = wholeAuthority && AUTHORITY_VALUE_RE.test(value);
    if (!STRICT_VALUE_RE.test(value) && !pathOk && !authorityOk) {
      throw new DomainError('failed_precondition', `template field '${name}' holds a value that is not allowed here`, {
        reason: 'TEMPLATE_VALUE_REFUSED',
        violations: [{ field: name, description: 'may only contain letters, digits, ".", "_", "~" and "-"' }],
      });
    }
    return value;
  });
}
