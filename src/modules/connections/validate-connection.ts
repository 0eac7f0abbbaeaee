import { invalidArgument, type FieldViolation } from '../errors/domain-error.js';
import { PLAIN_HTTP_RULE } from '../egress/plain-http-rule.js';
import { isEndpointUrl } from '../providers/definition/validate-definition.js';
import { malformedTemplates, templateFields } from '../providers/definition/template.js';
import { AUTH_TYPES, DEFAULTS, type AuthPattern } from '../providers/definition/provider-definition.js';
import type { Provider } from '../providers/provider.js';
import { TIMEOUT_MS } from './connection.js';

/** Wire names of the connection fields, so every error names what the caller sent. */
export const FIELD = Object.freeze({
  providerKey: 'connection.provider_key',
  type: 'connection.type',
  name: 'connection.key_id',
  clientId: 'connection.oauth_config.client_id',
  clientSecret: 'connection.oauth_config.client_secret',
  scopes: 'connection.oauth_config.scopes',
  authorizeParams: 'connection.oauth_config.extensions.extra_authorize_params',
  timeoutMs: 'connection.static_config.timeout_ms',
  proxyUrl: 'connection.static_config.proxy_url',
});

const CONNECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Set by the OAuth flow itself; a connection cannot override them (the scope parameter is added per provider). */
const RESERVED_AUTHORIZE_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method'];

export function nameViolation(name: string): FieldViolation | undefined {
  if (CONNECTION_NAME.test(name)) return undefined;
  return { field: FIELD.name, description: `must be 1 to 64 letters, digits, '_' or '-' (e.g. "gmail" or "GMAIL-test"; got '${name.slice(0, 80)}')` };
}

/** The auth pattern a connection uses: the requested type, else the provider's first pattern. */
export function pickAuthPattern(provider: Provider, authType: string | undefined): AuthPattern {
  const patterns = provider.definition.auth_patterns;
  if (authType === undefined) return patterns[0];
  const found = patterns.find((p) => p.type === authType);
  if (found) return found;
  const offered = patterns.map((p) => p.type).join(', ');
  const hint = (AUTH_TYPES as readonly string[]).includes(authType) ? '' : ` (Latchkey connections are one of ${AUTH_TYPES.join(', ')})`;
  throw invalidArgument(FIELD.type, `must be one of the types provider '${provider.identifier}' offers: ${offered} (got '${authType}')${hint}`);
}

/** Stored scopes: the pattern's required scopes, then the requested ones, each once. Unknown scopes are refused. */
export function resolveScopes(provider: Provider, pattern: AuthPattern, requested: string[] | undefined, v: FieldViolation[]): string[] {
  const wanted = (requested ?? []).map((s) => s.trim()).filter(Boolean);
  if (pattern.type !== 'OAUTH' || !pattern.oauth_config) {
    if (wanted.length) v.push({ field: FIELD.scopes, description: `apply to OAUTH connections only; this connection is ${pattern.type}` });
    return [];
  }
  const available = pattern.oauth_config.available_scopes;
  const unknown = wanted.filter((s) => !available.some((a) => a.scope === s));
  if (unknown.length) {
    const list = unknown.map((s) => `'${s}'`).join(', ');
    v.push({
      field: FIELD.scopes,
      description: available.length
        ? `has scopes provider '${provider.identifier}' does not offer: ${list}; available: ${available.map((a) => a.scope).join(', ')}`
        : `must be empty: provider '${provider.identifier}' takes no scopes (its permissions are set in the provider's app console); got ${list}`,
    });
  }
  const required = available.filter((a) => a.required).map((a) => a.scope);
  return [...new Set([...required, ...wanted])];
}

export function authorizeParamViolations(pattern: AuthPattern, params: Record<string, string>): FieldViolation[] {
  const v: FieldViolation[] = [];
  const entries = Object.entries(params);
  if (!entries.length) return v;
  if (pattern.type !== 'OAUTH') return [{ field: FIELD.authorizeParams, description: `apply to OAUTH connections only; this connection is ${pattern.type}` }];
  const scopeParam = pattern.oauth_config?.scope_param ?? DEFAULTS.oauth.scope_param;
  if (entries.length > 20) v.push({ field: FIELD.authorizeParams, description: 'must have at most 20 parameters' });
  for (const [k, val] of entries) {
    const field = `${FIELD.authorizeParams}.${k}`;
    if (!/^[A-Za-z0-9_.\-[\]]{1,100}$/.test(k)) v.push({ field, description: 'name must be 1 to 100 letters, digits, or . _ - [ ]' });
    else if (RESERVED_AUTHORIZE_PARAMS.includes(k) || k === scopeParam) v.push({ field, description: 'is set by the OAuth flow and cannot be overridden' });
    if (typeof val !== 'string' || val.length > 1000) v.push({ field, description: 'value must be a string of at most 1000 characters' });
  }
  return v;
}

export function timeoutViolation(ms: number): FieldViolation | undefined {
  if (Number.isInteger(ms) && ms >= TIMEOUT_MS.min && ms <= TIMEOUT_MS.max) return undefined;
  return { field: FIELD.timeoutMs, description: `must be a whole number of milliseconds from ${TIMEOUT_MS.min} to ${TIMEOUT_MS.max} (got ${ms})` };
}

/** Client credentials belong to OAUTH connections only, and have sane sizes. */
export function clientCredentialViolations(pattern: AuthPattern, clientId: string | null | undefined, clientSecret: string | null | undefined): FieldViolation[] {
  const v: FieldViolation[] = [];
  const checks: Array<[string, string | null | undefined, number]> = [
    [FIELD.clientId, clientId, 512],
    [FIELD.clientSecret, clientSecret, 4096],
  ];
  for (const [field, value, max] of checks) {
    if (value === undefined || value === null) continue;
    if (pattern.type !== 'OAUTH') v.push({ field, description: `is only for OAUTH connections; a ${pattern.type} connection takes its credentials per connected account` });
    else if (value.length > max) v.push({ field, description: `must be at most ${max} characters` });
    else if (value !== value.trim()) v.push({ field, description: 'must not start or end with whitespace' });
  }
  return v;
}

/**
 * A connection's proxy_url override is checked exactly as a provider's: https, or http to a loopback
 * host written out (PLAIN_HTTP_RULE); no credentials or fragment; templates only from fields the
 * connection's auth pattern declares. Where it may connect is still the egress guard's call.
 */
export function proxyUrlViolations(pattern: AuthPattern, url: string): FieldViolation[] {
  const field = FIELD.proxyUrl;
  if (url.length > 2048) return [{ field, description: 'must be at most 2048 characters' }];
  const v: FieldViolation[] = [];
  if (!isEndpointUrl(url)) v.push({ field, description: `must be an https URL with a host and no credentials or fragment (${PLAIN_HTTP_RULE})` });
  for (const bad of malformedTemplates(url)) v.push({ field, description: `contains a malformed template ${bad}: use {{field_name}}` });
  const declared = [...pattern.fields, ...pattern.account_fields].map((f) => f.field_name);
  for (const name of templateFields(url)) {
    if (!declared.includes(name)) {
      v.push({ field, description: `template {{${name}}} names no field of the connection's ${pattern.type} auth pattern${declared.length ? ` (it declares ${declared.join(', ')})` : ''}` });
    }
  }
  return v;
}
