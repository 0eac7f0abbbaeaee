import type { SocialProviderKind } from '../../storage/schema-social-login.js';
import { invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { isPlainHttpHost, PLAIN_HTTP_RULE } from '../egress/plain-http-rule.js';
import { characterProblem } from '../validation/control-characters.js';
import { isOidcKind, KIND_DEFAULTS, KIND_OF_KEY, SOCIAL_KINDS } from './provider-kinds.js';
import type { SocialEndpoints } from './social-provider.js';

/** The body of a create (all required but the defaulted ones) or an update (any subset but key and kind). */
export interface SocialProviderFields {
  key: string;
  kind: SocialProviderKind;
  displayName: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  enabled: boolean;
  issuer: string | undefined;
  endpoints: SocialEndpoints;
}

const KEY = /^[a-z][a-z0-9-]{1,39}$/;
// RFC 6749 §3.3 scope-token.
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;
const ENDPOINT_FIELDS = { authorization_url: 'authorizationUrl', token_url: 'tokenUrl', userinfo_url: 'userinfoUrl', jwks_url: 'jwksUrl', api_url: 'apiUrl' } as const;
const CREATE_FIELDS = new Set(['key', 'kind', 'display_name', 'client_id', 'client_secret', 'scopes', 'enabled', 'issuer', 'endpoints']);

type Wire = Record<string, unknown>;

function text(v: Wire, field: string, max: number, out: FieldViolation[]): string | undefined {
  const s = v[field];
  if (s === undefined) return undefined;
  if (typeof s !== 'string' || !s.trim()) return void out.push({ field, description: 'must be a non-empty string' });
  if (s.length > max) return void out.push({ field, description: `must be at most ${max} characters` });
  const bad = characterProblem(field, s);
  if (bad) return void out.push({ field, description: bad });
  return s.trim();
}

/** An upstream URL: https, or http to a literal loopback host (the egress plain-http rule); no credentials or fragment. */
export function checkUpstreamUrl(raw: unknown, field: string, out: FieldViolation[]): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2048) return void out.push({ field, description: 'must be an absolute URL of at most 2048 characters' });
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return void out.push({ field, description: 'must be an absolute URL such as https://idp.example.com' });
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isPlainHttpHost(u.hostname))) return void out.push({ field, description: `must use https (${PLAIN_HTTP_RULE})` });
  if (u.username || u.password) return void out.push({ field, description: 'must not carry a user name or password' });
  if (u.hash) return void out.push({ field, description: 'must not have a #fragment' });
  // Kept exactly as written: an issuer is compared character for character (Auth0's ends in `/`).
  return raw;
}

function scopesOf(v: unknown, kind: SocialProviderKind, out: FieldViolation[]): string[] | undefined {
  if (!Array.isArray(v) || v.length < 1 || v.length > 30) return void out.push({ field: 'scopes', description: 'must be an array of 1 to 30 scope strings' });
  const bad = v.findIndex((s) => typeof s !== 'string' || !SCOPE.test(s));
  if (bad >= 0) return void out.push({ field: `scopes[${bad}]`, description: 'must be a scope token (printable ASCII without spaces, quotes or backslashes)' });
  if (isOidcKind(kind) && !v.includes('openid')) out.push({ field: 'scopes', description: `must include "openid" for a ${kind} provider (the sign-in reads its id_token)` });
  return [...new Set(v as string[])];
}

function endpointsOf(v: unknown, kind: SocialProviderKind, out: FieldViolation[]): SocialEndpoints | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return void out.push({ field: 'endpoints', description: 'must be a JSON object such as {"token_url":"https://…"}' });
  const allowed = kind === 'GITHUB' ? ['authorization_url', 'token_url', 'api_url'] : ['authorization_url', 'token_url', 'userinfo_url', 'jwks_url'];
  const e: SocialEndpoints = {};
  for (const [k, url] of Object.entries(v as Wire)) {
    if (!allowed.includes(k)) {
      out.push({ field: `endpoints.${k}`, description: `is not an endpoint of a ${kind} provider (use ${allowed.join(', ')})` });
      continue;
    }
    if (url === null) continue;
    const checked = checkUpstreamUrl(url, `endpoints.${k}`, out);
    if (checked) e[ENDPOINT_FIELDS[k as keyof typeof ENDPOINT_FIELDS]] = checked;
  }
  return e;
}

/** Validates a create body (wire names, snake_case); every problem is reported at once, named by field. */
export function validateNewSocialProvider(body: unknown): SocialProviderFields {
  const out: FieldViolation[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidFields([{ field: 'body', description: 'must be a JSON object' }]);
  const v = body as Wire;
  for (const k of Object.keys(v)) if (!CREATE_FIELDS.has(k)) out.push({ field: k, description: `is not a recognised field (use ${[...CREATE_FIELDS].join(', ')})` });
  const key = typeof v.key === 'string' && KEY.test(v.key) ? v.key : void out.push({ field: 'key', description: 'is required: 2-40 characters, lower-case letters, digits and hyphens, starting with a letter (google, github, microsoft, or your own)' });
  let kind: SocialProviderKind | undefined = key ? (KIND_OF_KEY[key] ?? 'OIDC') : undefined;
  if (v.kind !== undefined) {
    if (typeof v.kind !== 'string' || !SOCIAL_KINDS.includes(v.kind as SocialProviderKind)) out.push({ field: 'kind', description: `must be one of ${SOCIAL_KINDS.join(', ')}` });
    else if (key && KIND_OF_KEY[key] && KIND_OF_KEY[key] !== v.kind) out.push({ field: 'kind', description: `must be ${KIND_OF_KEY[key]} for the key "${key}"` });
    else kind = v.kind as SocialProviderKind;
  }
  const k = kind ?? 'OIDC';
  const fields = rest(v, k, out);
  if (v.client_id === undefined) out.push({ field: 'client_id', description: 'is required: the OAuth client id registered with the provider' });
  if (v.client_secret === undefined) out.push({ field: 'client_secret', description: 'is required: the OAuth client secret registered with the provider' });
  if (k === 'OIDC' && v.issuer === undefined) out.push({ field: 'issuer', description: 'is required for an OIDC provider: its issuer URL (discovery is read from /.well-known/openid-configuration)' });
  if (out.length) throw invalidFields(out);
  const d = KIND_DEFAULTS[k];
  return {
    key: key!,
    kind: k,
    // A generic provider is shown by its key until the administrator names it ("Continue with acme-idp").
    displayName: fields.displayName ?? (k === 'OIDC' ? key! : d.displayName),
    clientId: fields.clientId!,
    clientSecret: fields.clientSecret!,
    scopes: fields.scopes ?? d.scopes,
    enabled: fields.enabled ?? true,
    issuer: isOidcKind(k) ? (fields.issuer ?? d.issuer) : undefined,
    endpoints: fields.endpoints ?? {},
  };
}

/** Validates an update body for a provider of `kind`: the fields sent change, the others stay. */
export function validateSocialProviderPatch(body: unknown, kind: SocialProviderKind): Partial<SocialProviderFields> {
  const out: FieldViolation[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidFields([{ field: 'body', description: 'must be a JSON object' }]);
  const v = body as Wire;
  for (const k of Object.keys(v)) {
    if (k === 'key' || k === 'kind') out.push({ field: k, description: 'cannot change: remove the provider and add it again' });
    else if (!CREATE_FIELDS.has(k)) out.push({ field: k, description: 'is not a recognised field' });
  }
  const fields = rest(v, kind, out);
  if (out.length) throw invalidFields(out);
  return Object.fromEntries(Object.entries(fields).filter(([, x]) => x !== undefined));
}

function rest(v: Wire, kind: SocialProviderKind, out: FieldViolation[]): Partial<SocialProviderFields> {
  if (v.enabled !== undefined && typeof v.enabled !== 'boolean') out.push({ field: 'enabled', description: 'must be true or false' });
  if (v.issuer !== undefined && !isOidcKind(kind)) out.push({ field: 'issuer', description: `is not used by a ${kind} provider (set endpoints instead)` });
  return {
    displayName: text(v, 'display_name', 200, out),
    clientId: text(v, 'client_id', 512, out),
    clientSecret: text(v, 'client_secret', 4096, out),
    scopes: v.scopes === undefined ? undefined : scopesOf(v.scopes, kind, out),
    enabled: typeof v.enabled === 'boolean' ? v.enabled : undefined,
    issuer: v.issuer === undefined || !isOidcKind(kind) ? undefined : checkUpstreamUrl(v.issuer, 'issuer', out),
    endpoints: v.endpoints === undefined ? undefined : endpointsOf(v.endpoints, kind, out),
  };
}
