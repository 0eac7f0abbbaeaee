import { SignJWT, jwtVerify, decodeProtectedHeader, errors as joseErrors } from 'jose';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors/domain-error.js';
import { SIGNING_ALG, type SigningKeys } from './signing-keys.js';

export interface Principal {
  clientId: string;
  environmentId: string;
  expiresAt: number;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/** Characters of a header keying the verified-header cache (the signature's tail: distinct per token). */
const HEADER_KEY_CHARS = 24;

const unauthenticated = (message: string, reason = 'UNAUTHENTICATED') => new DomainError('unauthenticated', message, { reason });

/** Environment access tokens: short-lived JWTs whose `env` claim scopes every API call. */
export class AccessTokens {
  // Verified tokens, kept until they expire: the proxy's hot path verifies the same token repeatedly.
  private readonly cache = new Map<string, Principal>();
  /**
   * Verified `Authorization` headers keyed by their last characters (signature bytes): hashing a
   * short key instead of a ~800-character header, then one full comparison, is the cheap lookup.
   */
  private readonly headers = new Map<string, { header: string; principal: Principal }>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
  ) {}

  async issue(clientId: string, environmentId: string): Promise<IssuedToken> {
    const key = await this.keys.signingKeyForToken();
    const accessToken = await new SignJWT({ env: environmentId, client_id: clientId, scope: 'env' })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(clientId)
      .setAudience(this.issuer)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(key.privateKey);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /**
   * The principal of an `Authorization: Bearer` header whose token was verified before and has not
   * expired, synchronously; undefined otherwise (then use verifyHeader). Spares the proxy's hot path
   * a regex and a promise per call.
   */
  cachedPrincipal(header: string | undefined): Principal | undefined {
    if (header === undefined) return undefined;
    const hit = this.headers.get(header.slice(-HEADER_KEY_CHARS));
    return hit !== undefined && hit.header === header && hit.principal.expiresAt > Date.now() ? hit.principal : undefined;
  }

  /** Resolves an `Authorization` header to its principal, or throws Unauthenticated saying why. */
  async verifyHeader(header: string | undefined | null): Promise<Principal> {
    if (!header) throw unauthenticated('missing Authorization header: send "Authorization: Bearer <token>" with a token from POST /oauth/token', 'TOKEN_MISSING');
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"', 'TOKEN_MALFORMED');
    const principal = await this.verify(match[1]);
    if (this.headers.size > 10_000) this.headers.clear();
    this.headers.set(header.slice(-HEADER_KEY_CHARS), { header, principal });
    return principal;
  }

  async verify(token: string): Promise<Principal> {
    const now = Date.now();
    const cached = this.cache.get(token);
    if (cached) {
      if (cached.expiresAt > now) return cached;
      this.cache.delete(token);
    }
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw unauthenticated('access token is not a valid JWT', 'TOKEN_MALFORMED');
    }
    const key = kid ? await this.keys.verifyKey(kid) : undefined;
    if (!key) throw unauthenticated('access token was not signed by this server (unknown key id)', 'TOKEN_INVALID');
    try {
      const { payload } = await jwtVerify(token, key, { issuer: this.issuer, audience: this.issuer, algorithms: [SIGNING_ALG] });
      if (typeof payload.env !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
        throw unauthenticated('access token lacks the env/sub/exp claims', 'TOKEN_INVALID');
      }
      const principal: Principal = { clientId: payload.sub, environmentId: payload.env, expiresAt: payload.exp * 1000 };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(token, principal);
      return principal;
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('access token has expired: fetch a new one from POST /oauth/token', 'TOKEN_EXPIRED');
      throw unauthenticated('access token signature or claims are invalid', 'TOKEN_INVALID');
    }
  }
}
