/** Longer than any client id or secret Latchkey issues; refused before hashing or a lookup. */
const MAX_CREDENTIAL_LENGTH = 512;

export type ClientCredentials = { method: 'basic' | 'body'; id: string; secret: string } | { error: string };

/** RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined by ':' and base64-encoded. */
function decodeBasic(token: string): { id: string; secret: string } | undefined {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  } catch {
    return undefined; // a malformed %-escape
  }
}

function checked(method: 'basic' | 'body', id: unknown, secret: unknown): ClientCredentials {
  for (const [name, v] of [['client_id', id], ['client_secret', secret]] as const) {
    if (Array.isArray(v)) return { error: `${name} must be given once (RFC 6749 §3.2)` };
    if (typeof v === 'string' && v.length > MAX_CREDENTIAL_LENGTH) return { error: `${name} must be at most ${MAX_CREDENTIAL_LENGTH} characters` };
    // PostgreSQL refuses NUL in a query parameter; no client id or secret has one.
    if (typeof v === 'string' && v.includes('\u0000')) return { error: `${name} must not contain NUL (U+0000)` };
  }
  if (typeof id !== 'string' || !id || typeof secret !== 'string' || !secret) {
    return { error: 'client_id and client_secret are required (form body or HTTP Basic)' };
  }
  return { method, id, secret };
}

/**
 * The client's credentials from exactly one method (RFC 6749 §2.3: a client MUST NOT use more than
 * one per request): HTTP Basic, or client_id + client_secret in the body. With Basic, a body
 * client_id naming the same client is allowed (§3.2.1 lets it identify the client; it proves
 * nothing), a different one or any body client_secret is refused. Other schemes are ignored.
 */
export function clientCredentialsOf(authorization: string | undefined, body: Record<string, unknown>): ClientCredentials {
  const basic = authorization && /^Basic(?:\s+(.*))?$/i.exec(authorization.trim());
  if (!basic) return checked('body', body.client_id, body.client_secret);
  const creds = decodeBasic(basic[1] ?? '');
  if (!creds) return { error: 'the Authorization header must be "Basic " + base64(client_id ":" client_secret) (RFC 6749 §2.3.1)' };
  if (body.client_secret !== undefined) {
    return { error: 'use one client authentication method: HTTP Basic or client_id and client_secret in the body, not both (RFC 6749 §2.3)' };
  }
  if (body.client_id !== undefined && body.client_id !== creds.id) {
    return { error: 'client_id in the body names a different client than the HTTP Basic credentials' };
  }
  return checked('basic', creds.id, creds.secret);
}
