/**
 * Provider definition: the JSON body of POST/PUT /api/v1/custom-providers (Scalekit "bring your own
 * provider") and the format of every built-in catalog file. Types describe a definition AFTER
 * validateProviderDefinition, i.e. with field/scope defaults applied; OAuth extras stay optional
 * (use resolveOAuthConfig for their effective values) so a stored definition echoes back as posted.
 *
 * How a credential is attached to a proxied call (the proxy implements this):
 * - header name: `auth_header_key_override` ?? `Authorization`;
 * - OAUTH: value = access token; BEARER: value = `token`; API_KEY: value = `api_key`;
 *   BASIC: `Basic base64(username:password)` (always the Authorization scheme; override renames the header);
 * - `auth_field_mutations` are applied to the values first (default_value when empty, then prefix/suffix);
 * - OAUTH and BEARER get the prefix `Bearer ` when the header is `Authorization` and no mutation
 *   sets a prefix for the credential; API_KEY and custom headers get the value verbatim.
 */

/** The four credential styles a provider can accept. */
export const AUTH_TYPES = ['OAUTH', 'BASIC', 'BEARER', 'API_KEY'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

/** How the connect UI renders an input. */
export const INPUT_TYPES = ['text', 'password', 'email', 'url', 'number', 'textarea'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** The credential field each static auth type must declare in `fields`. */
export const CREDENTIAL_FIELD: Readonly<Record<Exclude<AuthType, 'OAUTH'>, string>> = Object.freeze({
  BASIC: 'username',
  BEARER: 'token',
  API_KEY: 'api_key',
});

/** One value collected from the user (a credential in `fields`, an account value in `account_fields`). */
export interface FieldDefinition {
  /** Key the value is stored under; `[a-z][a-z0-9_]*`, unique within the auth pattern. Templates refer to it. */
  field_name: string;
  /** Label shown next to the input. */
  label: string;
  /** Input widget; default `text`. Use `password` for secrets so UIs mask them. */
  input_type: InputType;
  /** Help text shown under the input, e.g. where to find the value. */
  hint?: string;
  /** Whether a connected account must supply a value; default false. */
  required: boolean;
}

/** A scope the connect UI may request. */
export interface OAuthScope {
  /** The exact scope string sent to the provider. Unique within the pattern. */
  scope: string;
  /** Short name shown to the user. */
  display_name?: string;
  /** One line on what the scope grants. */
  description?: string;
  /** Always requested (the provider or Latchkey needs it); default false. */
  required: boolean;
}

/** Where values sit in a non-standard token response; dotted paths such as `authed_user.access_token`. */
export interface TokenResponsePaths {
  /** Default `access_token`. If the path is missing in a response, the standard field is used (Slack refreshes are flat). */
  access_token_path?: string;
  /** Default `refresh_token`; same fallback rule. */
  refresh_token_path?: string;
  /** Default `expires_in` (seconds); same fallback rule. Absent means the token does not expire. */
  expires_in_path?: string;
  /** Default `scope`: the granted scopes; same fallback rule. */
  scope_path?: string;
  /**
   * account field name → dotted path in the token response; the OAuth flow stores the value as that
   * account field (and the connect UI does not ask for it). A `|host` suffix keeps only the host of a
   * URL value, e.g. Salesforce `{ "instance_host": "instance_url|host" }`, so proxy templates stay hosts.
   */
  account_field_paths?: Record<string, string>;
}

/** OAuth 2.0 authorization-code settings; only on OAUTH patterns. URIs may use `{{account_field}}` templates. */
export interface OAuthConfig {
  /** Authorization endpoint the user is redirected to (https). */
  authorize_uri: string;
  /** Token endpoint for the code exchange and refreshes (https). */
  token_uri: string;
  /** Endpoint returning the consenting user's profile (https); when absent, user ids are read from the token response. */
  user_info_uri?: string;
  /** Scopes the connection may request. Empty for providers whose permissions are set in their app console. */
  available_scopes: OAuthScope[];
  /** Send a PKCE S256 challenge; default true. */
  pkce?: boolean;
  /** How the client authenticates at the token endpoint; default `client_secret_post`. */
  token_endpoint_auth_method?: 'client_secret_post' | 'client_secret_basic';
  /** Joins requested scopes; default `" "` (some providers use `,`). */
  scope_separator?: string;
  /** Query parameter carrying the scopes; default `scope` (Slack user tokens use `user_scope`). */
  scope_param?: string;
  /** Extra authorize query parameters, e.g. Google `access_type=offline`. Cannot override protocol parameters. */
  authorize_params?: Record<string, string>;
  /** Extra form parameters sent to the token endpoint. Cannot override protocol parameters. */
  token_request_params?: Record<string, string>;
  /** Non-standard token response layout. */
  token_response?: TokenResponsePaths;
  /** The provider returns a new refresh token at each refresh and invalidates the old one; default false. */
  refresh_token_rotates?: boolean;
  /** Separate refresh endpoint (https) when the provider has one (Figma); default token_uri. */
  refresh_uri?: string;
  /** Dotted path of the user's stable id in the userinfo JSON (or token response); default `sub`. */
  user_info_id_path?: string;
  /** Dotted path of the user's email in the userinfo JSON (or token response); default `email`. */
  user_info_email_path?: string;
  /** HTTP method for user_info_uri; default GET (Dropbox needs POST). */
  user_info_method?: 'GET' | 'POST';
}

/** Transformation applied to a value before the credential is sent. */
export interface AuthFieldMutation {
  /** A field of the pattern, or its credential (`username`/`password` for BASIC, `token`, `api_key`, `access_token` for OAUTH). */
  field_name: string;
  /** Prepended to the value, e.g. Discord `Bot `; replaces the default `Bearer `. May use `{{field}}` templates. */
  prefix?: string;
  /** Appended to the value, e.g. Zendesk `/token` on the username. May use `{{field}}` templates. */
  suffix?: string;
  /** Used when the value is empty, e.g. Freshdesk password `X`. */
  default_value?: string;
}

/** One way of authenticating to the provider; a connection picks one. */
export interface AuthPattern {
  /** OAUTH, BASIC, BEARER or API_KEY. */
  type: AuthType;
  /** Label of this option in the connect UI. */
  display_name: string;
  /** One line on this auth method. */
  description?: string;
  /** Static credential inputs (BASIC needs `username`, BEARER `token`, API_KEY `api_key`); default []. */
  fields: FieldDefinition[];
  /** Account-scoped values (e.g. a shop subdomain), asked before OAuth consent unless filled from the token response; default []. */
  account_fields: FieldDefinition[];
  /** Required for OAUTH, refused otherwise. */
  oauth_config?: OAuthConfig;
  /** Header carrying the credential instead of `Authorization`, e.g. `X-API-Key`. */
  auth_header_key_override?: string;
  /** Value transformations applied before the credential is sent. */
  auth_field_mutations?: AuthFieldMutation[];
}

/** A provider: display data, its auth patterns and the upstream base URL. */
export interface ProviderDefinition {
  /** Catalog key, `[a-z0-9_]+`; built-ins only (a custom provider's key comes from the API). */
  key?: string;
  /** Human-readable name, 1..100 characters. */
  display_name: string;
  /** What the provider connects to, ≤ 500 characters. */
  description?: string;
  /** Catalog grouping such as `crm` or `email`; built-ins only. */
  categories?: string[];
  /** Provider's API documentation (https); built-ins only. */
  docs_url?: string;
  /** 1..5 authentication options. */
  auth_patterns: AuthPattern[];
  /** https base URL proxied calls go to; `{{field}}` templates (a host, a host label or a path segment) are filled per connected account. */
  proxy_url: string;
  /** Must be true: every provider is reachable through the proxy. */
  proxy_enabled: true;
  /**
   * `MCP`: `proxy_url` is a remote MCP server's Streamable HTTP endpoint, and each connected
   * account's tools are imported from it (src/modules/mcp-connectors). Absent or `API`: a plain API.
   */
  kind?: 'API' | 'MCP';
}

/** OAuth settings with every optional extra resolved to its effective value. */
export type ResolvedOAuthConfig = Required<Omit<OAuthConfig, 'user_info_uri' | 'token_response'>> &
  Pick<OAuthConfig, 'user_info_uri'> & { token_response: Required<TokenResponsePaths> };

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') for (const v of Object.values(o)) deepFreeze(v);
  return Object.freeze(o);
};

/** Documented defaults for every optional part of a definition. */
export const DEFAULTS = deepFreeze({
  input_type: 'text' as InputType,
  field_required: false,
  scope_required: false,
  /** Header used when a pattern has no auth_header_key_override. */
  auth_header: 'Authorization',
  /** Prefix for OAUTH/BEARER credentials in the Authorization header absent a prefix mutation. */
  bearer_prefix: 'Bearer ',
  oauth: {
    pkce: true,
    token_endpoint_auth_method: 'client_secret_post' as const,
    scope_separator: ' ',
    scope_param: 'scope',
    refresh_token_rotates: false,
    user_info_id_path: 'sub',
    user_info_email_path: 'email',
    user_info_method: 'GET' as const,
    token_response: {
      access_token_path: 'access_token',
      refresh_token_path: 'refresh_token',
      expires_in_path: 'expires_in',
      scope_path: 'scope',
    },
  },
});

/** The OAuth config with defaults applied (new object; input untouched). */
export function resolveOAuthConfig(cfg: OAuthConfig): ResolvedOAuthConfig {
  const d = DEFAULTS.oauth;
  const tr = cfg.token_response ?? {};
  return {
    authorize_uri: cfg.authorize_uri,
    token_uri: cfg.token_uri,
    user_info_uri: cfg.user_info_uri,
    available_scopes: cfg.available_scopes.map((s) => ({ ...s })),
    pkce: cfg.pkce ?? d.pkce,
    token_endpoint_auth_method: cfg.token_endpoint_auth_method ?? d.token_endpoint_auth_method,
    scope_separator: cfg.scope_separator ?? d.scope_separator,
    scope_param: cfg.scope_param ?? d.scope_param,
    authorize_params: { ...cfg.authorize_params },
    token_request_params: { ...cfg.token_request_params },
    token_response: {
      access_token_path: tr.access_token_path ?? d.token_response.access_token_path,
      refresh_token_path: tr.refresh_token_path ?? d.token_response.refresh_token_path,
      expires_in_path: tr.expires_in_path ?? d.token_response.expires_in_path,
      scope_path: tr.scope_path ?? d.token_response.scope_path,
      account_field_paths: { ...tr.account_field_paths },
    },
    refresh_token_rotates: cfg.refresh_token_rotates ?? d.refresh_token_rotates,
    refresh_uri: cfg.refresh_uri ?? cfg.token_uri,
    user_info_id_path: cfg.user_info_id_path ?? d.user_info_id_path,
    user_info_email_path: cfg.user_info_email_path ?? d.user_info_email_path,
    user_info_method: cfg.user_info_method ?? d.user_info_method,
  };
}

/**
 * Read a dotted path (optionally ending in `|host`) from a JSON response; numbers become strings.
 * Returns undefined when absent, not scalar, or (for `|host`) not an https/http URL.
 */
export function readResponsePath(json: unknown, spec: string): string | undefined {
  const [path, filter] = spec.split('|');
  let cur: unknown = json;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (typeof cur === 'number' || typeof cur === 'bigint') cur = String(cur);
  if (typeof cur !== 'string' || cur === '') return undefined;
  if (filter !== 'host') return cur;
  try {
    const u = new URL(cur);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.host : undefined;
  } catch {
    return undefined;
  }
}
