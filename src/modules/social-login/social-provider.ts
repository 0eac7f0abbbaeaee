import type { SocialProviderKind, SocialProviderRow } from '../../storage/schema-social-login.js';

/** Endpoint overrides (self-hosted IdPs, GitHub Enterprise, loopback fakes in tests). */
export interface SocialEndpoints {
  authorizationUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string;
  jwksUrl?: string;
  /** GitHub kind: the REST API base (`/user`, `/user/emails`). */
  apiUrl?: string;
}

/** A social provider as the API shows it: never the secret, only its hint. */
export interface SocialProvider {
  id: string;
  key: string;
  kind: SocialProviderKind;
  displayName: string;
  clientId: string;
  clientSecretHint: string;
  scopes: string[];
  enabled: boolean;
  issuer: string | undefined;
  endpoints: SocialEndpoints;
  createdAt: Date;
  updatedAt: Date;
}

export function socialProviderFromRow(row: SocialProviderRow): SocialProvider {
  return {
    id: row.id,
    key: row.provider_key,
    kind: row.kind,
    displayName: row.display_name,
    clientId: row.client_id,
    clientSecretHint: row.client_secret_hint,
    scopes: JSON.parse(row.scopes) as string[],
    enabled: row.enabled === 1,
    issuer: row.issuer ?? undefined,
    endpoints: JSON.parse(row.endpoints) as SocialEndpoints,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The wire (REST, CLI --json) shape: snake_case like the other /api/v1/agent-auth routes. */
export function socialProviderJson(p: SocialProvider): Record<string, unknown> {
  const e = p.endpoints;
  return {
    id: p.id,
    key: p.key,
    kind: p.kind,
    display_name: p.displayName,
    client_id: p.clientId,
    client_secret_hint: p.clientSecretHint,
    scopes: p.scopes,
    enabled: p.enabled,
    issuer: p.issuer ?? null,
    endpoints: {
      authorization_url: e.authorizationUrl ?? null,
      token_url: e.tokenUrl ?? null,
      userinfo_url: e.userinfoUrl ?? null,
      jwks_url: e.jwksUrl ?? null,
      api_url: e.apiUrl ?? null,
    },
    create_time: p.createdAt.toISOString(),
    update_time: p.updatedAt.toISOString(),
  };
}
