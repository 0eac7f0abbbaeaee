import type { Kysely } from 'kysely';
import type { ConnectionRow, Tables } from '../../storage/schema.js';
import { DomainError, invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { findProvider } from '../providers/provider-registry.js';
import type { AuthPattern } from '../providers/definition/provider-definition.js';
import type { AccountCredentials } from './account.js';

/** Credentials a caller hands over for an account (the proto's `authorization_details`, decoded). */
export type AuthorizationInput =
  | { kind: 'oauth'; accessToken: string; refreshToken?: string; scopes: string[] }
  | { kind: 'static'; details: Record<string, unknown> };

/** What a credential write stores: the sealed part, the non-secret account fields, the granted scopes. */
export interface CheckedAuthorization {
  credentials: AccountCredentials;
  accountFields: Record<string, string>;
  scopes: string[];
}

/** Wire name of the credentials, so every error names what the caller sent. */
export const AUTH_FIELD = 'connected_account.authorization_details';

const MAX_VALUE_LENGTH = 8192;

async function patternOf(db: Kysely<Tables>, connection: ConnectionRow): Promise<{ label: string; pattern: AuthPattern }> {
  const missing = (what: string) =>
    new DomainError('failed_precondition', `connection '${connection.connection_name}' uses ${what}; fix or recreate the connection`, {
      reason: 'CONNECTION_PROVIDER_MISSING',
    });
  const provider = await findProvider(db, connection.environment_id, connection.provider_key).catch((err) => {
    throw err instanceof DomainError && err.code === 'not_found' ? missing(`provider '${connection.provider_key}', which no longer exists`) : err;
  });
  const pattern = provider.definition.auth_patterns.find((p) => p.type === connection.auth_type);
  if (!pattern) throw missing(`auth type ${connection.auth_type}, which provider '${provider.identifier}' no longer offers`);
  return { label: `${provider.definition.display_name} ${pattern.display_name}`, pattern };
}

function checkOAuth(input: Extract<AuthorizationInput, { kind: 'oauth' }>, connection: ConnectionRow): CheckedAuthorization {
  const f = `${AUTH_FIELD}.oauth_token`;
  const v: FieldViolation[] = [];
  if (connection.auth_type !== 'OAUTH') {
    v.push({ field: f, description: `is for OAUTH connections; connection '${connection.connection_name}' is ${connection.auth_type}: send static_auth.details` });
  }
  if (!input.accessToken) v.push({ field: `${f}.access_token`, description: 'is required' });
  if (v.length) throw invalidFields(v);
  const scopes = [...new Set(input.scopes.map((s) => s.trim()).filter(Boolean))];
  return {
    credentials: { kind: 'oauth', access_token: input.accessToken, ...(input.refreshToken ? { refresh_token: input.refreshToken } : {}) },
    accountFields: {},
    scopes,
  };
}

/**
 * Static details against the connection's auth pattern: every key is one of its `fields` (sealed as
 * credentials) or `account_fields` (stored in clear, e.g. a subdomain), every value a string, and
 * every required one present and non-empty.
 */
async function checkStatic(db: Kysely<Tables>, input: Extract<AuthorizationInput, { kind: 'static' }>, connection: ConnectionRow): Promise<CheckedAuthorization> {
  const f = `${AUTH_FIELD}.static_auth`;
  if (connection.auth_type === 'OAUTH') {
    throw invalidFields([
      { field: f, description: `is for static connections (BASIC, BEARER, API_KEY); connection '${connection.connection_name}' is OAUTH: send oauth_token, or send the user an authorization link` },
    ]);
  }
  const { label, pattern } = await patternOf(db, connection);
  const secretNames = pattern.fields.map((d) => d.field_name);
  const known = [...pattern.fields, ...pattern.account_fields];
  const v: FieldViolation[] = [];
  const fields: Record<string, string> = {};
  const accountFields: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.details)) {
    const field = `${f}.details.${name}`;
    if (!known.some((d) => d.field_name === name)) {
      v.push({ field, description: `is not a field of the ${label} pattern (its fields: ${known.map((d) => d.field_name).join(', ') || 'none'})` });
    } else if (typeof value !== 'string') {
      v.push({ field, description: `must be a string (got ${value === null ? 'null' : typeof value})` });
    } else if (value.length > MAX_VALUE_LENGTH) {
      v.push({ field, description: `must be at most ${MAX_VALUE_LENGTH} characters` });
    } else if (value !== '') {
      (secretNames.includes(name) ? fields : accountFields)[name] = value;
    }
  }
  for (const d of known) {
    const value = input.details[d.field_name];
    if (d.required && (value === undefined || value === '')) {
      v.push({ field: `${f}.details.${d.field_name}`, description: `is required by the ${label} pattern` });
    }
  }
  if (v.length) throw invalidFields(v);
  return { credentials: { kind: 'static', fields }, accountFields, scopes: [] };
}

/** Validates credentials for an account of `connection`; errors name the offending field. */
export async function checkAuthorization(db: Kysely<Tables>, connection: ConnectionRow, input: AuthorizationInput): Promise<CheckedAuthorization> {
  return input.kind === 'oauth' ? checkOAuth(input, connection) : checkStatic(db, input, connection);
}
