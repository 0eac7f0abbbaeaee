import type { Kysely } from 'kysely';
import type Provider from 'oidc-provider';
import type { Tables } from '../../storage/schema.js';
import type { Vault } from '../vault/vault.js';
import type { Sessions } from '../sessions/index.js';
import type { SigningKeys } from '../tokens/signing-keys.js';
import { loadCookieKeys } from '../mcp-oauth/provider/cookie-keys.js';
import { activeSigningJwk } from '../mcp-oauth/provider/signing-jwk.js';
import { createAppSignInProvider, DEFAULT_REFRESH_TOKEN_TTL_SECONDS, type ProviderPages } from './create-app-signin-provider.js';
import { DEFAULT_REUSE_GRACE_MS } from './provider-adapter.js';

export interface AppSignInServerDeps {
  db: Kysely<Tables>;
  vault: Vault;
  sessions: Sessions;
  signingKeys: SigningKeys;
  publicUrl: string;
  pages: ProviderPages;
  accessTokenTtlSeconds: number;
  reuseGraceMs?: number;
  /** Wires a freshly built provider's events (errors to the log, logout to the sessions). */
  onBuilt?(provider: Provider): void;
}

interface Built {
  kid: string;
  provider: Provider;
  callback: ReturnType<Provider['callback']>;
}

/**
 * The provider instance signing with the server's active key. Signing keys rotate (`latchkey
 * keys rotate`, another replica); the provider's keystore is fixed at construction, so a token
 * request first asks SigningKeys for the database's active key and rebuilds the provider when it
 * changed. Everything the provider keeps lives in the database, so a rebuild loses nothing.
 */
export class AppSignInServer {
  private built: Built | undefined;
  private rebuilding: Promise<Built> | undefined;
  private cookieKeys: string[] = [];

  constructor(private readonly deps: AppSignInServerDeps) {}

  async init(): Promise<void> {
    this.cookieKeys = await loadCookieKeys(this.deps.db, this.deps.vault);
    this.built = await this.build();
  }

  /** The provider as built last (for requests that sign nothing: authorize, logout, interactions). */
  get provider(): Provider {
    return this.loaded().provider;
  }

  get callback(): Built['callback'] {
    return this.loaded().callback;
  }

  /** The provider signing with the database's active key (token requests). */
  async signing(): Promise<Built> {
    const built = this.loaded();
    // Read per token, as for client-credentials tokens: no server signs with a key another process retired.
    const key = await this.deps.signingKeys.signingKeyForToken();
    if (built.kid === key.kid) return built;
    this.rebuilding ??= this.build().then(
      (b) => ((this.built = b), (this.rebuilding = undefined), b),
      (err) => ((this.rebuilding = undefined), Promise.reject(err)),
    );
    return this.rebuilding;
  }

  private loaded(): Built {
    if (!this.built) throw new Error('app sign-in server not initialised');
    return this.built;
  }

  private async build(): Promise<Built> {
    const d = this.deps;
    const signingJwk = await activeSigningJwk(d.db, d.vault);
    const provider = createAppSignInProvider({
      db: d.db,
      sessions: d.sessions,
      publicUrl: d.publicUrl,
      signingJwk,
      cookieKeys: this.cookieKeys,
      pages: d.pages,
      accessTokenTtlSeconds: d.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
      reuseGraceMs: d.reuseGraceMs ?? DEFAULT_REUSE_GRACE_MS,
    });
    d.onBuilt?.(provider);
    return { kid: String(signingJwk.kid), provider, callback: provider.callback() };
  }
}
