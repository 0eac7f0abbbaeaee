// Any key with one of these names is censored wherever it sits (top level or one/two levels deep).
export const SECRET_KEYS: readonly string[] = [
  'authorization', 'cookie', 'set-cookie', 'password', 'client_secret', 'clientSecret', 'secret',
  'access_token', 'accessToken', 'refresh_token', 'refreshToken', 'id_token', 'token', 'api_key',
  'apiKey', 'code', 'code_verifier', 'masterKey', 'databaseUrl', 'DATABASE_URL',
];
const SECRET = new Set(SECRET_KEYS);
export const CENSOR = '[redacted]';
/** Levels below the top that are searched, as pino's `*.key` and `*.*.key` paths did. */
const MAX_DEPTH = 2;

/** A copy to write censored values into: an Error keeps its class, message and stack (pino's err serializer needs them). */
function shallowCopy(value: object): Record<string, unknown> {
  if (value instanceof Error) return Object.assign(Object.create(Object.getPrototypeOf(value)), value, { message: value.message, stack: value.stack });
  return Array.isArray(value) ? [...value] as unknown as Record<string, unknown> : { ...value };
}

/**
 * A log line's object with every value under a secret key replaced by `[redacted]`, at the top
 * level and two levels down (array items count as a level, as pino's wildcards did). Copy on
 * write: the caller's object is never changed, and one holding no secret is returned as is.
 * Replaces pino's wildcard `redact` paths, which cost ~80 µs per child logger and ~110 µs per
 * line here (they dominated ExecuteTool's CPU per call); this walk costs a few.
 */
export function censorSecrets<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object') return value;
  const source = value as unknown as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const v = source[key];
    const next = SECRET.has(key) ? CENSOR : depth < MAX_DEPTH && v !== null && typeof v === 'object' ? censorSecrets(v, depth + 1) : v;
    if (next !== v) (out ??= shallowCopy(source))[key] = next;
  }
  return (out ?? value) as T;
}
