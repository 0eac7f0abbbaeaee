import type { IncomingMessage } from 'node:http';
import Provider from 'oidc-provider';

/** What the provider's storage needs to know about the token request it serves. */
interface TokenRequest {
  /**
   * The client secret presented. API client secrets are stored hashed, so client metadata cannot
   * carry them: the client lookup (client-metadata.ts) hands oidc-provider the presented secret
   * only when it matches the stored hash.
   */
  secret: string | undefined;
  /** Epoch ms the request arrived: a refresh that arrived before its token was rotated is a concurrent duplicate, not a replay. */
  arrivedAt: number;
  /** Lookups shared by the steps of one request (the sign-in behind a grant is read by several hooks). */
  memo?: Map<string, Promise<unknown>>;
}

const TOKEN_REQUEST = Symbol('latchkey.tokenRequest');
type Marked = IncomingMessage & { [TOKEN_REQUEST]?: TokenRequest };

/**
 * Marks a request about to reach the provider as a token request. Read back through the provider's
 * own request context (its AsyncLocalStorage): a second AsyncLocalStorage would add a hook call to
 * every promise of the process on Node 20 (≈ 5 % of a token request's CPU, bench:login).
 */
export const markTokenRequest = (req: IncomingMessage, request: TokenRequest): void => void ((req as Marked)[TOKEN_REQUEST] = request);

const current = (): TokenRequest | undefined => (Provider.ctx?.req as Marked | undefined)?.[TOKEN_REQUEST];
export const presentedSecret = (): string | undefined => current()?.secret;
export const requestArrivedAt = (): number | undefined => current()?.arrivedAt;

/** `load()` once per token request and key; outside a token request, every call loads. */
export function memoized<T>(key: string, load: () => Promise<T>): Promise<T> {
  const request = current();
  if (!request) return load();
  request.memo ??= new Map();
  let found = request.memo.get(key) as Promise<T> | undefined;
  if (!found) request.memo.set(key, (found = load()));
  return found;
}

/** Records what an earlier lookup already read, so `memoized(key)` in the same request does not load it again. */
export function prime<T>(key: string, value: T): void {
  const request = current();
  if (!request) return;
  request.memo ??= new Map();
  if (!request.memo.has(key)) request.memo.set(key, Promise.resolve(value));
}
