/** Row shapes of end-user sessions of app sign-in (migration 0017); conventions as in schema.ts. */
export interface UserSessionRow {
  /** `ses_…`, time-ordered (keyset pages). */
  id: string;
  environment_id: string;
  user_id: string;
  organization_id: string | null;
  client_id: string | null;
  status: 'active' | 'expired' | 'revoked' | 'logout';
  /** The idle window fixed at start from the policy then in force; null: no idle timeout. */
  idle_timeout_seconds: number | null;
  created_at: string;
  updated_at: string;
  last_active_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
  expired_at: string | null;
  logout_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface SessionTables {
  user_sessions: UserSessionRow;
}
