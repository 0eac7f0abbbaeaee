import { AsyncLocalStorage } from 'node:async_hooks';

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

const store = new AsyncLocalStorage<TokenRequest>();

export const withTokenRequest = <T>(request: TokenRequest, fn: () => T): T => store.run(request, fn);
export const presentedSecret = (): string | undefined => store.getStore()?.secret;
export const requestArrivedAt = (): number | undefined => store.getStore()?.arrivedAt;

/** `load()` once per token request and key; outside a token request, every call loads. */
export function memoized<T>(key: string, load: () => Promise<T>): Promise<T> {
  const request = store.getStore();
  if (!request) return load();
  request.memo ??= new Map();
  let found = request.memo.get(key) as Promise<T> | undefined;
  if (!found) request.memo.set(key, (found = load()));
  return found;
}

/** Records what an earlier lookup already read, so `memoized(key)` in the same request does not load it again. */
export function prime<T>(key: string, value: T): void {
  const request = store.getStore();
  if (!request) return;
  request.memo ??= new Map();
  if (!request.memo.has(key)) request.memo.set(key, Promise.resolve(value));
}
