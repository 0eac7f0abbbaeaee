import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthClientProvider } from '@modelcontextprotocol/client';

type Stored<T extends keyof OAuthClientProvider> = NonNullable<Awaited<ReturnType<Extract<OAuthClientProvider[T], (...a: any[]) => any>>>>;

/** Where the authorization server sends the browser back: records each callback's query. */
export interface CallbackServer {
  redirectUri: string;
  /** Resolves with the next callback's query parameters. */
  next(): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export async function startCallbackServer(): Promise<CallbackServer> {
  let waiting: ((q: URLSearchParams) => void) | undefined;
  const queue: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    // Only the callback counts (the browser also asks for /favicon.ico).
    if (u.pathname !== '/callback') return void res.writeHead(404).end();
    const q = u.searchParams;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this window.');
    if (waiting) {
      waiting(q);
      waiting = undefined;
    } else queue.push(q);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => (waiting = r))),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * An MCP client's OAuth state kept in memory, as the official SDK's OAuthClientProvider: with
 * `clientMetadataUrl` it is a CIMD client, without it it registers dynamically (RFC 7591).
 */
export class MemoryOAuthClient implements OAuthClientProvider {
  info: Stored<'clientInformation'> | undefined;
  saved: Stored<'tokens'> | undefined;
  verifier = '';
  discovery: any;
  /** Every authorization URL the SDK sent the user to. */
  authorizationUrls: URL[] = [];
  readonly clientMetadataUrl?: string;

  constructor(
    private readonly redirectUri: string,
    opts: { clientMetadataUrl?: string; name?: string; scope?: string } = {},
  ) {
    this.clientMetadataUrl = opts.clientMetadataUrl;
    this.name = opts.name ?? 'Test MCP client';
    this.scope = opts.scope;
  }
  private readonly name: string;
  private readonly scope: string | undefined;

  get redirectUrl() {
    return this.redirectUri;
  }
  get clientMetadata() {
    return { client_name: this.name, redirect_uris: [this.redirectUri], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', ...(this.scope ? { scope: this.scope } : {}) };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: Stored<'clientInformation'>) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: Stored<'tokens'>) {
    this.saved = tokens;
  }
  /** The `state` sent with the last authorization request (RFC 6749 §10.12: the callback must echo it). */
  lastState = '';
  state() {
    this.lastState = `st-${Math.random().toString(36).slice(2)}`;
    return this.lastState;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrls.push(url);
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state: unknown) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
}
