import type { ConnectedAccountRow } from '../../storage/schema.js';
import type { AuthType } from '../providers/definition/provider-definition.js';

export const ACCOUNT_STATUSES = ['PENDING_AUTH', 'PENDING_VERIFICATION', 'ACTIVE', 'EXPIRED', 'DISCONNECTED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** What sits (encrypted) in `credentials_ciphertext`. */
export type AccountCredentials =
  | { kind: 'oauth'; access_token: string; refresh_token?: string; token_type?: string; id_token?: string }
  | { kind: 'static'; fields: Record<string, string> };

/** A connected account without its secrets; those are read through `readAccountCredentials`. */
export interface ConnectedAccount {
  id: string;
  environmentId: string;
  connectionId: string;
  identifier: string;
  organizationId: string | undefined;
  userId: string | undefined;
  status: AccountStatus;
  authType: AuthType;
  hasCredentials: boolean;
  credentialsVersion: number;
  tokenExpiresAt: Date | undefined;
  scopes: string[];
  accountFields: Record<string, string>;
  apiConfig: Record<string, unknown>;
  authorizedUserId: string | undefined;
  authorizedUserEmail: string | undefined;
  lastUsedAt: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
}

const date = (s: string | null) => (s ? new Date(s) : undefined);

export function accountFromRow(row: ConnectedAccountRow): ConnectedAccount {
  return {
    id: row.id,
    environmentId: row.environment_id,
    connectionId: row.connection_id,
    identifier: row.identifier,
    organizationId: row.organization_id ?? undefined,
    userId: row.user_id ?? undefined,
    status: row.status as AccountStatus,
    authType: row.auth_type as AuthType,
    hasCredentials: row.credentials_ciphertext !== null,
    credentialsVersion: row.credentials_version,
    tokenExpiresAt: date(row.token_expires_at),
    scopes: JSON.parse(row.scopes),
    accountFields: JSON.parse(row.account_fields),
    apiConfig: JSON.parse(row.api_config),
    authorizedUserId: row.authorized_user_id ?? undefined,
    authorizedUserEmail: row.authorized_user_email ?? undefined,
    lastUsedAt: date(row.last_used_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
