/** Row shapes of the hosted login page (migration 0019); conventions as in schema.ts. */
export interface HostedLoginStateRow {
  /** The authorization server's interaction id: one row per login in progress. */
  interaction_uid: string;
  environment_id: string;
  /** Lower-cased, as typed on the email step. */
  email: string;
  /** The passwordless request (`pwl_…`) sent for this email; null before sending. */
  auth_request_id: string | null;
  /** Set once the email is proven and the person has several organizations to pick from. */
  user_id: string | null;
  /** JSON array of the organization ids offered on the pick page. */
  organization_choices: string | null;
  /** JSON array of RFC 8176 method references of the proof (`otp`, `magic_link`). */
  amr: string | null;
  /** JSON SignInIdentity of the method that proved the person (passwordless, or a social provider's). */
  identity: string | null;
  created_at: string;
  updated_at: string;
}

export interface HostedLoginTables {
  hosted_login_states: HostedLoginStateRow;
}
