import type { SocialProviderKind } from '../../storage/schema-social-login.js';

export interface KindDefaults {
  displayName: string;
  scopes: string[];
  /** OIDC kinds: where discovery starts unless the administrator names another issuer. */
  issuer?: string;
  /** GitHub (plain OAuth 2.0): fixed endpoints, each overridable (GitHub Enterprise, loopback fakes). */
  authorizationUrl?: string;
  tokenUrl?: string;
  apiUrl?: string;
}

/**
 * What each kind starts from. Microsoft's `common` endpoint serves work, school and personal
 * accounts; its discovery document names the issuer as a `{tenantid}` template (oidc-identity.ts).
 */
export const KIND_DEFAULTS: Readonly<Record<SocialProviderKind, KindDefaults>> = Object.freeze({
  GOOGLE: { displayName: 'Google', scopes: ['openid', 'email', 'profile'], issuer: 'https://accounts.google.com' },
  MICROSOFT: { displayName: 'Microsoft', scopes: ['openid', 'email', 'profile'], issuer: 'https://login.microsoftonline.com/common/v2.0' },
  GITHUB: {
    displayName: 'GitHub',
    scopes: ['read:user', 'user:email'],
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    apiUrl: 'https://api.github.com',
  },
  OIDC: { displayName: '' /* the key, unless named */, scopes: ['openid', 'email', 'profile'] },
});

export const SOCIAL_KINDS = Object.keys(KIND_DEFAULTS) as SocialProviderKind[];

/** The well-known keys name their kind; any other key is the administrator's own (OIDC by default). */
export const KIND_OF_KEY: Readonly<Record<string, SocialProviderKind>> = Object.freeze({ google: 'GOOGLE', github: 'GITHUB', microsoft: 'MICROSOFT' });

export const isOidcKind = (kind: SocialProviderKind): boolean => kind !== 'GITHUB';
