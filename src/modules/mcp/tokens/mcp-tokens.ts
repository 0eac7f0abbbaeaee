import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { McpTokenRow } from '../../../storage/schema-mcp.js';
import { newId } from '../../../storage/ids.js';
import { DomainError, invalidArgument, invalidFields, notFound, type FieldViolation } from '../../errors/domain-error.js';
import { checkIdentifier } from '../../authorization/account-rows.js';
import { getConnectionRow } from '../../connections/connections.js';
import { getMcpServerRow } from '../servers/mcp-servers.js';
import { endpointUrl, type McpEndpointRef } from '../endpoints/mcp-endpoint.js';
import { hashMcpToken, newMcpTokenSecret, tokenHint } from './mcp-token-secret.js';

export const MCP_TOKEN_TTL = Object.freeze({ defaultSeconds: 90 * 86400, minSeconds: 60, maxSeconds: 365 * 86400 });

/** A token as listings show it: never the secret. */
export interface McpTokenView {
  id: string;
  identifier: string;
  server_id: string | null;
  connection_name: string | null;
  secret_hint: string;
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

/** What issuing answers, once: the secret itself and the URL it opens. */
export interface IssuedMcpToken extends McpTokenView {
  token: string;
  mcp_server_url: string;
}

const KNOWN = new Set(['identifier', 'server_id', 'connection_name', 'expires_in']);

function parseRequest(body: unknown): { identifier: string; target: McpEndpointRef; expiresIn: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DomainError('invalid_argument', 'the body must be a JSON object such as {"identifier": "user_123", "server_id": "mcps_…"}');
  const b = body as Record<string, unknown>;
  const v: FieldViolation[] = [];
  for (const k of Object.keys(b)) if (!KNOWN.has(k)) v.push({ field: k, description: `is not a field of an MCP token request (${[...KNOWN].join(', ')})` });
  let identifier = '';
  try {
    identifier = checkIdentifier(typeof b.identifier === 'string' ? b.identifier : undefined);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    v.push(...err.violations);
  }
  const serverId = typeof b.server_id === 'string' ? b.server_id.trim() : '';
  const connectionName = typeof b.connection_name === 'string' ? b.connection_name.trim() : '';
  if (!serverId === !connectionName) v.push({ field: 'server_id', description: 'or connection_name is required (exactly one): the MCP endpoint the token opens' });
  let expiresIn: number = MCP_TOKEN_TTL.defaultSeconds;
  if (b.expires_in !== undefined && b.expires_in !== null) {
    const n = b.expires_in;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < MCP_TOKEN_TTL.minSeconds || n > MCP_TOKEN_TTL.maxSeconds) {
      v.push({ field: 'expires_in', description: `must be a whole number of seconds from ${MCP_TOKEN_TTL.minSeconds} to ${MCP_TOKEN_TTL.maxSeconds} (a year)` });
    } else expiresIn = n;
  }
  if (v.length) throw invalidFields(v);
  return { identifier, target: serverId ? { kind: 'server', serverId } : { kind: 'connection', connectionName }, expiresIn };
}

function tokenView(row: McpTokenRow, connectionName: string | null): McpTokenView {
  return {
    id: row.id,
    identifier: row.identifier,
    server_id: row.server_id,
    connection_name: connectionName,
    secret_hint: row.secret_hint,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at,
    created_at: row.created_at,
  };
}

/** Issues a token for one user (`identifier`) on one endpoint; the secret is in the answer only. */
export async function issueMcpToken(db: Kysely<Tables>, envId: string, publicUrl: string, body: unknown, now = new Date()): Promise<IssuedMcpToken> {
  const req = parseRequest(body);
  let serverId: string | null = null;
  let connectionId: string | null = null;
  if (req.target.kind === 'server') serverId = (await getMcpServerRow(db, envId, req.target.serverId)).id;
  else {
    const c = await getConnectionRow(db, envId, { name: req.target.connectionName });
    const served = await db.selectFrom('mcp_connection_endpoints').select('connection_id').where('connection_id', '=', c.id).executeTakeFirst();
    if (!served) {
      throw new DomainError('failed_precondition', `connection '${c.connection_name}' is not served over MCP; enable it first (PUT /api/v1/agent-auth/mcp-connections/${c.connection_name})`, { reason: 'MCP_CONNECTION_NOT_ENABLED' });
    }
    connectionId = c.id;
  }
  const secret = newMcpTokenSecret();
  const row: McpTokenRow = {
    id: newId('mcpt'),
    environment_id: envId,
    identifier: req.identifier,
    server_id: serverId,
    connection_id: connectionId,
    secret_hash: hashMcpToken(secret),
    secret_hint: tokenHint(secret),
    expires_at: new Date(now.getTime() + req.expiresIn * 1000).toISOString(),
    revoked_at: null,
    created_at: now.toISOString(),
  };
  await db.insertInto('mcp_tokens').values(row).execute();
  const name = req.target.kind === 'connection' ? req.target.connectionName : null;
  return { ...tokenView(row, name), token: secret, mcp_server_url: endpointUrl(publicUrl, req.target) };
}

export async function listMcpTokens(db: Kysely<Tables>, envId: string, filter: { identifier?: string } = {}): Promise<McpTokenView[]> {
  let q = db
    .selectFrom('mcp_tokens as t')
    .leftJoin('connections as c', 'c.id', 't.connection_id')
    .selectAll('t')
    .select('c.connection_name as _connection_name')
    .where('t.environment_id', '=', envId);
  if (filter.identifier) q = q.where('t.identifier', '=', filter.identifier);
  const rows = await q.orderBy('t.id', 'desc').limit(500).execute();
  return rows.map(({ _connection_name, ...row }) => tokenView(row as McpTokenRow, _connection_name ?? null));
}

/** Revokes a token at once (the next request with it answers 401); revoking twice is fine. */
export async function revokeMcpToken(db: Kysely<Tables>, envId: string, id: string, now = new Date()): Promise<void> {
  if (!id.trim()) throw invalidArgument('id', 'is required');
  const row = await db.selectFrom('mcp_tokens').select(['id', 'revoked_at']).where('environment_id', '=', envId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('MCP token', id, 'MCP_TOKEN_NOT_FOUND');
  if (!row.revoked_at) await db.updateTable('mcp_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', id).execute();
}
