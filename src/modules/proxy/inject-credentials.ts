import type { AccountCredentials, ConnectedAccount } from '../accounts/account.js';
import { DomainError } from '../errors/domain-error.js';
import { DEFAULTS, type AuthPattern } from '../providers/definition/provider-definition.js';

/** The header the proxy adds to every upstream call of an account. */
export interface InjectedCredential {
  /** As the definition spells it, e.g. `Authorization`, `X-API-Key`. */
  name: string;
  /** Lowercase, for filtering caller headers. */
  lowerName: string;
  value: string;
  /** Strings that must never reach the caller: response headers containing one are dropped. */
  secrets: string[];
}

/** Secrets shorter than this (Freshdesk's password `X`) are not looked for in response headers. */
const MIN_SECRET_LENGTH = 6;
const TEMPLATE_RE = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

const mismatch = (account: ConnectedAccount, what: string) =>
  new DomainError(
    'failed_precondition',
    `connected account '${account.identifier}' has ${what}; create a new authorization link and have the user complete it again`,
    { reason: 'CONNECTED_ACCOUNT_CREDENTIALS_INVALID' },
  );

/**
 * The values `proxy_url` templates and mutation prefixes are filled from: the account's
 * non-secret account_fields, then its static credential fields, with `default_value` mutations applied.
 */
export function accountValues(pattern: AuthPattern, account: ConnectedAccount, creds: AccountCredentials): Record<string, string> {
  const values: Record<string, string> = { ...account.accountFields };
  if (creds.kind === 'static') Object.assign(values, creds.fields);
  for (const m of pattern.auth_field_mutations ?? []) {
    if (m.default_value !== undefined && !values[m.field_name]) values[m.field_name] = m.default_value;
  }
  return values;
}

/**
 * Builds the credential header exactly as provider-definition.ts documents: mutations first
 * (default_value, then prefix/suffix with `{{field}}` templates), `Bearer ` for OAUTH/BEARER in
 * `Authorization` absent a prefix mutation, `Basic base64(username:password)` for BASIC.
 */
export function buildCredential(pattern: AuthPattern, account: ConnectedAccount, creds: AccountCredentials, values: Record<string, string>): InjectedCredential {
  const name = pattern.auth_header_key_override ?? DEFAULTS.auth_header;
  const lowerName = name.toLowerCase();
  const mutations = pattern.auth_field_mutations ?? [];
  const fill = (s: string) => s.replace(TEMPLATE_RE, (_m, f: string) => values[f] ?? '');
  const mutated = (field: string, raw: string | undefined): { value: string; prefixed: boolean } => {
    const m = mutations.find((x) => x.field_name === field);
    let value = raw ?? '';
    if (!value && m?.default_value !== undefined) value = m.default_value;
    if (m?.prefix !== undefined) value = fill(m.prefix) + value;
    if (m?.suffix !== undefined) value = value + fill(m.suffix);
    return { value, prefixed: m?.prefix !== undefined };
  };
  const secrets: string[] = [];
  let value: string;

  if (pattern.type === 'OAUTH' || pattern.type === 'BEARER') {
    const field = pattern.type === 'OAUTH' ? 'access_token' : 'token';
    const raw = creds.kind === 'oauth' ? (pattern.type === 'OAUTH' ? creds.access_token : undefined) : creds.fields[field];
    if (creds.kind !== (pattern.type === 'OAUTH' ? 'oauth' : 'static') || !raw) throw mismatch(account, `no ${field} for its ${pattern.type} connection`);
    const m = mutated(field, raw);
    value = !m.prefixed && lowerName === 'authorization' ? DEFAULTS.bearer_prefix + m.value : m.value;
    secrets.push(raw);
  } else if (pattern.type === 'BASIC') {
    if (creds.kind !== 'static' || !creds.fields.username) throw mismatch(account, 'no username for its BASIC connection');
    const user = mutated('username', creds.fields.username).value;
    const password = mutated('password', creds.fields.password).value;
    const encoded = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
    value = `Basic ${encoded}`;
    secrets.push(creds.fields.username, creds.fields.password ?? '', encoded);
  } else {
    if (creds.kind !== 'static' || !creds.fields.api_key) throw mismatch(account, 'no api_key for its API_KEY connection');
    value = mutated('api_key', creds.fields.api_key).value;
    secrets.push(creds.fields.api_key);
  }
  if (/[\r\n\0]/.test(value)) throw mismatch(account, 'a credential containing a line break, which cannot be sent in a header');
  secrets.push(value);
  return { name, lowerName, value, secrets: secrets.filter((s) => s.length >= MIN_SECRET_LENGTH) };
}
