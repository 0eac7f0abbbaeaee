import type { ConnectionRow } from '../../storage/schema.js';
import type { AuthType } from '../providers/definition/provider-definition.js';

/** Proxy timeout bounds and default, in milliseconds. */
export const TIMEOUT_MS = Object.freeze({ min: 1000, max: 300_000, default: 60_000 });

/**
 * What the `settings` JSON column holds. Every key is optional; absent means the default.
 * - `authorize_params`: extra OAuth authorize query parameters, merged over the provider's;
 * - `timeout_ms`: proxy timeout for calls through this connection (TIMEOUT_MS bounds);
 * - `client_secret_hint`: `••••` + the secret's last 4 characters, for display only;
 * - `proxy_url`: replaces the provider's proxy_url for this connection (GitHub Enterprise, a sandbox).
 */
export interface ConnectionSettings {
  authorize_params?: Record<string, string>;
  timeout_ms?: number;
  proxy_url?: string;
  client_secret_hint?: string;
}

/**
 * How far a connection is set up. COMPLETED: users can connect accounts (an OAUTH connection
 * with a client id and secret, or any static type, whose credentials come per account);
 * IN_PROGRESS: OAUTH with only one of client id / secret; DRAFT: OAUTH with neither.
 */
export type ConnectionStatus = 'DRAFT' | 'IN_PROGRESS' | 'COMPLETED';

/** An app connection as callers see it. Never holds the client secret, only whether one is set. */
export interface Connection {
  id: string;
  environmentId: string;
  /** Unique in the environment; the SDK's `connectionName`, the proto's `key_id`. */
  connectionName: string;
  providerKey: string;
  authType: AuthType;
  clientId: string | undefined;
  hasClientSecret: boolean;
  /** `••••abcd` when a secret is set. */
  clientSecretHint: string | undefined;
  scopes: string[];
  authorizeParams: Record<string, string>;
  timeoutMs: number;
  /** The connection's own proxy_url, when it overrides the provider's. */
  proxyUrl?: string;
  enabled: boolean;
  status: ConnectionStatus;
  createdAt: Date;
  updatedAt: Date;
}

export function parseSettings(json: string): ConnectionSettings {
  return JSON.parse(json || '{}') as ConnectionSettings;
}

export function connectionStatus(authType: string, hasClientId: boolean, hasClientSecret: boolean): ConnectionStatus {
  if (authType !== 'OAUTH' || (hasClientId && hasClientSecret)) return 'COMPLETED';
  return hasClientId || hasClientSecret ? 'IN_PROGRESS' : 'DRAFT';
}

export function connectionFromRow(row: ConnectionRow): Connection {
  const settings = parseSettings(row.settings);
  const hasClientSecret = row.client_secret_ciphertext !== null;
  return {
    id: row.id,
    environmentId: row.environment_id,
    connectionName: row.connection_name,
    providerKey: row.provider_key,
    authType: row.auth_type as AuthType,
    clientId: row.client_id ?? undefined,
    hasClientSecret,
    clientSecretHint: hasClientSecret ? settings.client_secret_hint : undefined,
    scopes: JSON.parse(row.scopes) as string[],
    authorizeParams: { ...settings.authorize_params },
    timeoutMs: settings.timeout_ms ?? TIMEOUT_MS.default,
    proxyUrl: settings.proxy_url,
    enabled: row.enabled === 1,
    status: connectionStatus(row.auth_type, !!row.client_id, hasClientSecret),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
