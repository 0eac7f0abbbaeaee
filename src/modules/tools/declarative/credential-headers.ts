/**
 * Headers a declarative tool may not set: credentials belong to the connection (the proxy injects
 * them), and framing headers belong to the runtime (the body is always JSON).
 */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'apikey', 'x-auth-token', 'x-access-token', 'private-token', 'x-csrf-token']);
const RUNTIME_HEADERS = new Set([
  'host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade', 'expect',
  'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip',
]);
/** Names that read like a credential wherever they appear (`X-Shopify-Access-Token`, `X-Client-Secret`). */
const CREDENTIAL_WORDS = /(authorization|token|secret|password|passwd|cookie|session|api[-_]?key)/i;

export const isCredentialHeader = (name: string): boolean => CREDENTIAL_HEADERS.has(name.toLowerCase()) || CREDENTIAL_WORDS.test(name);

/** Why a tool may not set this header, or undefined when it may. */
export function refusedHeader(name: string): string | undefined {
  if (isCredentialHeader(name)) return "carries a credential: credentials are the connection's, which the proxy injects";
  if (RUNTIME_HEADERS.has(name.toLowerCase())) return 'is set by the runtime, not by a tool (the body is always JSON)';
  return undefined;
}

/** Query parameters that carry a credential, refused like the headers above (`api_key`, `access_token`). */
export const isCredentialParam = (name: string): boolean => CREDENTIAL_WORDS.test(name) || /^(key|sig|signature)$/i.test(name);
