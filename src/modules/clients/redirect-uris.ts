import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { ClientRedirectUriRow } from '../../storage/schema-app-signin.js';
import { invalidArgument, notFound } from '../errors/domain-error.js';
import { isPlainHttpHost } from '../egress/plain-http-rule.js';
import { compiledOnce } from '../../storage/compiled-once.js';

export type RedirectUriKind = ClientRedirectUriRow['kind'];
export const REDIRECT_URI_KINDS: readonly RedirectUriKind[] = ['redirect', 'post_logout'];
const MAX_URI_LENGTH = 2000;
const MAX_PER_KIND = 50;

/**
 * A redirect URI an app may register: absolute, https (or http on a loopback host, for local
 * development), no fragment (RFC 6749 §3.1.2), no wildcard, no credentials. Compared exactly later.
 */
export function checkRedirectUri(value: unknown, field = 'uri'): string {
  if (typeof value !== 'string' || !value) throw invalidArgument(field, 'is required: an absolute https URL such as https://app.example.com/auth/callback');
  if (value.length > MAX_URI_LENGTH) throw invalidArgument(field, `must be at most ${MAX_URI_LENGTH} characters`);
  if (value.includes('*')) throw invalidArgument(field, 'must not contain a wildcard (*): redirect URIs match exactly');
  if (value.includes('#')) throw invalidArgument(field, 'must not contain a fragment (#)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidArgument(field, 'must be an absolute URL such as https://app.example.com/auth/callback');
  }
  if (url.protocol === 'http:' && !isPlainHttpHost(url.hostname)) throw invalidArgument(field, 'must use https (http only on a loopback host: localhost, 127.0.0.1 or [::1])');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidArgument(field, 'must use https');
  if (url.username || url.password) throw invalidArgument(field, 'must not contain credentials (user:password@)');
  if (/\s/.test(value)) throw invalidArgument(field, 'must not contain whitespace');
  return value;
}

export function checkKind(value: unknown, field = 'kind'): RedirectUriKind {
  if (value === undefined || value === null || value === '') return 'redirect';
  if (typeof value !== 'string' || !REDIRECT_URI_KINDS.includes(value as RedirectUriKind)) throw invalidArgument(field, `must be one of ${REDIRECT_URI_KINDS.join(', ')}`);
  return value as RedirectUriKind;
}

/** The client, when it belongs to the environment (otherwise NotFound, as for an unknown id). */
async function requireClient(db: Kysely<Tables>, environmentId: string, clientId: string): Promise<void> {
  const row = await db.selectFrom('api_clients').select('id').where('id', '=', clientId).where('environment_id', '=', environmentId).executeTakeFirst();
  if (!row) throw notFound('client', clientId);
}

export interface RegisteredUris {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export async function listRedirectUris(db: Kysely<Tables>, environmentId: string, clientId: string): Promise<RegisteredUris> {
  await requireClient(db, environmentId, clientId);
  return registeredUris(db, clientId);
}

/** Without the environment check: for the authorization server, which already knows the client. */
export async function registeredUris(db: Kysely<Tables>, clientId: string): Promise<RegisteredUris> {
  const rows = await db.selectFrom('client_redirect_uris').select(['kind', 'uri']).where('client_id', '=', clientId).orderBy('created_at').orderBy('uri').execute();
  return {
    redirectUris: rows.filter((r) => r.kind === 'redirect').map((r) => r.uri),
    postLogoutRedirectUris: rows.filter((r) => r.kind === 'post_logout').map((r) => r.uri),
  };
}

/** The client's secret hash and URIs in one query (the authorization server's client lookup, every token request). */
const clientAndUris = compiledOnce(['clientId'], (db, p) =>
  db
    .selectFrom('api_clients as c')
    .leftJoin('client_redirect_uris as u', 'u.client_id', 'c.id')
    .select(['c.secret_hash', 'u.kind', 'u.uri'])
    .where('c.id', '=', p.clientId)
    .orderBy('u.created_at')
    .orderBy('u.uri'),
);

export async function clientWithUris(db: Kysely<Tables>, clientId: string): Promise<{ secretHash: string; uris: RegisteredUris } | undefined> {
  const rows = await clientAndUris(db, { clientId });
  if (!rows.length) return undefined;
  const uris = (kind: RedirectUriKind) => rows.filter((r) => r.kind === kind && r.uri !== null).map((r) => r.uri as string);
  return { secretHash: rows[0].secret_hash, uris: { redirectUris: uris('redirect'), postLogoutRedirectUris: uris('post_logout') } };
}

/** Adds one URI (adding a registered one again changes nothing). */
export async function addRedirectUri(db: Kysely<Tables>, environmentId: string, clientId: string, kind: RedirectUriKind, uri: string): Promise<RegisteredUris> {
  await requireClient(db, environmentId, clientId);
  const checked = checkRedirectUri(uri);
  const count = await db.selectFrom('client_redirect_uris').select((eb) => eb.fn.countAll<number>().as('n')).where('client_id', '=', clientId).where('kind', '=', kind).executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_PER_KIND) throw invalidArgument('uri', `a client has at most ${MAX_PER_KIND} URIs of kind ${kind}; remove one first`);
  await db
    .insertInto('client_redirect_uris')
    .values({ client_id: clientId, kind, uri: checked, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['client_id', 'kind', 'uri']).doNothing())
    .execute();
  return registeredUris(db, clientId);
}

export async function removeRedirectUri(db: Kysely<Tables>, environmentId: string, clientId: string, kind: RedirectUriKind, uri: string): Promise<RegisteredUris> {
  await requireClient(db, environmentId, clientId);
  const r = await db.deleteFrom('client_redirect_uris').where('client_id', '=', clientId).where('kind', '=', kind).where('uri', '=', String(uri)).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('redirect uri', String(uri).slice(0, 200));
  return registeredUris(db, clientId);
}
